from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.language import language_buttons


class ActionAskLanguage(BaseAction):
    """One button per supported language, each named in its own language."""

    def name(self) -> str:
        return "action_ask_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        dispatcher.utter_message(response="utter_ask_language", extra_buttons=language_buttons())
        return []
