"""Storing, listing and deleting needs. Logs carry references and codes, never the user's
words or sender ids (which can be phone numbers)."""

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.errors import NotFound
from knowledge.lexicon import Lexicon
from knowledge.models import Need, format_reference
from knowledge.registry.analysis import infer_sector
from knowledge.schemas.needs import NeedCreate

logger = logging.getLogger(__name__)


def create_need(session: Session, data: NeedCreate, lexicon: Lexicon) -> Need:
    need = Need(**data.model_dump(), status="submitted")
    if need.sector is None:
        need.sector = infer_sector(lexicon.find(need.text), lexicon)
    session.add(need)
    session.flush()  # assigns the id the reference is made from
    need.reference = format_reference(need.id)
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
    need = session.scalar(select(Need).where(Need.reference == reference.upper()))
    if need is None:
        raise NotFound(f"no need with reference {reference}")
    return need


def delete_needs_of(session: Session, sender_id: str) -> int:
    """The user's right to erasure: their needs, with what was shown and referred."""
    needs = needs_of(session, sender_id)
    for need in needs:
        session.delete(need)
    session.flush()
    if needs:
        logger.info("deleted %d needs at the user's request", len(needs))
    return len(needs)
