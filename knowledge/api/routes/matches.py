from typing import Annotated

from fastapi import APIRouter, Query

from knowledge.api.deps import LexiconDep, SessionDep
from knowledge.api.routes.params import Language, Reference
from knowledge.registry.matching import match_page, record_shown
from knowledge.registry.needs import get_need
from knowledge.schemas.results import MatchPage

router = APIRouter(prefix="/api/needs", tags=["matching"])

Offset = Annotated[int, Query(ge=0, le=10_000)]
Limit = Annotated[int, Query(ge=1, le=50)]


@router.get("/{reference}/matches")
def matches(
    reference: Reference,
    session: SessionDep,
    lexicon: LexiconDep,
    offset: Offset = 0,
    limit: Limit = 3,
    language: Language = None,
) -> MatchPage:
    """Technologies ranked for the need, with reasons. Reads only: see the POST to record."""
    need = get_need(session, reference)
    return match_page(session, need, language or need.language, offset, limit, lexicon)


@router.post("/{reference}/matches")
def show_matches(
    reference: Reference,
    session: SessionDep,
    lexicon: LexiconDep,
    offset: Offset = 0,
    limit: Limit = 3,
    language: Language = None,
) -> MatchPage:
    """The same page as the GET, recorded as shown to the user (what was shown and why).
    Idempotent: an item is recorded once per need, however often it is shown."""
    need = get_need(session, reference)
    page = match_page(session, need, language or need.language, offset, limit, lexicon)
    record_shown(session, need, page, offset + 1)
    session.commit()
    return page
