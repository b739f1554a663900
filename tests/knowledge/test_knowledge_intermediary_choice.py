"""The intermediary a need is referred to (issue 9): one available in the need's country comes
before one of its region, whatever their sectors; between equals, one that works in the need's
sector comes before a generalist."""

from knowledge.geo import get_region_book
from knowledge.lexicon import Lexicon
from knowledge.matching.offers import rank_services
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.models import ServiceProvider


def _intermediary(
    id_: int, name: str, countries: list[str], regions: list[str], sectors: list[str]
) -> ServiceProvider:
    return ServiceProvider(
        id=id_,
        name=name,
        kind="intermediary",
        countries=countries,
        regions=regions,
        sectors=sectors,
        languages=["en"],
        based_in=None,
    )


def test_country_then_region_then_sector(lexicon: Lexicon) -> None:
    regions = get_region_book()
    profile = NeedProfile(
        concepts=(),
        sector="agriculture_food",
        country="KE",
        areas=tuple(regions.areas_of("KE")),
        language="en",
    )
    region = regions.areas_of("KE")[0]
    candidates = [
        _intermediary(1, "regional, in the sector", [], [region], ["agriculture_food"]),
        _intermediary(2, "national generalist", ["KE"], [], []),
        _intermediary(3, "national, in the sector", ["KE"], [], ["agriculture_food"]),
        _intermediary(4, "national, another sector", ["KE"], [], ["health"]),
    ]
    ranked = rank_services(candidates, profile, ReasonMaker(lexicon, regions, "en"))
    names = [s.entry.name for s in ranked]
    assert names[0] == "national, in the sector"
    assert names.index("regional, in the sector") == len(names) - 1
    assert {r.code for r in ranked[0].reasons} >= {"country", "sector"}
