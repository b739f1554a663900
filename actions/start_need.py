from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, reset_interview
from actions.interview_started import note_interview_started


class ActionStartNeed(BaseAction):
    """Clears the previous interview's answers before a new one (counted as started)."""

    def name(self) -> str:
        return "action_start_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        await note_interview_started(self.client, tracker, self.language(tracker))
        return reset_interview()
