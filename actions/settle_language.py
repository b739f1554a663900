from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.language import settled_state
from languages import DEFAULT, normalise_code


class ActionSettleLanguage(BaseAction):
    """Applies the steadiness rule after every user message, before anything is said.

    It is the ``language`` slot's custom mapping (bot/domain/core.yml), which Rasa's
    ``action_extract_slots`` runs after each user message; so a reply of any kind, including
    "not understood", comes in the settled language. It only sets slots.
    """

    def name(self) -> str:
        return "action_settle_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        state = settled_state(tracker)
        events = []
        if state.language != (normalise_code(tracker.get_slot("language")) or DEFAULT):
            events.append(SlotSet("language", state.language))
        if state.source == "request" and not tracker.get_slot("language_confirmed"):
            events.append(SlotSet("language_confirmed", True))
        return events
