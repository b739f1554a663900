"""Amounts in words or digits, with or without a currency, to budget bands (US dollars).
Rates come from conversation/locales/answers/currencies.yml; these cases sit far from the band edges so a
rate update does not flip them."""

from __future__ import annotations

import pytest

from actions.parsing.amounts import rates, read_amount, read_budget, readings

CASES = [
    ("en", "20000", None, "5k-50k"),
    ("en", "$20,000", None, "5k-50k"),
    ("en", "about 3000 dollars", None, "<5k"),
    ("en", "a bit less than 3000 dollars", None, "<5k"),
    ("en", "less than 5,000", None, "<5k"),
    ("en", "1.5 million", None, "250k-2.5M"),
    ("en", "300k", None, "250k-2.5M"),
    ("en", "10 million", None, ">2.5M"),
    ("en", "twenty thousand dollars", None, "5k-50k"),
    ("en", "two hundred thousand", None, "50k-250k"),
    ("en", "20 lakh taka", None, "5k-50k"),
    ("en", "GH₵ 30,000", None, "<5k"),
    ("en", "KSh 500,000", None, "<5k"),
    ("en", "N5,000,000", None, "<5k"),
    ("en", "5 crore rupees", None, "250k-2.5M"),
    ("en", "€ 80,000", None, "50k-250k"),
    ("en", "2 million shillings", "TZ", "<5k"),
    ("en", "2 million shillings", "KE", "5k-50k"),
    ("fr", "cinq mille euros", None, "5k-50k"),
    ("fr", "5 millions FCFA", None, "5k-50k"),
    ("fr", "moins de 2000 dollars", None, "<5k"),
    ("fr", "100 000 dirhams", None, "5k-50k"),
    ("es", "menos de 8.000 dólares", None, "5k-50k"),
    ("es", "veinte mil dólares", None, "5k-50k"),
    ("es", "dos millones de pesos", "CO", "<5k"),
    ("pt", "menos de 8.000 dólares", None, "5k-50k"),
    ("pt", "R$ 50.000", None, "5k-50k"),
    ("pt", "500 mil meticais", None, "5k-50k"),
    ("pt", "dois milhões de reais", None, "250k-2.5M"),
    ("sw", "dola elfu kumi", None, "5k-50k"),
    ("sw", "shilingi milioni mbili", None, "5k-50k"),
    ("sw", "milioni 5 tsh", None, "<5k"),
    ("ar", "عشرين ألف درهم", None, "<5k"),
    ("ar", "عشرين ألف دولار", None, "5k-50k"),
    ("ar", "مليون جنيه", None, "5k-50k"),
    ("ar", "٣٠٠٠٠ دولار", None, "5k-50k"),
    ("ar", "ألفين دولار", None, "<5k"),
    ("ha", "naira miliyan biyar", None, "<5k"),
    ("ha", "dala dubu goma", None, "5k-50k"),
    ("am", "አምስት ሺህ ብር", None, "<5k"),
    ("am", "ሃያ ሺህ ዶላር", None, "5k-50k"),
    ("am", "2 ሚሊዮን ብር", None, "5k-50k"),
    # No currency said, and the country's currency gives the same band as US dollars.
    ("fr", "20.000", "US", "5k-50k"),
    ("ar", "٣٠ ألف", "JO", "5k-50k"),
    ("en", "around 40 thousand", "ZW", "5k-50k"),
    # A country named after the amount says whose currency it is.
    ("sw", "milioni 20 za Kenya", "TZ", "50k-250k"),
    # Multipliers first, several of them (Hausa, Swahili).
    ("sw", "mia tano dola", None, "<5k"),
    ("ha", "naira dubu dari uku", None, "<5k"),
]

# A bare number with neither a currency nor a country: US dollars, or the currency most people
# writing the language use; the bot asks between the two bands.
AMBIGUOUS = [
    ("fr", "20.000", ("5k-50k", "<5k")),
    ("es", "1,5 millones", ("250k-2.5M", "50k-250k")),
    ("sw", "elfu ishirini", ("5k-50k", "<5k")),
    ("sw", "laki tano", ("250k-2.5M", "<5k")),
    ("sw", "20k", ("5k-50k", "<5k")),
    ("ha", "dubu hamsin", ("50k-250k", "<5k")),
]


# A bare number where the country's currency and US dollars (what the question asks for) give
# different bands: the bot asks between the two, dollars first.
AMBIGUOUS_IN_COUNTRY = [
    ("fr", "2 millions", "CI", ("250k-2.5M", "<5k")),
    ("sw", "laki tano", "KE", ("250k-2.5M", "<5k")),
    ("sw", "milioni 300", "TZ", (">2.5M", "50k-250k")),
    ("ha", "dubu dari biyar", "NG", ("250k-2.5M", "<5k")),
    ("es", "unos 150 millones", "PY", (">2.5M", "5k-50k")),
    ("en", "20000", "KE", ("5k-50k", "<5k")),
]


@pytest.mark.parametrize(("lang", "typed", "country", "bands"), AMBIGUOUS_IN_COUNTRY)
def test_a_bare_number_in_a_country_with_its_own_money_gives_two_bands(
    lang: str, typed: str, country: str, bands: tuple[str, str]
) -> None:
    assert readings(typed, lang, country) == bands
    assert read_budget(typed, lang, country) is None


@pytest.mark.parametrize(("lang", "typed", "bands"), AMBIGUOUS)
def test_a_bare_number_without_country_gives_two_bands(lang: str, typed: str, bands: tuple[str, str]) -> None:
    assert readings(typed, lang, None) == bands
    assert read_budget(typed, lang, None) is None


def test_english_has_no_second_currency() -> None:
    assert readings("20000", "en", None) == ("5k-50k",)


@pytest.mark.parametrize(("lang", "typed", "country", "band"), CASES)
def test_amounts_land_in_their_band(lang: str, typed: str, country: str | None, band: str) -> None:
    assert read_budget(typed, lang, country) == band


@pytest.mark.parametrize(("lang", "typed"), [("en", "abc"), ("en", ""), ("sw", "sijui"), ("fr", "beaucoup")])
def test_no_amount(lang: str, typed: str) -> None:
    assert read_budget(typed, lang) is None


def test_currency_named_next_to_the_amount_wins_over_the_default() -> None:
    amount = read_amount("we can pay 300,000 naira", "en")
    assert amount is not None and amount.currency == "NGN" and amount.said_currency


def test_every_rate_has_a_value_and_the_file_says_when_and_from_where() -> None:
    data = rates()
    assert data["as_of"] and data["source"]
    assert all(float(entry["usd"]) > 0 for entry in data["currencies"].values())
    for code in (
        "KES",
        "TZS",
        "NGN",
        "XOF",
        "ETB",
        "EGP",
        "MAD",
        "BRL",
        "MZN",
        "INR",
        "GHS",
        "BDT",
        "USD",
        "EUR",
    ):
        assert code in data["currencies"], code
