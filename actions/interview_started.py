"""Counts an interview start for the dashboard's funnel: only the language and the channel go
to the knowledge API, never who started it. A failure never stops the conversation."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker

from actions.knowledge_client import KnowledgeClient, KnowledgeError

logger = logging.getLogger(__name__)


async def note_interview_started(client: KnowledgeClient, tracker: Tracker, language: str) -> None:
    channel = str(tracker.get_latest_input_channel() or "rest")
    try:
        await client.interview_started(language, channel)
    except KnowledgeError as error:
        logger.info("interview start not counted: %s", error)
