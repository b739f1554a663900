"""Rasa's SQL tracker store, made to forget: "delete my data" deletes the conversation, and
`CONVERSATION_RETENTION_DAYS` removes events older than that many days.

Registered in `endpoints.yml` (SQLite) and `deploy/endpoints.scale.yml` (PostgreSQL) as
`tracker_store: type: bot.tracker_store.PrivateSQLTrackerStore`, with SQLTrackerStore's keys.

Three changes to Rasa 3.6's `SQLTrackerStore`:

- When a turn ends with the `FORGET_SLOT` marker set (by `action_delete_data`, once the user's
  needs, matches and referrals are gone), every stored event of that sender is deleted and
  nothing of the turn is written. Rasa saves once per turn, at its end, from the tracker it
  holds in memory; the parent's `save` writes "the events not yet in the database", which
  after a delete would be the whole conversation again, so the parent is not called at all.
- Retention: at most once an hour per process (and from `python -m bot.retention`), events
  older than the retention period are deleted, whatever their conversation.
- Which events are new is decided by finding the last stored event in the tracker, not by
  counting rows as the parent does: a retention run between a turn's read and its write
  lowers the count, and counting would then store events of that conversation twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from conversation.privacy import FORGET_SLOT, retention_days

logger = logging.getLogger(__name__)

DAY_SECONDS = 86400.0
PURGE_INTERVAL_SECONDS = 3600.0


def forget_requested(tracker: DialogueStateTracker) -> bool:
    """True when this turn set the marker: a stored tracker never holds it (see `save`)."""
    return any(isinstance(e, SlotSet) and e.key == FORGET_SLOT and e.value for e in tracker.events)


class PrivateSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that deletes a conversation on request and applies retention."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read once at start: a bad value stops Rasa with a clear message instead of failing
        # later on a user's turn.
        self.retention_days: int | None = retention_days()
        self._next_purge = 0.0

    async def save(self, tracker: DialogueStateTracker) -> None:
        if forget_requested(tracker):
            deleted = self.forget(tracker.sender_id)
            # No sender id here: it can be a phone number.
            logger.info("Deleted a conversation at its user's request (%d events).", deleted)
            return
        await super().save(tracker)
        self._purge_if_due()

    def forget(self, sender_id: str) -> int:
        """Delete every stored event of this sender; returns how many."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        return int(deleted)

    def cutoff(self, now: float | None = None) -> float | None:
        """Events stamped before this time are past retention (None: keep everything)."""
        if self.retention_days is None:
            return None
        return (time.time() if now is None else now) - self.retention_days * DAY_SECONDS

    def purge_expired(self, now: float | None = None) -> int:
        """Delete every event older than the retention period; returns how many."""
        cutoff = self.cutoff(now)
        if cutoff is None:
            return 0
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.timestamp < cutoff)
                .delete(synchronize_session=False)
            )
            session.commit()
        return int(deleted)

    def _purge_if_due(self) -> None:
        if self.retention_days is None or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + PURGE_INTERVAL_SECONDS
        try:
            deleted = self.purge_expired()
        except Exception:  # the user's turn is saved; retention runs again within the hour
            logger.exception("Retention: could not delete old conversation events.")
            return
        if deleted:
            logger.info("Retention: deleted %d conversation events older than %d days.",
                        deleted, self.retention_days)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The tracker's events after the last one stored for this sender, none past retention."""
        last = (
            session.query(self.SQLEvent.timestamp, self.SQLEvent.type_name)
            .filter(self.SQLEvent.sender_id == tracker.sender_id)
            .order_by(self.SQLEvent.id.desc())
            .first()
        )
        events = list(tracker.events)
        start = 0
        if last is not None:
            for index in range(len(events) - 1, -1, -1):
                # JSON keeps floats exactly, so a stored event's timestamp equals the loaded one.
                if events[index].timestamp == last.timestamp and events[index].type_name == last.type_name:
                    start = index + 1
                    break
            else:
                # Not a tracker this store handed out (built elsewhere): Rasa's own rule.
                return super()._additional_events(session, tracker)
        cutoff = self.cutoff()
        return iter([e for e in events[start:] if cutoff is None or (e.timestamp or 0) >= cutoff])

