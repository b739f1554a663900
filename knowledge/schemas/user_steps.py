"""What the bot sends and receives for "my needs", follow-ups and the funnel's first step."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.schemas.needs import LANGUAGE_MAX, LANGUAGE_PATTERN, MAX_TEXT
from knowledge.vocab import Channel, NeedStatus, ReferralStatus

FollowUpAnswer = Literal["helped", "waiting", "stop"]
FOLLOW_UP_ANSWERS: tuple[str, ...] = ("helped", "waiting", "stop")


class SenderRequest(BaseModel):
    """The sender the bot acts for: a need is changed only by the person who wrote it."""

    sender_id: str = Field(min_length=1, max_length=128)


class NoteCreate(SenderRequest):
    model_config = ConfigDict(str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=MAX_TEXT)


class FollowUpAnswerIn(SenderRequest):
    answer: FollowUpAnswer


class StartIn(BaseModel):
    """An interview started: no sender, only the language and the channel."""

    language: str = Field(max_length=LANGUAGE_MAX, pattern=LANGUAGE_PATTERN)
    channel: Channel


class ProviderBrief(BaseModel):
    name: str
    based_in: str | None = Field(description="ISO 3166-1 alpha-2 of where the provider is based")


class MyNeed(BaseModel):
    """One of the sender's needs as "my needs" lists it, with where its referral stands."""

    reference: str
    title: str
    status: NeedStatus
    created_at: datetime
    consent_share: bool
    referral_status: ReferralStatus | None
    provider: ProviderBrief | None
    notes: int


class StepDone(BaseModel):
    """What a user's step changed: the need's status now and how many referrals it closed or
    e-mailed."""

    reference: str
    status: NeedStatus
    referrals_closed: int = 0
    providers_emailed: int = 0
    follow_ups_stopped: int = 0
