"""Countries and places in our eight languages and their local forms, with typos."""

from __future__ import annotations

import pytest

from actions.parsing.countries import find_country, read_country

CASES = [
    ("ha", "Najeriya", "NG"),
    ("sw", "Misri", "EG"),
    ("es", "Kenia", "KE"),
    ("am", "ኢትዮጵያ", "ET"),
    ("pt", "Moçambique", "MZ"),
    ("pt", "Mocambique", "MZ"),
    ("en", "Ivory Coast", "CI"),
    ("fr", "Côte d'Ivoire", "CI"),
    ("fr", "cote divoire", "CI"),
    ("en", "Kenua", "KE"),
    ("en", "tanzanai", "TZ"),
    ("en", "ke", "KE"),
    ("en", "KEN", "KE"),
    ("fr", "Sénégal", "SN"),
    ("fr", "senegal", "SN"),
    ("ar", "مصر", "EG"),
    ("ar", "المغرب", "MA"),
    ("ar", "السودان", "SD"),
    ("sw", "Uganda", "UG"),
    ("sw", "Afrika Kusini", "ZA"),
    ("ha", "Nijar", "NE"),
    ("ha", "Kamaru", "CM"),
    ("am", "ኬንያ", "KE"),
    ("am", "ሱዳን", "SD"),
    ("es", "Perú", "PE"),
    ("pt", "Brasil", "BR"),
    ("en", "Bangladesh", "BD"),
    ("en", "DRC", "CD"),
    ("en", "We are in Ghana", "GH"),
    ("sw", "tuko Tanzania", "TZ"),
    ("fr", "au Burkina Faso", "BF"),
]


@pytest.mark.parametrize(("lang", "typed", "code"), CASES)
def test_country_names(lang: str, typed: str, code: str) -> None:
    assert read_country(typed, lang).country == code


@pytest.mark.parametrize(
    ("lang", "typed", "code", "region"),
    [
        ("en", "Nakuru", "KE", "Nakuru"),
        ("en", "Kano, Nigeria", "NG", "Kano"),
        ("sw", "Dar es Salaam", "TZ", "Dar es Salaam"),
        ("am", "አዲስ አበባ", "ET", "አዲስ አበባ"),
        ("fr", "Thiès", "SN", "Thiès"),
        ("ar", "الدار البيضاء", "MA", "الدار البيضاء"),
    ],
)
def test_a_town_tells_the_country_and_is_kept_as_region(
    lang: str, typed: str, code: str, region: str
) -> None:
    place = read_country(typed, lang)
    assert (place.country, place.region) == (code, region)


@pytest.mark.parametrize(("lang", "typed"), [("en", "Narnia"), ("en", ""), ("sw", "asante"), ("en", "pizza")])
def test_not_a_country(lang: str, typed: str) -> None:
    assert read_country(typed, lang).country is None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("sw", "tunataka kuongeza mali yetu"),
        ("en", "we cook turkey and chicken"),
        ("fr", "nous avons 50000 francs"),
        ("pt", "preciso de ajuda para a minha lima"),
        ("en", "a man from the village"),
    ],
)
def test_everyday_words_in_a_sentence_are_not_countries(lang: str, text: str) -> None:
    assert find_country(text, lang).country is None


def test_a_lone_everyday_word_that_names_a_country_counts_when_it_is_the_answer() -> None:
    assert read_country("Mali", "fr").country == "ML"
