"""Add information to a saved need: pick the need (the button names it), ask for the text in
`need_info_form`, append it to the need through the knowledge API."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError
from actions.need_steps import chosen_reference

FOUND = "info_target_found"


class ActionPickNeedInfo(BaseAction):
    def name(self) -> str:
        return "action_pick_need_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = chosen_reference(tracker)
        if reference is None:
            dispatcher.utter_message(response="utter_no_need_yet")
            return [SlotSet(FOUND, False)]
        return [SlotSet("info_reference", reference), SlotSet("need_info", None), SlotSet(FOUND, True)]


class ActionAskNeedInfo(BaseAction):
    """The form's question, naming the need."""

    def name(self) -> str:
        return "action_ask_need_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        dispatcher.utter_message(response="utter_ask_need_info", reference=tracker.get_slot("info_reference"))
        return []


class ActionAddNeedInfo(BaseAction):
    def name(self) -> str:
        return "action_add_need_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = str(tracker.get_slot("info_reference") or "")
        text = str(tracker.get_slot("need_info") or "").strip()
        done: list[Any] = [SlotSet("need_info", None), SlotSet(FOUND, False)]
        if not reference or not text:
            return done
        try:
            added = await self.client.add_note(reference, tracker.sender_id, text[:4096])
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return done
        if added is None:
            dispatcher.utter_message(response="utter_need_not_found")
        else:
            dispatcher.utter_message(response="utter_need_info_added", reference=reference)
        return done
