"""Needs as the bot sends and receives them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from conversation.limits import TITLE_MAX
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
# Every maximum length below equals its column's (knowledge/models/needs.py), so that a value
# the schema accepts always fits, on PostgreSQL too (SQLite does not enforce lengths).
LANGUAGE_MAX = 16
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
LanguageTag = str


class NeedFields(BaseModel):
    """What the user told us. Their sender id is not here: it goes in and never comes out."""

    model_config = ConfigDict(str_strip_whitespace=True)

    channel: Channel
    language: LanguageTag = Field(max_length=LANGUAGE_MAX, pattern=LANGUAGE_PATTERN)
    org_type: OrgType
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
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
    consent_at: datetime | None = Field(default=None, description="when the user agreed; default now")
    consent_version: str | None = Field(default=None, max_length=32, description="consent wording version")
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
    sender_id: str = Field(min_length=1, max_length=128)

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
    language: LanguageTag = Field(default="en", max_length=LANGUAGE_MAX, pattern=LANGUAGE_PATTERN)


class Analysis(BaseModel):
    title: str = Field(max_length=TITLE_MAX)
    sector: Sector | None
    concepts: list[str]


class ReferralCreate(BaseModel):
    # Bounded like the column (a 32-bit integer on PostgreSQL), so a huge id is a 422.
    service_provider_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class ReferralOut(BaseModel):
    id: int
    need_reference: str
    provider: Result
    status: ReferralStatus
    created_at: datetime


class ReferralSummary(BaseModel):
    """A referral as the user may see it: which need went to whom, and where it stands."""

    reference: str = Field(description="the need's reference")
    provider: str = Field(description="the service provider's name")
    status: ReferralStatus
    created_at: datetime


class SenderData(BaseModel):
    """Everything stored about one sender."""

    needs: list[NeedOut]
    referrals: list[ReferralSummary]


class SenderDeleted(BaseModel):
    """How many rows of each kind were deleted."""

    needs: int
    matches: int
    referrals: int
