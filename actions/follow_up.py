"""The follow-up: the knowledge API plays EXTERNAL_follow_up when one is due
(knowledge/notify/follow_ups.py); the user answers in one tap (it helped, still waiting, stop
reminders) or types "stop reminders"; the answer is recorded on the need."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError
from actions.need_steps import chosen_reference, step_button
from conversation.utterances import ref

ANSWERS = ("helped", "waiting", "stop")
THANKS = {
    "helped": "utter_follow_up_helped",
    "waiting": "utter_follow_up_waiting",
    "stop": "utter_follow_up_stopped",
}
MY_NEEDS = ref("buttons.my_needs")


class ActionFollowUp(BaseAction):
    def name(self) -> str:
        return "action_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = next(tracker.get_latest_entity_values("need_reference"), None)
        if not reference:
            return []
        try:
            needs = await self.client.my_needs(tracker.sender_id)
        except KnowledgeError:
            return []  # asked again on the next due follow-up rather than half-said now
        need = next((n for n in needs if n["reference"] == reference), None)
        if need is None or need["status"] == "closed":
            return []
        buttons = [
            step_button(answer, "follow_up_answer", need_reference=reference, follow_up_answer=answer)
            for answer in ANSWERS
        ]
        dispatcher.utter_message(
            response="utter_follow_up", reference=reference, title=need["title"], extra_buttons=buttons
        )
        return []


class ActionFollowUpAnswer(BaseAction):
    def name(self) -> str:
        return "action_follow_up_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer = (
            "stop"
            if intent == "stop_reminders"
            else next(tracker.get_latest_entity_values("follow_up_answer"), None)
        )
        if answer not in ANSWERS:
            return []
        reference = chosen_reference(tracker)
        try:
            if reference is None and answer == "stop":
                needs = await self.client.my_needs(tracker.sender_id)
                reference = needs[0]["reference"] if needs else None
            done = (
                await self.client.answer_follow_up(reference, tracker.sender_id, answer)
                if reference
                else None
            )
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        if done is None and answer != "stop":
            dispatcher.utter_message(response="utter_need_not_found")
            return []
        dispatcher.utter_message(response=THANKS[answer], button=MY_NEEDS)
        return []
