"""Pydantic models of one importable catalogue row per kind.

Validation needs the lexicon (known concepts), so the importer (`importer._validate`) passes it
as pydantic context. Messages are short and name the bad value: they are shown to the people who made
the file.
"""

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from knowledge.geo import get_region_book, is_country
from knowledge.vocab import ORG_TYPES, SECTORS

KINDS = ("technology", "finance", "training", "service")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_SPLIT = re.compile(r"[;,|]")
# One plain address: no display name, list or header characters.
Email = Annotated[str, Field(max_length=254, pattern=r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")]


def _as_list(value: Any) -> Any:
    """CSV cells hold lists as "a;b;c" (commas and pipes accepted too)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in _SPLIT.split(value) if part.strip()]
    return value


def _org_types(value: list[str]) -> list[str]:
    return _unknown(value, ORG_TYPES, "organisation type")


StrList = Annotated[list[str], BeforeValidator(_as_list)]
OrgTypeList = Annotated[list[str], BeforeValidator(_as_list), AfterValidator(_org_types)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Url = Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")]
# The columns are INTEGER: 32 bits on PostgreSQL.
Usd = Annotated[int, Field(ge=0, le=2**31 - 1)]


def _language_codes(values: list[str]) -> list[str]:
    bad = [v for v in values if not _LANGUAGE_CODE.match(v)]
    if bad:
        raise ValueError(f"not language codes: {', '.join(map(repr, bad))}")
    return values


def _unknown(values: list[str], known: Any, what: str) -> list[str]:
    bad = [v for v in values if v not in known]
    if bad:
        raise ValueError(f"unknown {what} {', '.join(repr(b) for b in bad)}")
    return values


class Translation(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: Name
    summary: str = Field(min_length=1, max_length=4000)


class ProviderRow(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: Name
    country: str | None = None
    url: Url | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not is_country(value):
            raise ValueError(f"unknown country code {value!r}")
        return value.upper() if value else None


class RowBase(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    external_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][\w.:/-]*$")
    name: Name
    summary: str = Field(min_length=1, max_length=4000)
    language: str = "en"
    source_url: Url | None = None
    illustrative: bool = False
    translations: dict[str, Translation] = Field(default_factory=dict)
    sectors: StrList = Field(default_factory=list)
    concepts: StrList = Field(default_factory=list)
    countries: StrList = Field(default_factory=list)
    regions: StrList = Field(default_factory=list)
    # Date the source was last checked (ISO, e.g. 2026-11-30).
    checked: datetime.date | None = None
    # "to_confirm" where the source does not say where it is sold or proven.
    availability: Literal["to_confirm"] | None = None

    @field_validator("checked")
    @classmethod
    def _checked(cls, value: datetime.date | None) -> datetime.date | None:
        # A day of slack for time zones: a partner may export "today" ahead of UTC.
        if value is not None and value > datetime.date.today() + datetime.timedelta(days=1):
            raise ValueError(f"date {value.isoformat()} is in the future")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not _LANGUAGE_CODE.match(value):
            raise ValueError(f"not a two- or three-letter language code: {value!r}")
        return value

    @field_validator("translations")
    @classmethod
    def _translation_languages(cls, value: dict[str, Translation]) -> dict[str, Translation]:
        bad = [lang for lang in value if not _LANGUAGE_CODE.match(lang)]
        if bad:
            raise ValueError(f"not language codes: {', '.join(map(repr, bad))}")
        return value

    @field_validator("sectors")
    @classmethod
    def _sectors(cls, value: list[str]) -> list[str]:
        return _unknown(value, SECTORS, "sector")

    @field_validator("concepts")
    @classmethod
    def _concepts(cls, value: list[str], info: ValidationInfo) -> list[str]:
        lexicon = (info.context or {}).get("lexicon")
        return value if lexicon is None else _unknown(value, lexicon, "concept")

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        upper = [v.upper() for v in value]
        bad = [v for v in upper if not is_country(v)]
        if bad:
            raise ValueError(f"unknown country code {', '.join(map(repr, bad))}")
        return upper

    @field_validator("regions")
    @classmethod
    def _regions(cls, value: list[str]) -> list[str]:
        return _unknown([v.lower() for v in value], get_region_book().region_ids, "region")

    @model_validator(mode="after")
    def _provenance_and_reach(self) -> "RowBase":
        if not self.source_url and not self.illustrative:
            raise ValueError(
                "a real programme needs source_url; mark examples with illustrative: true"
            )
        if not self.countries and not self.regions:
            raise ValueError("no availability: give countries or regions ('global' for all)")
        return self


def _range(low: int | None, high: int | None, what: str) -> None:
    if low is not None and high is not None and low > high:
        raise ValueError(f"{what}: minimum {low} is above maximum {high}")


class TechnologyRow(RowBase):
    kind: Literal["technology"] = "technology"
    provider: ProviderRow | None = None
    cost_min_usd: Usd | None = None
    cost_max_usd: Usd | None = None
    needs_grid: bool = False
    readiness: Literal["proven_commercial", "pilot"] = "proven_commercial"
    org_types: OrgTypeList = Field(default_factory=list)

    @field_validator("provider", mode="before")
    @classmethod
    def _provider_name_only(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _technology_rules(self) -> "TechnologyRow":
        if not self.sectors:
            raise ValueError("a technology needs at least one sector")
        _range(self.cost_min_usd, self.cost_max_usd, "cost")
        return self


class FinanceRow(RowBase):
    kind: Literal["finance"] = "finance"
    provider: Name
    instruments: StrList = Field(default_factory=list)
    amount_min_usd: Usd | None = None
    amount_max_usd: Usd | None = None
    eligible_org_types: OrgTypeList = Field(default_factory=list)
    how_to_apply: str | None = Field(default=None, max_length=4000)
    # "rolling", a date, or the programme's words ("yearly call, about January to March").
    deadline: str | None = Field(default=None, min_length=1, max_length=200)
    application_languages: StrList = Field(default_factory=list)

    @field_validator("deadline", mode="before")
    @classmethod
    def _deadline_text(cls, value: Any) -> Any:
        # YAML reads an unquoted 2027-03-31 as a date; store it as the ISO text it was.
        return value.isoformat() if isinstance(value, datetime.date) else value

    @field_validator("application_languages")
    @classmethod
    def _application_languages(cls, value: list[str]) -> list[str]:
        return _language_codes(value)

    @model_validator(mode="after")
    def _amounts(self) -> "FinanceRow":
        _range(self.amount_min_usd, self.amount_max_usd, "amount")
        return self


class TrainingRow(RowBase):
    kind: Literal["training"] = "training"
    provider: Name
    languages: StrList = Field(min_length=1)
    format: Literal["online", "in_person", "blended"] = "online"
    free: bool = True

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return _language_codes(value)


class ServiceRow(RowBase):
    kind: Literal["service"] = "service"
    service_kind: Literal["ip", "testing", "legal", "intermediary", "broker"]
    based_in: str | None = None
    languages: StrList = Field(default_factory=list)
    contact_url: Url | None = None
    # Referrals are announced to this address; one address, as a mail header can hold it.
    notify_email: Email | None = None

    @field_validator("based_in")
    @classmethod
    def _based_in(cls, value: str | None) -> str | None:
        if value is not None and not is_country(value):
            raise ValueError(f"unknown country code {value!r}")
        return value.upper() if value else None


ROW_MODELS: dict[str, type[RowBase]] = {
    "technology": TechnologyRow,
    "finance": FinanceRow,
    "training": TrainingRow,
    "service": ServiceRow,
}
# Names partners (and our own seed files) use for the same kinds.
KIND_ALIASES = {
    "technology": "technology",
    "technologies": "technology",
    "finance": "finance",
    "finance_offer": "finance",
    "finance_offers": "finance",
    "training": "training",
    "training_offer": "training",
    "training_offers": "training",
    "service": "service",
    "services": "service",
    "service_provider": "service",
    "service_providers": "service",
}
