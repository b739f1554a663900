"""regions.yaml follows UN M49: one region per country, M49 groups, labels in every language."""

import pytest

from knowledge.geo import GLOBAL, get_region_book
from knowledge.vocab import LANGUAGES


@pytest.mark.parametrize(
    ("country", "areas"),
    [
        ("MW", ["east_africa", "africa"]),  # M49 Eastern Africa, not SADC's southern Africa
        ("ZM", ["east_africa", "africa"]),
        ("AO", ["central_africa", "africa"]),  # M49 Middle Africa
        ("ZA", ["southern_africa", "africa"]),
        ("IR", ["south_asia", "asia"]),
        ("JO", ["western_asia", "asia"]),
        ("MX", ["central_america", "americas"]),
        ("NO", ["northern_europe", "europe"]),  # "NO" must not be read as YAML false
        ("FJ", ["melanesia", "oceania"]),
    ],
)
def test_country_areas_follow_m49(country: str, areas: list[str]) -> None:
    assert get_region_book().areas_of(country) == areas


def test_every_region_and_group_has_a_label_in_every_language() -> None:
    book = get_region_book()
    groups = set(book.region_group.values()) | {GLOBAL}
    assert groups == {"africa", "americas", "asia", "europe", "oceania", GLOBAL}
    for region_id in book.region_ids:
        assert set(book.labels[region_id]) == set(LANGUAGES), region_id


def test_every_country_code_is_a_string() -> None:
    assert all(isinstance(code, str) and len(code) == 2 for code in get_region_book().country_region)
