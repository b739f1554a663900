from __future__ import annotations

import pytest

from actions import answers
from conversation.interview import load_interview
from conversation.messages import default_catalogue

FIELDS = load_interview()
CATALOGUE = default_catalogue()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('/choose{"value": "ngo"}', "ngo"),
        ("2", "farmer_cooperative"),
        ("small business", "sme"),
        ("Small Busines", "sme"),
        ("SME", "sme"),
        ('/choose{"value": "bank"}', None),
        ("9", None),
        ("banana", None),
    ],
)
def test_choice(typed: str, expected: str | None) -> None:
    assert answers.parse_choice(typed, FIELDS["org_type"], "en", CATALOGUE) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20000", "5k-50k"),
        ("$20,000", "5k-50k"),
        ("about 3000 dollars", "<5k"),
        ("1.5 million", "250k-2.5M"),
        ("300k", "250k-2.5M"),
        ("10 million", ">2.5M"),
        ("I don't know", "unknown"),
        ('/choose{"value": "50k-250k"}', "50k-250k"),
        ("abc", None),
    ],
)
def test_budget(typed: str, expected: str | None) -> None:
    assert answers.parse_budget(typed, FIELDS["budget_band"], "en", CATALOGUE) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 and 3", ["technology", "training"]),
        ("money, training", ["finance", "training"]),
        ('/choose{"value": "all"}', ["technology", "finance", "training", "ip_legal", "partner"]),
        ("6", ["technology", "finance", "training", "ip_legal", "partner"]),
        ("pizza and cake", None),
    ],
)
def test_multi(typed: str, expected: list[str] | None) -> None:
    assert answers.parse_multi(typed, FIELDS["support_sought"], "en", CATALOGUE) == expected


@pytest.mark.parametrize(
    ("typed", "lang", "expected"),
    [
        ("Kenya", "en", "KE"),
        ("Kenia", "es", "KE"),
        ("Kenua", "en", "KE"),
        ("ke", "en", "KE"),
        ("Côte d'Ivoire", "en", "CI"),
        ("Tanzania", "en", "TZ"),
        ("Sénégal", "fr", "SN"),
        ("Narnia", "en", None),
        ("", "en", None),
    ],
)
def test_country(typed: str, lang: str, expected: str | None) -> None:
    assert answers.parse_country(typed, lang) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("yes", True),
        ("Yes!", True),
        ("ok", True),
        ("no", False),
        ('/choose{"value": "no"}', False),
        ("maybe", None),
    ],
)
def test_yes_no(typed: str, expected: bool | None) -> None:
    assert answers.parse_yes_no(typed, "en", CATALOGUE) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/go_back", "back"),
        ("/back", "back"),
        ("Back", "back"),
        ("skip", "skip"),
        ("/start_over", "restart"),
        ("start again", "restart"),
        ("help", "help"),
        ("we went back to the farm", None),
    ],
)
def test_moves(typed: str, expected: str | None) -> None:
    assert answers.move(typed, "en", CATALOGUE) == expected


@pytest.mark.parametrize(
    ("typed", "lang", "expected"),
    [("ኢትዮጵያ", "am", "ET"), ("Ethiopia", "am", "ET"), ("كينيا", "ar", "KE"), ("Nijeriya", "ha", "NG")],
)
def test_country_in_other_languages(typed: str, lang: str, expected: str) -> None:
    assert answers.parse_country(typed, lang) == expected


def test_amharic_country_names_come_from_the_locale_not_pycountry() -> None:
    assert answers.country_name("ET", "am") == "ኢትዮጵያ"
    assert answers.country_name("FR", "am") == "France"
    assert answers.country_name("KE", "sw") == "Kenya"


@pytest.mark.parametrize(("typed", "lang"), [("1،3", "ar"), ("1 و3", "ar"), ("1፣3", "am"), ("1 እና 3", "am")])
def test_number_lists_in_arabic_and_amharic(typed: str, lang: str) -> None:
    assert answers.parse_multi(typed, FIELDS["support_sought"], lang, CATALOGUE) == ["technology", "training"]
