from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, item_mark
from actions.knowledge_client import KnowledgeError

SECTIONS = (
    ("finance", "utter_finance_intro"),
    ("training", "utter_training_intro"),
    ("services", "utter_services_intro"),
)
PER_SECTION = 3


class ActionShowOffers(BaseAction):
    """Finance the user is eligible for, training that fits, and transfer services nearby."""

    def name(self) -> str:
        return "action_show_offers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = tracker.get_slot("need_reference")
        if not reference:
            dispatcher.utter_message(response="utter_no_need_yet")
            return []
        language = self.language(tracker)
        try:
            offers = await self.client.offers(reference, language)
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        for section, intro in SECTIONS:
            dispatcher.utter_message(response=intro)
            items = offers.get(section, [])[:PER_SECTION]
            if not items:
                dispatcher.utter_message(response="utter_no_offers")
            for item in items:
                dispatcher.utter_message(
                    response="utter_offer_item",
                    name=item["name"],
                    mark=item_mark(item, language),
                    provider=item.get("provider") or "-",
                    summary=item.get("summary") or "",
                    url=f"\n{item['url']}" if item.get("url") else "",
                )
        dispatcher.utter_message(response="utter_next_step")
        return []
