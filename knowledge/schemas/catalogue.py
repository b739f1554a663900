"""Catalogue entries as listed by the /api catalogue endpoints (full records, for partners
and the dashboard; the bot uses Results from matching instead)."""

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class EntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    external_id: str
    source_url: str | None
    illustrative: bool
    name: str
    summary: str
    language: str
    translations: dict[str, Any]
    sectors: list[str]
    concepts: list[str]
    countries: list[str]
    regions: list[str]
    checked: date | None
    availability: str | None
    updated_at: datetime


class ProviderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    country: str | None
    url: str | None


class TechnologyOut(EntryOut):
    provider: ProviderOut | None
    cost_min_usd: int | None
    cost_max_usd: int | None
    needs_grid: bool
    readiness: str
    org_types: list[str]


class FinanceOfferOut(EntryOut):
    provider: str
    instruments: list[str]
    amount_min_usd: int | None
    amount_max_usd: int | None
    eligible_org_types: list[str]
    how_to_apply: str | None
    deadline: str | None
    application_languages: list[str]


class TrainingOfferOut(EntryOut):
    provider: str
    languages: list[str]
    format: str
    free: bool


class ServiceProviderOut(EntryOut):
    kind: str
    based_in: str | None
    languages: list[str]
    contact_url: str | None


class Page(BaseModel, Generic[T]):
    total: int
    items: list[T]
