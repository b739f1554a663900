from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError, KnowledgeRejected


class ActionRefer(BaseAction):
    """Sends the need to the best local intermediary, if the user agreed to share it."""

    def name(self) -> str:
        return "action_refer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = tracker.get_slot("need_reference")
        if not reference:
            dispatcher.utter_message(response="utter_no_need_yet")
            return []
        if not tracker.get_slot("consent_share"):
            dispatcher.utter_message(response="utter_referral_no_consent")
            return []
        try:
            referral = await self.client.refer(reference)
        except KnowledgeRejected as refused:
            # 409: the stored need says the user did not agree to share it.
            no_consent = refused.status_code == 409
            response = "utter_referral_no_consent" if no_consent else "utter_service_down"
            dispatcher.utter_message(response=response)
            return []
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        if not referral:
            dispatcher.utter_message(response="utter_referral_failed")
            return []
        contact = tracker.get_slot("contact_preference") or "same_channel"
        dispatcher.utter_message(
            response="utter_referral_done",
            reference=reference,
            provider=referral["provider"]["name"],
            contact={"$": f"options.contact_preference.{contact}"},
        )
        return []
