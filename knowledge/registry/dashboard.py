"""What the dashboard shows and changes: needs filtered within what a person may see, one need
with its history, and a referral's next step (accept, decline, assign, a status with a comment)."""

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from knowledge.auth.accounts import Person, visible_needs
from knowledge.errors import NotFound
from knowledge.models import Need, Referral, ReferralEvent
from knowledge.vocab import REFERRAL_STATUSES

LIST_LIMIT = 500
COMMENT_MAX = 2000
# What the dashboard's buttons mean as statuses.
ACTIONS = {"accept": "in_review", "decline": "declined"}


@dataclass(frozen=True)
class NeedFilter:
    country: str | None = None
    sector: str | None = None
    language: str | None = None
    org_type: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None

    def active(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def filtered(query: Select[tuple[Need]], wanted: NeedFilter) -> Select[tuple[Need]]:
    for column in ("country", "sector", "language", "org_type", "status"):
        value = getattr(wanted, column)
        if value:
            query = query.where(getattr(Need, column) == value)
    if wanted.since:
        query = query.where(Need.created_at >= _start_of(wanted.since))
    if wanted.until:
        query = query.where(Need.created_at < _start_of(wanted.until + timedelta(days=1)))
    return query


def list_needs(session: Session, who: Person, wanted: NeedFilter) -> list[Need]:
    query = filtered(visible_needs(select(Need), who), wanted)
    return list(
        session.scalars(
            query.options(selectinload(Need.referrals))
            .order_by(Need.created_at.desc(), Need.id.desc())
            .limit(LIST_LIMIT)
        ).all()
    )


def all_needs(session: Session, who: Person, wanted: NeedFilter) -> list[Need]:
    """Every need the person may see under the filter, with what was shown (exports, reports)."""
    query = filtered(visible_needs(select(Need), who), wanted)
    options = (selectinload(Need.matches), selectinload(Need.referrals).selectinload(Referral.events))
    return list(session.scalars(query.options(*options).order_by(Need.id)).all())


def open_need(session: Session, who: Person, reference: str) -> Need:
    """The need with its matches and referral history; 404 (not 403) for one the person may not
    see, so that references cannot be probed."""
    need = session.scalar(
        visible_needs(select(Need), who)
        .where(Need.reference == reference)
        .options(
            selectinload(Need.matches),
            selectinload(Need.referrals).selectinload(Referral.events),
            selectinload(Need.referrals).selectinload(Referral.service_provider),
        )
    )
    if need is None:
        raise NotFound(f"no need {reference}")
    need.matches.sort(key=lambda m: (m.item_kind, m.rank))
    return need


def change_referral(
    session: Session,
    who: Person,
    referral_id: int,
    status: str | None,
    comment: str | None,
    assign_to_me: bool = False,
) -> tuple[Referral, bool]:
    """Applies one step and records it in the history; returns the referral and whether its
    status changed (then the user is told)."""
    referral = session.scalar(
        select(Referral).where(
            Referral.id == referral_id,
            Referral.need_id.in_(visible_needs(select(Need.id), who).scalar_subquery()),
        )
    )
    if referral is None:
        raise NotFound(f"no referral {referral_id}")
    if status is not None and status not in REFERRAL_STATUSES:
        raise ValueError(f"status must be one of {', '.join(REFERRAL_STATUSES)}")
    comment = (comment or "").strip()[:COMMENT_MAX] or None
    changed = status is not None and status != referral.status
    if changed:
        assert status is not None
        referral.status = status
    if assign_to_me:
        referral.assignee_id = who.id
    if changed or comment or assign_to_me:
        notes = [f"assigned to {who.username}" if assign_to_me else None, comment]
        note = " | ".join(n for n in notes if n) or None
        session.add(
            ReferralEvent(referral_id=referral.id, status=referral.status, comment=note, actor=who.username)
        )
    session.flush()
    return referral, changed
