"""Storing, listing and deleting needs. Logs carry references and codes, never the user's
words or sender ids (which can be phone numbers)."""

import logging
from typing import Any

from sqlalchemy import CursorResult, Delete, delete, exists, select
from sqlalchemy.orm import Session

from knowledge.analysis.need_text import sector_of
from knowledge.errors import NotFound
from knowledge.lexicon import Lexicon
from knowledge.models import FollowUp, Match, Need, NeedNote, Referral, ReferralEvent
from knowledge.models.base import utcnow
from knowledge.registry.references import new_reference, normalise_reference
from knowledge.schemas.needs import NeedCreate, NeedOut, ReferralSummary, SenderData, SenderDeleted

logger = logging.getLogger(__name__)


def _unused_reference(session: Session) -> str:
    # 50 random bits rarely collide, but a million needs make it possible; the unique
    # constraint stays the last word should two requests pick the same one at once.
    while True:
        reference = new_reference()
        if not session.scalar(select(exists().where(Need.reference == reference))):
            return reference


def create_need(session: Session, data: NeedCreate, lexicon: Lexicon) -> Need:
    need = Need(**data.model_dump(), status="submitted")
    need.consent_at = need.consent_at or utcnow()
    if need.sector is None:
        need.sector = sector_of(need.text, need.language, lexicon.find(need.text), lexicon)
    need.reference = _unused_reference(session)
    session.add(need)
    session.flush()
    logger.info(
        "need %s stored (language=%s channel=%s country=%s sector=%s)",
        need.reference,
        need.language,
        need.channel,
        need.country,
        need.sector,
    )
    return need


def needs_of(session: Session, sender_id: str) -> list[Need]:
    statement = (
        select(Need)
        .where(Need.sender_id == sender_id)
        .order_by(Need.created_at.desc(), Need.id.desc())
    )
    return list(session.scalars(statement))


def get_need(session: Session, reference: str) -> Need:
    need = session.scalar(select(Need).where(Need.reference == normalise_reference(reference)))
    if need is None:
        raise NotFound(f"no need with reference {reference}")
    return need


def data_of(session: Session, sender_id: str) -> SenderData:
    """Everything stored about the sender: their needs and where each was referred."""
    needs = needs_of(session, sender_id)
    referrals = session.execute(
        select(Referral, Need.reference)
        .join(Need, Referral.need_id == Need.id)
        .where(Need.sender_id == sender_id)
        .order_by(Referral.created_at.desc(), Referral.id.desc())
    ).all()
    return SenderData(
        needs=[NeedOut.model_validate(n) for n in needs],
        referrals=[
            ReferralSummary(
                reference=reference or "",
                provider=referral.service_provider.name,
                status=referral.status,
                created_at=referral.created_at,
            )
            for referral, reference in referrals
        ],
    )


def delete_data_of(session: Session, sender_id: str) -> SenderDeleted:
    """The user's right to erasure: their needs, with what was shown and referred.

    Explicit deletes rather than the cascade, so the counts are exact and nothing depends on
    SQLite's foreign-key pragma."""
    mine = select(Need.id).where(Need.sender_id == sender_id).scalar_subquery()
    matches = _delete(session, delete(Match).where(Match.need_id.in_(mine)))
    # What the user added later, and the follow-ups asking how it went.
    _delete(session, delete(NeedNote).where(NeedNote.need_id.in_(mine)))
    _delete(session, delete(FollowUp).where(FollowUp.need_id.in_(mine)))
    # The history's comments may quote the user: they go with the referrals.
    theirs = select(Referral.id).where(Referral.need_id.in_(mine)).scalar_subquery()
    _delete(session, delete(ReferralEvent).where(ReferralEvent.referral_id.in_(theirs)))
    referrals = _delete(session, delete(Referral).where(Referral.need_id.in_(mine)))
    needs = _delete(session, delete(Need).where(Need.sender_id == sender_id))
    session.expire_all()
    if needs:
        logger.info("deleted %d needs at the user's request", needs)
    return SenderDeleted(needs=needs, matches=matches, referrals=referrals)


def _delete(session: Session, statement: Delete) -> int:
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        statement, execution_options={"synchronize_session": False}
    )
    return result.rowcount
