from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction, reset_interview
from actions.knowledge_client import KnowledgeError
from actions.need_record import answers_of, summary_lines
from conversation.limits import TITLE_MAX

logger = logging.getLogger(__name__)


def fallback_title(problem: str) -> str:
    if len(problem) <= TITLE_MAX:
        return problem
    return problem[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


class ActionShowSummary(BaseAction):
    """Proposes a short title and shows the structured summary for confirmation."""

    def name(self) -> str:
        return "action_show_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        answers = answers_of(tracker)
        if answers.get("consent_store") is False:
            dispatcher.utter_message(response="utter_no_consent")
            return reset_interview()
        language = self.language(tracker)
        title, sector = fallback_title(str(answers.get("problem") or "")), None
        try:
            analysis = await self.client.analyse(str(answers.get("problem") or ""), language)
            title, sector = analysis.get("title") or title, analysis.get("sector")
        except KnowledgeError:
            logger.warning("knowledge API unavailable: title taken from the problem's first words")
        dispatcher.utter_message(
            response="utter_summary", title=title, summary=summary_lines(answers, language)
        )
        return [SlotSet("need_title", title), SlotSet("need_sector", sector)]
