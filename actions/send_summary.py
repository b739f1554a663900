from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError
from actions.need_record import answers_of, summary_lines
from conversation.utterances import ref


class ActionSendSummary(BaseAction):
    """Everything in one message: the need, its status and the matches shown."""

    def name(self) -> str:
        return "action_send_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = tracker.get_slot("need_reference")
        if not reference:
            dispatcher.utter_message(response="utter_no_need_yet")
            return []
        try:
            need = await self.client.need(reference)
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        language = self.language(tracker)
        status = (need or {}).get("status", "submitted")
        dispatcher.utter_message(
            response="utter_full_summary",
            reference=reference,
            title=tracker.get_slot("need_title") or (need or {}).get("title", ""),
            summary=summary_lines(answers_of(tracker), language),
            matches=list(tracker.get_slot("shown_matches") or []),
            status=ref(f"status.{status}"),
        )
        dispatcher.utter_message(response="utter_next_step")
        return []
