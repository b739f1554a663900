from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction


class ActionLater(BaseAction):
    """Reminds the user of their reference number before they leave."""

    def name(self) -> str:
        return "action_later"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = tracker.get_slot("need_reference")
        if reference:
            dispatcher.utter_message(response="utter_later", reference=reference)
        else:
            dispatcher.utter_message(response="utter_goodbye")
        return []
