"""What a user does with their needs after the interview (issue 9, "my needs"): list them with
where their referral stands, add information, withdraw one. Every step checks that the need
is the sender's own (404 otherwise, so that references cannot be probed)."""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from knowledge.errors import NotFound
from knowledge.models import Need, NeedNote, Referral, ReferralEvent
from knowledge.registry.follow_ups import stop_follow_ups_of_need
from knowledge.registry.needs import needs_of
from knowledge.schemas.user_steps import MyNeed, ProviderBrief

logger = logging.getLogger(__name__)
# Who made a change the user asked for, in a referral's history.
USER = "user"
WITHDRAWN = "withdrawn by the user"
# A referral in one of these is over: withdrawing leaves it alone.
FINISHED = ("closed", "declined", "transferred")


def own_need(session: Session, reference: str, sender_id: str) -> Need:
    need = session.scalar(
        select(Need)
        .where(Need.reference == reference, Need.sender_id == sender_id)
        .options(selectinload(Need.referrals).selectinload(Referral.events))
    )
    if need is None:
        raise NotFound(f"no need {reference} of this sender")
    return need


def _latest_referral(need: Need) -> Referral | None:
    return max(need.referrals, key=lambda r: (r.created_at, r.id), default=None)


def my_needs(session: Session, sender_id: str) -> list[MyNeed]:
    needs = needs_of(session, sender_id)
    ids = [n.id for n in needs]
    counted = session.execute(
        select(NeedNote.need_id, func.count()).where(NeedNote.need_id.in_(ids)).group_by(NeedNote.need_id)
    )
    notes: dict[int, int] = {need_id: count for need_id, count in counted}
    listed = []
    for need in needs:
        referral = _latest_referral(need)
        provider = referral.service_provider if referral else None
        listed.append(
            MyNeed(
                reference=need.reference or "",
                title=need.title,
                status=need.status,  # type: ignore[arg-type]
                created_at=need.created_at,
                consent_share=need.consent_share,
                referral_status=referral.status if referral else None,  # type: ignore[arg-type]
                provider=ProviderBrief(name=provider.name, based_in=provider.based_in) if provider else None,
                notes=notes.get(need.id, 0),
            )
        )
    return listed


def add_note(session: Session, reference: str, sender_id: str, text: str) -> Need:
    """Appends the user's words to the need; staff see them on the need's page."""
    need = own_need(session, reference, sender_id)
    session.add(NeedNote(need_id=need.id, text=text))
    need.updated_at = datetime.now(need.created_at.tzinfo)
    session.flush()
    logger.info("need %s: the user added information", reference)
    return need


@dataclass
class Withdrawn:
    need: Need
    closed: int
    # Referrals whose provider had been e-mailed: they are told.
    to_tell: list[Referral]
    follow_ups_stopped: int


def withdraw(session: Session, reference: str, sender_id: str) -> Withdrawn:
    """Closes the need and each of its open referrals (a `closed` step in the history, by the
    user), and stops its follow-ups."""
    need = own_need(session, reference, sender_id)
    need.status = "closed"
    to_tell = []
    closed = 0
    for referral in need.referrals:
        if referral.status in FINISHED:
            continue
        if any(e.status == "notified" for e in referral.events):
            to_tell.append(referral)
        referral.status = "closed"
        closed += 1
        session.add(ReferralEvent(referral_id=referral.id, status="closed", comment=WITHDRAWN, actor=USER))
    stopped = stop_follow_ups_of_need(session, need.id)
    session.flush()
    logger.info("need %s withdrawn by the user", reference)
    return Withdrawn(need, closed, to_tell, stopped)


def notes_of(session: Session, need_id: int) -> list[NeedNote]:
    return list(session.scalars(select(NeedNote).where(NeedNote.need_id == need_id).order_by(NeedNote.id)))
