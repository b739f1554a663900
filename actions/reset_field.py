from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction


class ActionResetField(BaseAction):
    """Empties the field the user wants to change, so the interview asks it again."""

    def name(self) -> str:
        return "action_reset_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        field = next(tracker.get_latest_entity_values("field"), None)
        if field not in self.interview.names:
            return []
        return [SlotSet(field, None)]
