from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import understood
from actions.base import BaseAction, reset_interview
from actions.interview_started import note_interview_started
from actions.knowledge_client import KnowledgeError
from actions.language import language_for

logger = logging.getLogger(__name__)


class ActionGreet(BaseAction):
    """Greets in the language the channel or the first message suggests; a user with saved
    needs is offered them before a new interview starts. Whatever the first message already
    says ("Sannu, mu ƙungiyar manoman rogo ne a Najeriya") is kept, said back in one line, and
    not asked again."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        return await self.open_conversation(dispatcher, tracker)

    async def open_conversation(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[Any]:
        try:
            needs = await self.client.needs_of(tracker.sender_id)
        except KnowledgeError:
            logger.warning("knowledge API unavailable: greeting as a new user")
            needs = []
        switch = language_for(tracker, use_channel_hint=True)
        language = switch or self.language(tracker)
        events = [SlotSet("language", switch)] if switch else []
        found = understood.opening_answers(str(tracker.latest_message.get("text") or ""), language)
        if needs:
            dispatcher.utter_message(response="utter_welcome_back", count=len(needs), language=language)
            if "problem" not in found:
                return events + [SlotSet("returning_user", True)]
            # A returning user who already tells a new problem starts a new need with it.
        else:
            dispatcher.utter_message(response="utter_greet", language=language)
        if found:
            dispatcher.utter_message(response="utter_understood", facts=understood.facts(found, language),
                                     language=language)
        kept = [SlotSet(name, value) for name, value in found.items()]
        await note_interview_started(self.client, tracker, language)
        return events + reset_interview() + kept + [SlotSet("returning_user", False)]
