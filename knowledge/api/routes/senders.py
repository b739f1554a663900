"""What is stored about one sender, and its erasure ("what do you know about me", "delete my
data"). The sender id is in the path, which the access log redacts (knowledge/logs.py)."""

from typing import Annotated

from fastapi import APIRouter, Path

from knowledge.api.deps import SessionDep
from knowledge.registry import needs as registry
from knowledge.schemas.needs import SenderData, SenderDeleted

router = APIRouter(prefix="/api/senders", tags=["senders"])

# `:path` so that a sender id holding "/" (Rasa's REST channel lets the caller choose) works.
SenderPath = Annotated[str, Path(min_length=1, max_length=128)]


@router.get("/{sender_id:path}/data")
def sender_data(sender_id: SenderPath, session: SessionDep) -> SenderData:
    """Everything stored about the sender: their needs (newest first) and their referrals."""
    return registry.data_of(session, sender_id)


@router.delete("/{sender_id:path}/data")
def delete_sender_data(sender_id: SenderPath, session: SessionDep) -> SenderDeleted:
    """Deletes the sender's needs with their matches and referrals; says how many of each."""
    deleted = registry.delete_data_of(session, sender_id)
    session.commit()
    return deleted
