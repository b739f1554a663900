from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError


class ActionListNeeds(BaseAction):
    """The user's saved needs with their status, newest first."""

    def name(self) -> str:
        return "action_list_needs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        try:
            needs = await self.client.needs_of(tracker.sender_id)
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        if not needs:
            dispatcher.utter_message(response="utter_no_need_yet")
            return []
        dispatcher.utter_message(response="utter_needs_intro")
        for need in needs:
            dispatcher.utter_message(
                response="utter_need_list_item",
                reference=need["reference"],
                title=need["title"],
                status={"$": f"status.{need['status']}"},
            )
        dispatcher.utter_message(response="utter_help")
        latest = needs[0]
        return [SlotSet("need_reference", latest["reference"]), SlotSet("need_title", latest["title"])]
