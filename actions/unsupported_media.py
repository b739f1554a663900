from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, media_ref


class ActionUnsupportedMedia(BaseAction):
    """A clear answer to voice notes, pictures and other media the bot cannot read."""

    def name(self) -> str:
        return "action_unsupported_media"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        kind = next(tracker.get_latest_entity_values("media_kind"), "unknown")
        dispatcher.utter_message(response="utter_unsupported_media", media=media_ref(kind))
        return []
