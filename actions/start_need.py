from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, reset_interview


class ActionStartNeed(BaseAction):
    """Clears the previous interview's answers before a new one."""

    def name(self) -> str:
        return "action_start_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        return reset_interview()
