from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from languages import normalise_code


def chosen_language(tracker: Tracker) -> str | None:
    return normalise_code(next(tracker.get_latest_entity_values("language"), None))


class ActionSetLanguage(BaseAction):
    """The user tapped a language: speak it from now on, whatever detection says."""

    def name(self) -> str:
        return "action_set_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        language = chosen_language(tracker)
        if language is None:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(response="utter_language_set", language=language)
        return [SlotSet("language", language), SlotSet("language_confirmed", True)]
