from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, reset_interview
from actions.knowledge_client import KnowledgeUnavailable


class ActionDeleteData(BaseAction):
    """Deletes every need of this user and forgets their answers."""

    def name(self) -> str:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        try:
            count = await self.client.delete_needs_of(tracker.sender_id)
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_service_down")
            return []
        dispatcher.utter_message(response="utter_deleted", count=count)
        return reset_interview() + [SlotSet("returning_user", False)]
