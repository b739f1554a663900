from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, reset_interview
from actions.knowledge_client import KnowledgeError
from conversation.privacy import FORGET_SLOT

#: What the web widget receives (Rasa's socket.io channel emits `custom["data"]` as a
#: bot_uttered event): it clears the transcript it keeps in the browser.
CLEAR_TRANSCRIPT = {"data": {"tna": "data_deleted"}}


class ActionDeleteData(BaseAction):
    """Deletes everything stored about this user: needs, matches and referrals in the knowledge
    API, then the conversation itself (the tracker store acts on `FORGET_SLOT`)."""

    def name(self) -> str:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        try:
            deleted = await self.client.delete_sender_data(tracker.sender_id)
        except KnowledgeError:
            # Nothing is forgotten unless everything can be: the conversation stays, so the user
            # can simply ask again.
            dispatcher.utter_message(response="utter_service_down")
            return []
        dispatcher.utter_message(response="utter_deleted", count=int(deleted.get("needs", 0)))
        if self.channel(tracker) == "socketio":
            # Other channels would print this as text (Rasa's default send_custom_json).
            dispatcher.utter_message(json_message=CLEAR_TRANSCRIPT)
        return reset_interview() + [SlotSet("returning_user", False), SlotSet(FORGET_SLOT, True)]
