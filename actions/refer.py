from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError, KnowledgeRejected
from conversation.utterances import ref


class ActionRefer(BaseAction):
    """Sends the need to the nearest fitting intermediary (the knowledge API ranks them: in the
    country, then the region, then working in the need's sector), if the user agreed to share
    it, and says who they are and what happens next."""

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
        provider = referral["provider"]
        dispatcher.utter_message(
            response="utter_referral_proposed",
            reference=reference,
            provider=provider["name"],
            based=based_in(provider),
            about=first_sentence(provider.get("summary") or ""),
            contact=ref(f"options.contact_preference.{contact}"),
        )
        return []


# Who the partner is, in a line a phone screen shows whole.
ABOUT_MAX = 200


def first_sentence(summary: str) -> str:
    """The summary's first sentence, cut at a word if it is still long."""
    head = summary.strip().split(". ")[0].rstrip(".")
    if len(head) > ABOUT_MAX:
        head = head[:ABOUT_MAX].rsplit(" ", 1)[0] + "…"
    return head + "." if head and not head.endswith("…") else head


def based_in(provider: dict[str, Any]) -> str:
    """" (Kenya)" when the knowledge API says the partner is based in the user's country (the
    `local` reason, its country name already in the user's language), else nothing."""
    for reason in provider.get("reasons") or []:
        if reason.get("code") == "local" and reason.get("params", {}).get("country"):
            return f" ({reason['params']['country']})"
    return ""
