"""A `Result` is one catalogue item proposed for a need, with the reasons it was chosen."""

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


class MatchPage(BaseModel):
    total: int
    items: list[Result]


class Offers(BaseModel):
    finance: list[Result]
    training: list[Result]
    services: list[Result]
