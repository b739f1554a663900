from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, reset_interview
from actions.knowledge_client import KnowledgeError
from actions.language import language_for

logger = logging.getLogger(__name__)


class ActionGreet(BaseAction):
    """Greets in the language the channel or the first message suggests; a user with saved
    needs is offered them before a new interview starts."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        try:
            needs = await self.client.needs_of(tracker.sender_id)
        except KnowledgeError:
            logger.warning("knowledge API unavailable: greeting as a new user")
            needs = []
        switch = language_for(tracker, use_channel_hint=True)
        language = switch or self.language(tracker)
        events = [SlotSet("language", switch)] if switch else []
        if needs:
            dispatcher.utter_message(response="utter_welcome_back", count=len(needs), language=language)
            return events + [SlotSet("returning_user", True)]
        dispatcher.utter_message(response="utter_greet", language=language)
        return events + reset_interview() + [SlotSet("returning_user", False)]
