"""Loads the candidate entries of a need from the database, with their text relevance."""

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.lexicon import Lexicon
from knowledge.matching.profile import NeedProfile
from knowledge.models import CatalogueEntry, Technology
from knowledge.search.cache import search_indexes

E = TypeVar("E", bound=CatalogueEntry)


def candidates(
    session: Session, model: type[E], profile: NeedProfile, lexicon: Lexicon, at_least: int = 0
) -> tuple[list[E], list[float]]:
    """At most a few hundred entries (at least `at_least` when that many fit) in id order,
    and each one's relevance, for the existing scoring (knowledge.matching)."""
    found = search_indexes(session, lexicon).index(session, model).candidates(profile, at_least)
    if not found.ids:
        return [], []
    statement = select(model).where(model.id.in_(found.ids)).order_by(model.id)
    if model is Technology:
        statement = statement.options(selectinload(Technology.provider))
    entries = list(session.scalars(statement))
    return entries, [found.text.get(entry.id, 0.0) for entry in entries]
