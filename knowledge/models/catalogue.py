"""Catalogue tables: what the matcher can propose.

List-valued fields (sectors, concepts, countries, ...) are JSON columns: the catalogue is small
(hundreds to a few thousand rows) and is filtered in Python by the matcher, which keeps the
schema portable between SQLite and PostgreSQL.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from knowledge.models.base import Base, utcnow


class CatalogueEntry:
    """Columns every importable catalogue row has. Upserts key on (source, external_id)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128))
    source_url: Mapped[str | None] = mapped_column(String(500))
    # True for examples written for the seed catalogue rather than taken from a real programme.
    illustrative: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    # Language of name and summary; translations holds {lang: {"name": ..., "summary": ...}}.
    language: Mapped[str] = mapped_column(String(8), default="en")
    translations: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sectors: Mapped[list[str]] = mapped_column(default=list)
    concepts: Mapped[list[str]] = mapped_column(default=list)
    countries: Mapped[list[str]] = mapped_column(default=list)
    # Region ids from knowledge/geo/regions.yaml, including "global".
    regions: Mapped[list[str]] = mapped_column(default=list)
    # When the source page was last checked against this entry.
    checked: Mapped[date | None]
    # "to_confirm": the source does not say where it is sold or proven; results say "to confirm
    # with a local partner" instead of leaving the user out. None: availability as listed.
    availability: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Indexed: the latest update is the table's version for knowledge.search (read per request).
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (UniqueConstraint("source", "external_id"),)


class Provider(Base):
    __tablename__ = "providers"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    url: Mapped[str | None] = mapped_column(String(500))

    technologies: Mapped[list["Technology"]] = relationship(back_populates="provider")


class Technology(CatalogueEntry, Base):
    __tablename__ = "technologies"

    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("providers.id", ondelete="SET NULL")
    )
    cost_min_usd: Mapped[int | None]
    cost_max_usd: Mapped[int | None]
    needs_grid: Mapped[bool] = mapped_column(default=False)
    readiness: Mapped[str] = mapped_column(String(32), default="proven_commercial")
    # Empty means suitable for every organisation type.
    org_types: Mapped[list[str]] = mapped_column(default=list)

    provider: Mapped[Provider | None] = relationship(back_populates="technologies")


class FinanceOffer(CatalogueEntry, Base):
    __tablename__ = "finance_offers"

    provider: Mapped[str] = mapped_column(String(200))
    instruments: Mapped[list[str]] = mapped_column(default=list)
    amount_min_usd: Mapped[int | None]
    amount_max_usd: Mapped[int | None]
    # Empty means open to every organisation type.
    eligible_org_types: Mapped[list[str]] = mapped_column(default=list)
    how_to_apply: Mapped[str | None] = mapped_column(Text)
    # "rolling", a date or the programme's own words ("yearly call, about January to March").
    deadline: Mapped[str | None] = mapped_column(String(200))
    # Languages an application may be written in (empty: not stated).
    application_languages: Mapped[list[str]] = mapped_column(default=list)


class TrainingOffer(CatalogueEntry, Base):
    __tablename__ = "training_offers"

    provider: Mapped[str] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(default=list)
    format: Mapped[str] = mapped_column(String(16), default="online")
    free: Mapped[bool] = mapped_column(default=True)


class ServiceProvider(CatalogueEntry, Base):
    __tablename__ = "service_providers"

    kind: Mapped[str] = mapped_column(String(16))
    # Where the provider is based (for the "local" reason); `countries` is where it serves.
    based_in: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[list[str]] = mapped_column(default=list)
    contact_url: Mapped[str | None] = mapped_column(String(500))
    # Where a referral is announced by e-mail (knowledge.notify); none, and nobody is told.
    notify_email: Mapped[str | None] = mapped_column(String(254))
