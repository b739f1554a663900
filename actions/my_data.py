from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeError
from conversation.privacy import RetentionSettingError, retention_days
from conversation.utterances import lines, ref

logger = logging.getLogger(__name__)


def _date(value: Any) -> str:
    """The day of an ISO timestamp ("2026-11-30T08:00:00Z" -> "2026-11-30"): the same in every language."""
    return str(value or "")[:10]


class ActionMyData(BaseAction):
    """"What do you know about me": everything stored about the user, in their language."""

    def name(self) -> str:
        return "action_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        try:
            data = await self.client.sender_data(tracker.sender_id)
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        needs = [
            ref(
                "my_data.need",
                reference=n["reference"],
                title=n["title"],
                status=ref(f"status.{n['status']}"),
                date=_date(n.get("created_at")),
            )
            for n in data.get("needs", [])
        ]
        referrals = [
            ref(
                "my_data.referral",
                reference=r["reference"],
                provider=r["provider"],
                date=_date(r.get("created_at")),
            )
            for r in data.get("referrals", [])
        ]
        dispatcher.utter_message(
            response="utter_my_data",
            chat_language=ref("language_name"),
            needs=lines(needs) if needs else ref("my_data.none"),
            referrals=lines(referrals) if referrals else ref("my_data.none"),
            conversation=self.kept(),
        )
        return []

    @staticmethod
    def kept() -> dict[str, Any]:
        try:
            days = retention_days()
        except RetentionSettingError:  # the Rasa server refuses to start on it; say the safe thing
            logger.error("CONVERSATION_RETENTION_DAYS is invalid; telling the user conversations are kept.")
            days = None
        return ref("my_data.kept_days", days=days) if days else ref("my_data.kept")
