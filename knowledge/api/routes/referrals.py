from fastapi import APIRouter, status

from knowledge.api.deps import LexiconDep, SessionDep
from knowledge.api.routes.params import Language, Reference
from knowledge.registry.needs import get_need
from knowledge.registry.referrals import create_referral
from knowledge.schemas.needs import ReferralCreate, ReferralOut

router = APIRouter(prefix="/api/needs", tags=["referrals"])


@router.post("/{reference}/referrals", status_code=status.HTTP_201_CREATED)
def refer(
    reference: Reference,
    session: SessionDep,
    lexicon: LexiconDep,
    body: ReferralCreate | None = None,
    language: Language = None,
) -> ReferralOut:
    """Refers the need to a service provider; without an id, the best local intermediary.
    Refused (409) when the user did not agree to share the need."""
    need = get_need(session, reference)
    provider_id = body.service_provider_id if body else None
    referral = create_referral(session, need, provider_id, language or need.language, lexicon)
    session.commit()
    return referral
