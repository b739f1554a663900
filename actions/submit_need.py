from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError
from actions.need_record import answers_of, is_complete, need_payload

logger = logging.getLogger(__name__)


class ActionSubmitNeed(BaseAction):
    """Stores the confirmed need and gives the user its reference number."""

    def name(self) -> str:
        return "action_submit_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        answers = answers_of(tracker)
        if not is_complete(answers):
            dispatcher.utter_message(response="utter_default")
            return []
        payload = need_payload(tracker, self.channel(tracker), self.language(tracker))
        try:
            need = await self.client.create_need(payload)
        except KnowledgeError:
            logger.warning("knowledge API unavailable: need not saved")
            dispatcher.utter_message(response="utter_save_failed")
            return []
        dispatcher.utter_message(response="utter_need_saved", reference=need["reference"])
        return [
            SlotSet("need_reference", need["reference"]),
            SlotSet("match_offset", 0),
            SlotSet("shown_matches", []),
        ]
