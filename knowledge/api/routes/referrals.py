from fastapi import APIRouter, BackgroundTasks, Request, Response, status

from knowledge.api.deps import LexiconDep, SessionDep
from knowledge.api.routes.params import Language, Reference
from knowledge.registry.needs import get_need
from knowledge.registry.referrals import create_referral, notify_provider
from knowledge.schemas.needs import ReferralCreate, ReferralOut

router = APIRouter(prefix="/api/needs", tags=["referrals"])


@router.post(
    "/{reference}/referrals",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": ReferralOut, "description": "already referred: the first referral"}},
)
def refer(
    reference: Reference,
    session: SessionDep,
    lexicon: LexiconDep,
    response: Response,
    request: Request,
    background: BackgroundTasks,
    body: ReferralCreate | None = None,
    language: Language = None,
) -> ReferralOut:
    """Refers the need to a service provider; without an id, the best local intermediary.
    The provider is e-mailed at once (when SMTP is set up and they have an address).
    Refused (409) when the user did not agree to share the need. Asked again for the same
    provider, answers 200 with the first referral instead of making another."""
    need = get_need(session, reference)
    provider_id = body.service_provider_id if body else None
    referral, created = create_referral(session, need, provider_id, language or need.language, lexicon)
    session.commit()
    if created:
        # After the response: the caller (the bot, mid-conversation) never waits for SMTP.
        background.add_task(
            notify_provider, request.app.state.session_factory, request.app.state.settings, referral.id
        )
    else:
        response.status_code = status.HTTP_200_OK
    return referral
