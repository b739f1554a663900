from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from conversation.utterances import ref

EDIT_PAYLOAD = '/edit_field{{"field": "{name}"}}'


class ActionAskEditField(BaseAction):
    """Offers every question of the interview as a button: the user changes just one."""

    def name(self) -> str:
        return "action_ask_edit_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        buttons = [
            {"title": ref(f"fields.{name}"), "payload": EDIT_PAYLOAD.format(name=name)}
            for name in self.interview.names
            if name not in ("consent_store",)
        ]
        dispatcher.utter_message(response="utter_ask_edit_field", extra_buttons=buttons)
        return []
