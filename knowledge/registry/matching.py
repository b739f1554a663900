"""Matches and offers for a stored need, recording what was shown and why."""

from sqlalchemy.orm import Session

from knowledge.catalogue.queries import load_all
from knowledge.geo import get_region_book
from knowledge.lexicon import Lexicon
from knowledge.matching.offers import rank_finance, rank_services, rank_training
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.results import scored_result
from knowledge.matching.technologies import rank_technologies
from knowledge.models import FinanceOffer, Match, Need, ServiceProvider, Technology, TrainingOffer
from knowledge.schemas.results import MatchPage, Offers, Result


def _context(need: Need, language: str, lexicon: Lexicon) -> tuple[NeedProfile, ReasonMaker]:
    regions = get_region_book()
    return NeedProfile.from_need(need, lexicon, regions), ReasonMaker(lexicon, regions, language)


def _record(session: Session, need: Need, results: list[Result], first_rank: int) -> None:
    for rank, result in enumerate(results, start=first_rank):
        session.add(
            Match(
                need_id=need.id,
                item_kind=result.kind,
                item_id=result.id,
                rank=rank,
                score=result.score,
                reasons=[reason.model_dump() for reason in result.reasons],
            )
        )


def match_page(
    session: Session, need: Need, language: str, offset: int, limit: int, lexicon: Lexicon
) -> MatchPage:
    profile, reasons = _context(need, language, lexicon)
    ranked = rank_technologies(load_all(session, Technology), profile, lexicon, reasons)
    items = [scored_result(s, language) for s in ranked[offset : offset + limit]]
    _record(session, need, items, offset + 1)
    if items and need.status == "submitted":
        need.status = "matched"
    session.flush()
    return MatchPage(total=len(ranked), items=items)


def offers_for(session: Session, need: Need, language: str, limit: int, lexicon: Lexicon) -> Offers:
    profile, reasons = _context(need, language, lexicon)
    finance = rank_finance(load_all(session, FinanceOffer), profile, lexicon, reasons)
    training = rank_training(load_all(session, TrainingOffer), profile, lexicon, reasons)
    services = rank_services(load_all(session, ServiceProvider), profile, reasons)
    # Unlike technology matches, offers are not recorded as Match rows (contract): they are
    # recomputed from the need and the catalogue whenever asked.
    return Offers(
        finance=[scored_result(s, language) for s in finance[:limit]],
        training=[scored_result(s, language) for s in training[:limit]],
        services=[scored_result(s, language) for s in services[:limit]],
    )
