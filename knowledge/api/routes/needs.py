from fastapi import APIRouter, Request, status

from knowledge.analysis.need_text import analyse
from knowledge.api.deps import LexiconDep, SessionDep
from knowledge.api.routes.params import Reference, SenderId
from knowledge.registry import needs as registry
from knowledge.registry.follow_ups import schedule as schedule_follow_up
from knowledge.schemas.needs import AnalyseRequest, Analysis, NeedCreate, NeedOut

router = APIRouter(prefix="/api/needs", tags=["needs"])


@router.post("/analyse")
def analyse_need(body: AnalyseRequest, lexicon: LexiconDep) -> Analysis:
    """Proposes a short title and a sector from the user's own words."""
    return analyse(body.text, body.language, lexicon)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_need(body: NeedCreate, session: SessionDep, lexicon: LexiconDep, request: Request) -> NeedOut:
    need = registry.create_need(session, body, lexicon)
    # "How did it go?" after FOLLOW_UP_DAYS (knowledge.notify.follow_ups sends it).
    schedule_follow_up(session, need, request.app.state.settings.follow_up_days)
    session.commit()
    return NeedOut.model_validate(need)


@router.get("")
def list_needs(sender_id: SenderId, session: SessionDep) -> list[NeedOut]:
    """The sender's needs, newest first."""
    return [NeedOut.model_validate(n) for n in registry.needs_of(session, sender_id)]


@router.get("/{reference}")
def get_need(reference: Reference, session: SessionDep) -> NeedOut:
    return NeedOut.model_validate(registry.get_need(session, reference))
