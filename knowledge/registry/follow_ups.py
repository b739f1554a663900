"""Follow-ups ("how did it go?") kept in the database, so they survive restarts of every
process and go out once however many API processes run: each due row is claimed with a
conditional UPDATE before it is sent."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import CursorResult, exists, select, update
from sqlalchemy.orm import Session

from knowledge.errors import NotFound
from knowledge.models import FollowUp, Need

logger = logging.getLogger(__name__)
# A follow-up Rasa refused (down, restarting) is tried again this much later.
RETRY_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class DueFollowUp:
    id: int
    sender_id: str
    reference: str


def _now() -> datetime:
    return datetime.now(timezone.utc)


def sender_stopped(session: Session, sender_id: str) -> bool:
    """True once the sender asked for no more reminders (on any of their needs)."""
    stopped = (
        select(FollowUp.id)
        .join(Need, FollowUp.need_id == Need.id)
        .where(Need.sender_id == sender_id, FollowUp.state == "stopped", FollowUp.answer == "stop")
    )
    return bool(session.scalar(select(exists(stopped))))


def schedule(session: Session, need: Need, days: float) -> FollowUp | None:
    """One follow-up `days` from now, unless follow-ups are off (0) or the sender stopped them."""
    if days <= 0 or sender_stopped(session, need.sender_id):
        return None
    follow_up = FollowUp(need_id=need.id, due_at=_now() + timedelta(days=days), state="scheduled")
    session.add(follow_up)
    session.flush()
    return follow_up


def claim_due(session: Session, now: datetime | None = None) -> list[DueFollowUp]:
    """The follow-ups due now, each marked sent by this caller alone (committed)."""
    now = now or _now()
    rows = session.execute(
        select(FollowUp.id, Need.sender_id, Need.reference)
        .join(Need, FollowUp.need_id == Need.id)
        .where(FollowUp.state == "scheduled", FollowUp.due_at <= now, Need.status != "closed")
        .order_by(FollowUp.due_at)
        .limit(100)
    ).all()
    claimed = []
    for follow_up_id, sender_id, reference in rows:
        result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
            update(FollowUp)
            .where(FollowUp.id == follow_up_id, FollowUp.state == "scheduled")
            .values(state="sent", sent_at=now)
        )
        if result.rowcount == 1:
            claimed.append(DueFollowUp(follow_up_id, sender_id, reference or ""))
    session.commit()
    return claimed


def release(session: Session, follow_up_id: int) -> None:
    """A follow-up that could not be delivered is scheduled again a little later."""
    session.execute(
        update(FollowUp)
        .where(FollowUp.id == follow_up_id, FollowUp.state == "sent")
        .values(state="scheduled", sent_at=None, due_at=_now() + RETRY_AFTER)
    )
    session.commit()


def stop_follow_ups_of_need(session: Session, need_id: int) -> int:
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(FollowUp)
        .where(FollowUp.need_id == need_id, FollowUp.state == "scheduled")
        .values(state="stopped")
    )
    return result.rowcount


def answer(session: Session, need: Need, given: str, days: float) -> int:
    """Records the answer on the need's latest follow-up. "waiting" asks again after the same
    delay; "stop" stops every follow-up of the sender (and none is scheduled for later needs).
    Returns how many follow-ups were stopped."""
    latest = session.scalar(
        select(FollowUp).where(FollowUp.need_id == need.id).order_by(FollowUp.id.desc()).limit(1)
    )
    if latest is None and given != "stop":
        raise NotFound(f"no follow-up for need {need.reference}")
    if latest is None:
        # "Stop reminders" before any was sent: kept as a stopped follow-up, which is the
        # sender's preference from now on.
        latest = FollowUp(need_id=need.id, due_at=_now())
        session.add(latest)
    latest.answer = given
    latest.answered_at = _now()
    latest.state = "stopped" if given == "stop" else "answered"
    stopped = 0
    if given == "stop":
        mine = select(Need.id).where(Need.sender_id == need.sender_id).scalar_subquery()
        result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
            update(FollowUp)
            .where(FollowUp.need_id.in_(mine), FollowUp.state == "scheduled")
            .values(state="stopped")
        )
        stopped = result.rowcount
    elif given == "waiting":
        session.flush()
        schedule(session, need, days)
    session.flush()
    logger.info("need %s: follow-up answered (%s)", need.reference, given)
    return stopped


def follow_ups_of(session: Session, need_id: int) -> list[FollowUp]:
    return list(session.scalars(select(FollowUp).where(FollowUp.need_id == need_id).order_by(FollowUp.id)))
