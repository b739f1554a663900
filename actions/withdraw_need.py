"""Withdraw a saved need: ask first (two buttons), then close it through the knowledge API,
which records the step in the referral history and e-mails a partner who had it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError
from actions.need_steps import chosen_reference, step_button
from conversation.utterances import button, ref


class ActionAskWithdraw(BaseAction):
    def name(self) -> str:
        return "action_ask_withdraw"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = chosen_reference(tracker)
        need = None
        try:
            needs = await self.client.my_needs(tracker.sender_id) if reference else []
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        need = next((n for n in needs if n["reference"] == reference and n["status"] != "closed"), None)
        if need is None:
            dispatcher.utter_message(response="utter_need_not_found")
            return []
        buttons = [
            step_button("withdraw_yes", "withdraw_confirm", need_reference=need["reference"]),
            button(ref("need_steps.buttons.keep"), "/cancel"),
        ]
        dispatcher.utter_message(
            response="utter_ask_withdraw",
            reference=need["reference"],
            title=need["title"],
            extra_buttons=buttons,
        )
        return []


class ActionWithdrawNeed(BaseAction):
    def name(self) -> str:
        return "action_withdraw_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = chosen_reference(tracker)
        if reference is None:
            dispatcher.utter_message(response="utter_need_not_found")
            return []
        try:
            needs = {n["reference"]: n for n in await self.client.my_needs(tracker.sender_id)}
            done = await self.client.withdraw(reference, tracker.sender_id)
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        if done is None:
            dispatcher.utter_message(response="utter_need_not_found")
        elif done["providers_emailed"]:
            provider = (needs.get(reference, {}).get("provider") or {}).get("name") or ""
            dispatcher.utter_message(
                response="utter_need_withdrawn_told", reference=reference, provider=provider
            )
        else:
            dispatcher.utter_message(response="utter_need_withdrawn", reference=reference)
        return []
