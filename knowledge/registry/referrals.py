"""Referring a need to a technology-transfer service, by default the best local intermediary."""

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.catalogue.queries import load_all
from knowledge.db import insert_new_rows
from knowledge.errors import Conflict, NotFound
from knowledge.geo import get_region_book
from knowledge.lexicon import Lexicon
from knowledge.matching.offers import rank_services
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.results import scored_result, to_result
from knowledge.models import Need, Referral, ReferralEvent, ServiceProvider
from knowledge.notify.mail import compose, send
from knowledge.schemas.needs import ReferralOut
from knowledge.schemas.results import Result
from knowledge.settings import Settings

logger = logging.getLogger(__name__)
# Who can take a need forward on the user's behalf, in order of preference.
REFERRAL_KINDS = ("intermediary", "broker")
# Who made an automatic change in a referral's history.
ASSISTANT = "assistant"


def create_referral(
    session: Session,
    need: Need,
    service_provider_id: int | None,
    language: str,
    lexicon: Lexicon,
) -> tuple[ReferralOut, bool]:
    """The referral, and whether it is new: a need already referred to the provider gets its
    first referral back rather than a second one."""
    if not need.consent_share:
        raise Conflict("the user has not agreed to share this need (consent_share is false)")
    regions = get_region_book()
    profile = NeedProfile.from_need(need, lexicon, regions)
    reasons = ReasonMaker(lexicon, regions, language)
    provider: ServiceProvider | None
    if service_provider_id is not None:
        provider = session.get(ServiceProvider, service_provider_id)
        if provider is None:
            raise NotFound(f"no service provider with id {service_provider_id}")
        ranked = rank_services([provider], profile, reasons)
        result: Result = (
            scored_result(ranked[0], language) if ranked else to_result(provider, language)
        )
    else:
        candidates = [s for s in load_all(session, ServiceProvider) if s.kind in REFERRAL_KINDS]
        ranked = rank_services(candidates, profile, reasons)
        if not ranked or not isinstance(ranked[0].entry, ServiceProvider):
            raise NotFound(f"no intermediary serves {need.country} yet")
        provider = ranked[0].entry
        result = scored_result(ranked[0], language)
    created = insert_new_rows(
        session, Referral, [{"need_id": need.id, "service_provider_id": provider.id, "status": "new"}]
    )
    referral = session.scalars(
        select(Referral).where(
            Referral.need_id == need.id, Referral.service_provider_id == provider.id
        )
    ).one()
    if created:
        need.status = "referred"
        session.add(ReferralEvent(referral_id=referral.id, status=referral.status, actor=ASSISTANT))
        logger.info("need %s referred to service provider %d", need.reference, provider.id)
    session.flush()
    out = ReferralOut(
        id=referral.id,
        need_reference=need.reference or "",
        provider=result,
        status=referral.status,  # type: ignore[arg-type]
        created_at=referral.created_at,
    )
    return out, bool(created)


def notify_provider(session_factory: sessionmaker[Session], settings: Settings, referral_id: int) -> bool:
    """E-mails the referral to its provider and marks it `notified`; run after the referral is
    committed (a background task), so it opens its own database session."""
    with session_factory() as session:
        referral = session.get(Referral, referral_id)
        if referral is None or referral.status != "new":
            return False
        provider = referral.service_provider
        if not provider.notify_email:
            logger.info("service provider %d has no notify_email: referral not e-mailed", provider.id)
            return False
        mail = compose(settings, referral.need, provider, provider.notify_email)
    if not send(settings, mail):
        return False
    with session_factory() as session:
        referral = session.get(Referral, referral_id)
        if referral is None or referral.status != "new":
            return True
        referral.status = "notified"
        comment = f"e-mailed in {mail.language}"
        session.add(
            ReferralEvent(referral_id=referral_id, status="notified", actor=ASSISTANT, comment=comment)
        )
        session.commit()
    logger.info("referral %d e-mailed to its service provider", referral_id)
    return True
