"""Sends the follow-ups that are due: every `FOLLOW_UP_POLL_SECONDS` the knowledge API claims
the due rows (knowledge.registry.follow_ups) and plays `EXTERNAL_follow_up` in each user's
conversation through Rasa, which asks "how did it go?" in their language on their channel.

Why not a Rasa reminder (`ReminderScheduled`)? Rasa 3.6 keeps reminders as jobs of an
in-memory APScheduler (rasa/core/jobs.py, `_schedule_reminders` in rasa/core/processor.py):
the event is stored in the tracker, but nothing schedules it again when Rasa restarts, and
with several Rasa replicas only the one that handled the turn would fire it. A row in the
knowledge database survives both."""

import asyncio
import logging

from sqlalchemy.orm import Session, sessionmaker

from knowledge.notify.user_updates import play_intent
from knowledge.registry.follow_ups import claim_due, release
from knowledge.settings import Settings

logger = logging.getLogger(__name__)
INTENT = "EXTERNAL_follow_up"


def deliver_due(session_factory: sessionmaker[Session], settings: Settings) -> int:
    """Sends every follow-up due now; returns how many Rasa accepted."""
    with session_factory() as session:
        due = claim_due(session)
    sent = 0
    for follow_up in due:
        what = f"follow-up for {follow_up.reference}"
        if play_intent(settings, follow_up.sender_id, INTENT, {"need_reference": follow_up.reference}, what):
            sent += 1
        else:
            with session_factory() as session:
                release(session, follow_up.id)
    if due:
        logger.info("follow-ups: %d due, %d sent", len(due), sent)
    return sent


async def follow_up_loop(session_factory: sessionmaker[Session], settings: Settings) -> None:
    """Runs until cancelled (the app's shutdown); a failing round is logged, never fatal."""
    while True:
        try:
            await asyncio.to_thread(deliver_due, session_factory, settings)
        except Exception:  # noqa: BLE001 - the loop must outlive a database hiccup
            logger.exception("follow-up round failed")
        await asyncio.sleep(settings.follow_up_poll_seconds)
