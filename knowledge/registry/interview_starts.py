"""The funnel's first step: interviews started, counted without saying whose."""

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.auth.accounts import Person
from knowledge.models import InterviewStart
from knowledge.registry.dashboard import NeedFilter


def record_start(session: Session, language: str, channel: str) -> None:
    session.add(InterviewStart(language=language, channel=channel))
    session.flush()


def count_starts(
    session: Session, language: str | None = None, since: date | None = None, until: date | None = None
) -> int:
    query = select(func.count()).select_from(InterviewStart)
    if language:
        query = query.where(InterviewStart.language == language)
    if since:
        query = query.where(
            InterviewStart.started_at >= datetime.combine(since, time.min, tzinfo=timezone.utc)
        )
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=timezone.utc)
        query = query.where(InterviewStart.started_at < end)
    return int(session.scalar(query) or 0)


def started_in_view(session: Session, who: Person, wanted: NeedFilter) -> int | None:
    """Interviews started, for a view of every need (an administrator with no country, sector,
    organisation or status filter); None for any other view, which they cannot be split by."""
    if not who.is_administrator or wanted.country or wanted.sector or wanted.org_type or wanted.status:
        return None
    return count_starts(session, wanted.language, wanted.since, wanted.until)
