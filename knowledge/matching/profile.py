"""What the matcher needs to know about a need, computed once per request."""

from dataclasses import dataclass

from knowledge.analysis.need_text import sector_of
from knowledge.geo import RegionBook
from knowledge.lexicon import Lexicon
from knowledge.lexicon.normalise import content_tokens
from knowledge.models import Need


@dataclass(frozen=True)
class NeedProfile:
    concepts: tuple[str, ...]
    sector: str | None
    country: str
    areas: tuple[str, ...]  # the country's region then its wider group
    org_type: str | None = None
    budget_band: str | None = None
    grid_access: str | None = None
    language: str = "en"
    query_tokens: tuple[str, ...] = ()

    @classmethod
    def from_need(cls, need: Need, lexicon: Lexicon, regions: RegionBook) -> "NeedProfile":
        concepts = tuple(lexicon.find(need.text))
        return cls(
            concepts=concepts,
            sector=need.sector or sector_of(need.text, need.language, list(concepts), lexicon),
            country=need.country,
            areas=tuple(regions.areas_of(need.country)),
            org_type=need.org_type,
            budget_band=need.budget_band,
            grid_access=need.grid_access,
            language=need.language.split("-")[0].lower(),
            query_tokens=tuple(content_tokens(need.text)),
        )
