from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, item_mark, reason_refs
from actions.knowledge_client import KnowledgeError

PAGE = 3


class ActionShowMatches(BaseAction):
    """The next three technologies for the need, each with the reasons it fits."""

    def name(self) -> str:
        return "action_show_matches"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        reference = tracker.get_slot("need_reference")
        if not reference:
            return []
        offset = int(tracker.get_slot("match_offset") or 0)
        language = self.language(tracker)
        try:
            page = await self.client.show_matches(reference, offset, PAGE, language)
        except KnowledgeError:
            dispatcher.utter_message(response="utter_service_down")
            return []
        items = page.get("items", [])
        if not items and offset == 0:
            # Nothing relevant enough: say so (the need counts as a gap in the catalogue) and
            # offer the local partner and the finance and training offers instead.
            dispatcher.utter_message(response="utter_no_matches")
            return []
        if not items:
            dispatcher.utter_message(response="utter_no_more_matches")
            dispatcher.utter_message(response="utter_after_last_matches")
            return []
        if offset == 0:
            dispatcher.utter_message(response="utter_matches_intro")
        for rank, item in enumerate(items, start=offset + 1):
            dispatcher.utter_message(
                response="utter_match_item",
                rank=rank,
                name=item["name"],
                mark=item_mark(item, language),
                provider=item.get("provider") or "-",
                summary=item.get("summary") or "",
                reasons=reason_refs(item.get("reasons", [])),
            )
        shown = offset + len(items)
        more = int(page.get("total", 0)) > shown
        dispatcher.utter_message(response="utter_after_matches" if more else "utter_after_last_matches")
        names = list(tracker.get_slot("shown_matches") or []) + [i["name"] for i in items]
        return [SlotSet("match_offset", shown), SlotSet("shown_matches", names)]
