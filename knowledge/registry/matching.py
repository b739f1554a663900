"""Matches and offers for a stored need, recording what was shown and why."""

from sqlalchemy.orm import Session

from knowledge.db import insert_new_rows
from knowledge.geo import get_region_book
from knowledge.lexicon import Lexicon
from knowledge.matching.offers import rank_finance, rank_services, rank_training
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.results import scored_result
from knowledge.matching.scoring import Scored
from knowledge.matching.technologies import rank_technologies
from knowledge.matching.words import shared_words
from knowledge.models import FinanceOffer, Match, Need, ServiceProvider, Technology, TrainingOffer
from knowledge.schemas.results import MatchPage, Offers
from knowledge.search.retrieval import candidates, whole_entries


def _context(need: Need, language: str, lexicon: Lexicon) -> tuple[NeedProfile, ReasonMaker]:
    regions = get_region_book()
    return NeedProfile.from_need(need, lexicon, regions), ReasonMaker(lexicon, regions, language)


def match_page(
    session: Session, need: Need, language: str, offset: int, limit: int, lexicon: Lexicon
) -> MatchPage:
    """Technologies ranked for the need; reads only."""
    profile, reasons = _context(need, language, lexicon)
    # Only the need's candidates are loaded and scored (knowledge.search), not the catalogue.
    found, text = candidates(session, Technology, profile, lexicon, at_least=offset + limit)
    ranked = rank_technologies(found, profile, lexicon, reasons, text_scores=text)
    shown = whole_entries(session, Technology, ranked[offset : offset + limit])
    for scored in shown:
        entry = scored.entry
        words = shared_words(need.text, entry.name, entry.summary, entry.translations)
        if words:
            scored.reasons.insert(_topic_reasons(scored), reasons.words(words))
    items = [scored_result(s, language) for s in shown]
    return MatchPage(total=len(ranked), items=items)


def _topic_reasons(scored: Scored) -> int:
    """Where the topic reasons (concepts, sector) end: the user's words come right after."""
    return sum(1 for reason in scored.reasons if reason.code in ("concept", "sector"))


def record_shown(session: Session, need: Need, page: MatchPage, first_rank: int) -> None:
    """Records the page as shown to the user. An item already recorded for the need keeps its
    first record (rank and reasons as first shown), so asking again adds nothing."""
    insert_new_rows(
        session,
        Match,
        [
            {
                "need_id": need.id,
                "item_kind": result.kind,
                "item_id": result.id,
                "rank": rank,
                "score": result.score,
                "reasons": [reason.model_dump() for reason in result.reasons],
            }
            for rank, result in enumerate(page.items, start=first_rank)
        ],
    )
    if page.items and need.status == "submitted":
        need.status = "matched"
    session.flush()


def offers_for(session: Session, need: Need, language: str, limit: int, lexicon: Lexicon) -> Offers:
    profile, reasons = _context(need, language, lexicon)
    finance_offers, text = candidates(session, FinanceOffer, profile, lexicon, limit)
    finance = rank_finance(finance_offers, profile, lexicon, reasons, text_scores=text)
    training_offers, text = candidates(session, TrainingOffer, profile, lexicon, limit)
    training = rank_training(training_offers, profile, lexicon, reasons, text_scores=text)
    services = rank_services(
        candidates(session, ServiceProvider, profile, lexicon, limit)[0], profile, reasons
    )
    # Unlike technology matches, offers are not recorded as Match rows (contract): they are
    # recomputed from the need and the catalogue whenever asked.
    finance = whole_entries(session, FinanceOffer, finance[:limit])
    training = whole_entries(session, TrainingOffer, training[:limit])
    services = whole_entries(session, ServiceProvider, services[:limit])
    return Offers(
        finance=[scored_result(s, language) for s in finance],
        training=[scored_result(s, language) for s in training],
        services=[scored_result(s, language) for s in services],
    )
