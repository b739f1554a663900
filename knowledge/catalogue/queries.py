"""Loading catalogue entries. The matcher filters in Python (see models/catalogue.py), so
these load whole tables; listings filter availability the same way the matcher does."""

from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from knowledge.geo import GLOBAL, get_region_book
from knowledge.models import CatalogueEntry, Technology

E = TypeVar("E", bound=CatalogueEntry)


def load_all(session: Session, model: type[E]) -> list[E]:
    statement = select(model).order_by(model.id)
    if model is Technology:
        statement = statement.options(selectinload(Technology.provider))
    return list(session.scalars(statement))


def count(session: Session, model: type[E]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def listing(
    session: Session,
    model: type[E],
    *,
    sector: str | None = None,
    country: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[E]]:
    entries = load_all(session, model)
    if sector:
        entries = [e for e in entries if sector in e.sectors]
    if country:
        areas = set(get_region_book().areas_of(country)) | {GLOBAL}
        entries = [e for e in entries if country in e.countries or areas & set(e.regions)]
    return len(entries), entries[offset : offset + limit]
