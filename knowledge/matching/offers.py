"""Ranks finance offers, training offers and technology-transfer services for a need."""

from collections.abc import Sequence

from knowledge.lexicon import Lexicon
from knowledge.matching.filters import (
    org_type_fits,
    sector_or_concept_fits,
    ticket_fits,
    where_available,
)
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.scoring import Scored, add_topic, add_where, ranked
from knowledge.matching.text_index import relevance
from knowledge.models import FinanceOffer, ServiceProvider, TrainingOffer

ELIGIBLE_BONUS = 0.5
TICKET_BONUS = 0.5
LANGUAGE_BONUS = 3.0
LOCAL_BONUS = 1.0
# Within the same reach (country, then region), an intermediary that works in the need's sector
# comes before a generalist; never enough to pass one that is closer.
SECTOR_BONUS = 0.25
# Services: the local intermediary is the one who turns a list into a transfer.
SERVICE_KIND_ORDER = ("intermediary", "broker", "ip", "testing", "legal")


def rank_finance(
    offers: Sequence[FinanceOffer],
    profile: NeedProfile,
    lexicon: Lexicon,
    reasons: ReasonMaker,
    text_scores: Sequence[float] | None = None,
) -> list[Scored]:
    if text_scores is None:
        text_scores = relevance(offers, profile.query_tokens, lexicon)
    results = []
    for offer, text in zip(offers, text_scores, strict=True):
        where = where_available(offer, profile)
        if where is None or not org_type_fits(offer.eligible_org_types, profile.org_type):
            continue
        ticket = ticket_fits(offer.amount_min_usd, offer.amount_max_usd, profile.budget_band)
        if ticket is False or not sector_or_concept_fits(offer, profile):
            continue
        scored = Scored(offer)
        add_topic(scored, profile, lexicon, reasons, text)
        if offer.eligible_org_types and profile.org_type:
            scored.add(ELIGIBLE_BONUS, reasons.eligible(profile.org_type))
        if ticket and profile.budget_band:
            scored.add(TICKET_BONUS, reasons.ticket(profile.budget_band))
        add_where(scored, where, reasons)
        results.append(scored)
    return ranked(results)


def rank_training(
    offers: Sequence[TrainingOffer],
    profile: NeedProfile,
    lexicon: Lexicon,
    reasons: ReasonMaker,
    text_scores: Sequence[float] | None = None,
) -> list[Scored]:
    if text_scores is None:
        text_scores = relevance(offers, profile.query_tokens, lexicon)
    results = []
    for offer, text in zip(offers, text_scores, strict=True):
        where = where_available(offer, profile)
        if where is None or not sector_or_concept_fits(offer, profile):
            continue
        scored = Scored(offer)
        # Training in the user's own language comes first wherever it exists.
        if profile.language in offer.languages:
            scored.add(LANGUAGE_BONUS, reasons.in_language(profile.language))
        add_topic(scored, profile, lexicon, reasons, text)
        add_where(scored, where, reasons)
        results.append(scored)
    return ranked(results)


def rank_services(
    services: Sequence[ServiceProvider], profile: NeedProfile, reasons: ReasonMaker
) -> list[Scored]:
    """Intermediaries first, then one of each other kind, then the rest; local ones first
    (available in the country, then in the region), then those that work in the need's sector."""
    by_kind: dict[str, list[Scored]] = {}
    for service in services:
        where = where_available(service, profile)
        if where is None:
            continue
        scored = Scored(service)
        if service.based_in == profile.country:
            scored.add(LOCAL_BONUS, reasons.local(profile.country))
        add_where(scored, where, reasons)
        if profile.language in service.languages:
            scored.add(0.5, reasons.in_language(profile.language))
        if profile.sector and profile.sector in service.sectors:
            scored.add(SECTOR_BONUS, reasons.sector(profile.sector))
        by_kind.setdefault(service.kind, []).append(scored)
    kinds = sorted(by_kind, key=lambda k: SERVICE_KIND_ORDER.index(k))
    best_of_each = [ranked(by_kind[k])[0] for k in kinds]
    rest = [s for k in kinds for s in ranked(by_kind[k])[1:]]
    return best_of_each + rest
