from typing import Annotated

from fastapi import APIRouter, Query

from knowledge.api.deps import LexiconDep, SessionDep
from knowledge.api.routes.params import Language, Reference
from knowledge.registry.matching import match_page
from knowledge.registry.needs import get_need
from knowledge.schemas.results import MatchPage

router = APIRouter(prefix="/api/needs", tags=["matching"])


@router.get("/{reference}/matches")
def matches(
    reference: Reference,
    session: SessionDep,
    lexicon: LexiconDep,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=50)] = 3,
    language: Language = None,
) -> MatchPage:
    """Technologies ranked for the need, with reasons; the page returned is recorded."""
    need = get_need(session, reference)
    page = match_page(session, need, language or need.language, offset, limit, lexicon)
    session.commit()
    return page
