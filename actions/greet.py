from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, reset_interview
from actions.knowledge_client import KnowledgeUnavailable

logger = logging.getLogger(__name__)


class ActionGreet(BaseAction):
    """Greets; a user with saved needs is offered them before a new interview starts."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        try:
            needs = await self.client.needs_of(tracker.sender_id)
        except KnowledgeUnavailable:
            logger.warning("knowledge API unavailable: greeting as a new user")
            needs = []
        if needs:
            dispatcher.utter_message(response="utter_welcome_back", count=len(needs))
            return [SlotSet("returning_user", True)]
        dispatcher.utter_message(response="utter_greet")
        return reset_interview() + [SlotSet("returning_user", False)]
