"""Needs as the bot sends and receives them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from knowledge.geo import is_country
from knowledge.schemas.results import Result
from knowledge.vocab import (
    BudgetBand,
    Channel,
    ContactPreference,
    GridAccess,
    NeedStatus,
    OrgType,
    ReferralStatus,
    Sector,
    SupportSought,
    WaterAccess,
)

# Messages longer than this are refused by the channels too (DESIGN.md section 8).
MAX_TEXT = 4096
LanguageTag = str


class NeedFields(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    sender_id: str = Field(min_length=1, max_length=128)
    channel: Channel
    language: LanguageTag = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
    org_type: OrgType
    country: str = Field(description="ISO 3166-1 alpha-2")
    region: str | None = Field(default=None, max_length=100, description="within the country")
    problem: str = Field(min_length=1, max_length=MAX_TEXT)
    current_practice: str | None = Field(default=None, max_length=MAX_TEXT)
    desired_outcome: str | None = Field(default=None, max_length=MAX_TEXT)
    scale: str | None = Field(default=None, max_length=500)
    budget_band: BudgetBand | None = None
    grid_access: GridAccess | None = None
    water_access: WaterAccess | None = None
    support_sought: list[SupportSought] = Field(default_factory=list)
    consent_store: bool
    consent_share: bool = False
    contact_preference: ContactPreference | None = None
    title: str = Field(min_length=1, max_length=120)
    sector: Sector | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _iso_country(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().upper()
            if not is_country(value):
                raise ValueError("not an ISO 3166-1 alpha-2 country code")
        return value


class NeedCreate(NeedFields):
    @field_validator("consent_store")
    @classmethod
    def _stored_only_with_consent(cls, value: bool) -> bool:
        if not value:
            raise ValueError("a need is stored only with the user's consent (consent_store)")
        return value


class NeedOut(NeedFields):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    status: NeedStatus
    created_at: datetime


class AnalyseRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    language: LanguageTag = Field(default="en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class Analysis(BaseModel):
    title: str = Field(max_length=60)
    sector: Sector | None
    concepts: list[str]


class Deleted(BaseModel):
    deleted: int


class ReferralCreate(BaseModel):
    service_provider_id: int | None = None


class ReferralOut(BaseModel):
    id: int
    need_reference: str
    provider: Result
    status: ReferralStatus
    created_at: datetime
