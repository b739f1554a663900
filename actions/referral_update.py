from __future__ import annotations

from typing import Any, get_args

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from conversation.utterances import ref
from knowledge.vocab import ReferralStatus

# A status outside the knowledge API's vocabulary is not news we know how to word.
KNOWN = get_args(ReferralStatus)


class ActionReferralUpdate(BaseAction):
    """Tells the user that the dashboard moved their referral on (the knowledge API plays the
    EXTERNAL_referral_update intent through Rasa's trigger_intent API), in their language."""

    def name(self) -> str:
        return "action_referral_update"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = next(tracker.get_latest_entity_values("need_reference"), None)
        status = next(tracker.get_latest_entity_values("referral_status"), None)
        if not reference or status not in KNOWN:
            return []
        dispatcher.utter_message(
            response="utter_referral_update",
            reference=reference,
            status=ref(f"referral_status.{status}"),
        )
        return []
