"""Reads a need's candidates from the database: first only the columns the scoring uses (a
few hundred small rows), then whole entries for the page that is shown."""

from types import SimpleNamespace
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.lexicon import Lexicon
from knowledge.matching.profile import NeedProfile
from knowledge.matching.scoring import Scored
from knowledge.models import (
    CatalogueEntry,
    FinanceOffer,
    Provider,
    ServiceProvider,
    Technology,
    TrainingOffer,
)
from knowledge.search.cache import search_indexes

E = TypeVar("E", bound=CatalogueEntry)

_COMMON = ("id", "concepts", "sectors", "countries", "regions")
# What filters.py, scoring.py, technologies.py and offers.py read of an entry.
_SCORED: dict[type[CatalogueEntry], tuple[str, ...]] = {
    Technology: (*_COMMON, "org_types", "cost_min_usd", "needs_grid", "readiness"),
    FinanceOffer: (*_COMMON, "eligible_org_types", "amount_min_usd", "amount_max_usd"),
    TrainingOffer: (*_COMMON, "languages"),
    ServiceProvider: (*_COMMON, "kind", "based_in", "languages"),
}


def candidates(
    session: Session, model: type[E], profile: NeedProfile, lexicon: Lexicon, at_least: int = 0
) -> tuple[list[E], list[float]]:
    """At most a few hundred entries (at least `at_least` when that many fit) in id order, and
    each one's relevance. They carry only what the scoring reads (duck-typed entries): pass the
    ranked ones that are shown to `whole_entries`."""
    found = search_indexes(session, lexicon).index(session, model).candidates(profile, at_least)
    if not found.ids:
        return [], []
    columns = [getattr(model, name) for name in _SCORED[model]]
    statement = select(*columns).where(model.id.in_(found.ids)).order_by(model.id)
    if model is Technology:
        statement = statement.add_columns(Provider.country.label("provider_country")).outerjoin(
            Provider, Technology.provider_id == Provider.id
        )
    entries: list[Any] = []
    for row in session.execute(statement):
        values = row._asdict()
        if model is Technology:
            country = values.pop("provider_country")
            values["provider"] = SimpleNamespace(country=country) if country else None
        entries.append(SimpleNamespace(**values))
    return entries, [found.text.get(entry.id, 0.0) for entry in entries]


def whole_entries(session: Session, model: type[CatalogueEntry], ranked: list[Scored]) -> list[Scored]:
    """The same results with their database entries (for names, summaries, translations)."""
    if not ranked:
        return []
    statement = select(model).where(model.id.in_([s.entry.id for s in ranked]))
    if model is Technology:
        statement = statement.options(selectinload(Technology.provider))
    by_id = {entry.id: entry for entry in session.scalars(statement)}
    return [Scored(by_id[s.entry.id], s.score, s.reasons, s.topic) for s in ranked if s.entry.id in by_id]
