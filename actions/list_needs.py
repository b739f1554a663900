from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError
from actions.need_steps import need_buttons, next_step_ref, status_ref

# Needs listed with their own buttons; older ones are listed by reference and status only.
WITH_BUTTONS = 3


class ActionListNeeds(BaseAction):
    """The user's saved needs, newest first: status, the next step, and buttons to add
    information or withdraw each open one."""

    def name(self) -> str:
        return "action_list_needs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        try:
            needs = await self.client.my_needs(tracker.sender_id)
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        if not needs:
            dispatcher.utter_message(response="utter_no_need_yet")
            return []
        dispatcher.utter_message(response="utter_needs_intro")
        for rank, need in enumerate(needs):
            dispatcher.utter_message(
                response="utter_my_need_item",
                reference=need["reference"],
                title=need["title"],
                status=status_ref(need),
                next_step=next_step_ref(need),
                extra_buttons=need_buttons(need) if rank < WITH_BUTTONS else [],
            )
        dispatcher.utter_message(response="utter_help")
        latest = needs[0]
        return [SlotSet("need_reference", latest["reference"]), SlotSet("need_title", latest["title"])]
