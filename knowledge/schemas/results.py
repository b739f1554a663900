"""A `Result` is one catalogue item proposed for a need, with the reasons it was chosen."""

from datetime import date

from pydantic import BaseModel, Field

from knowledge.vocab import ItemKind, ReasonCode


class Reason(BaseModel):
    code: ReasonCode
    # Already localized in the requested language (concept labels, country names...).
    params: dict[str, str] = Field(default_factory=dict)


class Result(BaseModel):
    kind: ItemKind
    id: int
    name: str
    provider: str | None = None
    summary: str
    url: str | None = None
    illustrative: bool
    language: str = Field(description="language of name and summary")
    translated: bool = Field(description="name and summary come from a translation")
    score: float
    reasons: list[Reason] = Field(default_factory=list)
    category: str | None = Field(
        default=None, description="service kind (ip, testing, legal, intermediary, broker)"
    )
    checked: date | None = Field(default=None, description="date the source was last checked")
    availability: str | None = Field(
        default=None,
        description='"to_confirm": where it is sold or proven is unknown; confirm with a local partner',
    )
    deadline: str | None = Field(default=None, description="finance: rolling, a date or a call window")
    application_languages: list[str] = Field(
        default_factory=list, description="finance: languages an application may be written in"
    )


class MatchPage(BaseModel):
    total: int
    items: list[Result]


class Offers(BaseModel):
    finance: list[Result]
    training: list[Result]
    services: list[Result]
