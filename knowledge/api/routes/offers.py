from typing import Annotated

from fastapi import APIRouter, Query

from knowledge.api.deps import LexiconDep, SessionDep
from knowledge.api.routes.params import Language, Reference
from knowledge.registry.matching import offers_for
from knowledge.registry.needs import get_need
from knowledge.schemas.results import Offers

router = APIRouter(prefix="/api/needs", tags=["matching"])


@router.get("/{reference}/offers")
def offers(
    reference: Reference,
    session: SessionDep,
    lexicon: LexiconDep,
    language: Language = None,
    limit: Annotated[int, Query(ge=1, le=20, description="per category")] = 5,
) -> Offers:
    """Finance the requester is eligible for, training that fits (in their language first),
    and IP, testing, legal and intermediary services for the need's country."""
    need = get_need(session, reference)
    return offers_for(session, need, language or need.language, limit, lexicon)
