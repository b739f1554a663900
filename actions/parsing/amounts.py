"""Amounts of money, in digits or words, in any currency, as a budget band in US dollars.

"20000", "$20,000", "20k", "1.5 million", "elfu ishirini", "dubu hamsin", "عشرين ألف درهم",
"20 lakh taka", "GH₵ 30,000", "a bit less than 3000 dollars". Rates and currency names live in
conversation/locales/answers/currencies.yml with their date; number words in
conversation/locales/answers/<lang>.yml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from actions.parsing import countries
from actions.parsing import text as tx

BANDS = [(5_000, "<5k"), (50_000, "5k-50k"), (250_000, "50k-250k"), (2_500_000, "250k-2.5M")]
TOP_BAND = ">2.5M"
# "Less than 5,000" is below the 5k-50k band; "more than 50,000" above 50,000.
NUDGE = 0.001
BUDGET_WORDS = (
    "budget",
    "bajeti",
    "presupuesto",
    "orcamento",
    "orçamento",
    "ميزانية",
    "kasafin",
    "በጀት",
    "ብር",
)


@dataclass(frozen=True)
class Amount:
    value: float  # in the currency named (or US dollars)
    currency: str
    said_currency: bool
    usd: float

    @property
    def band(self) -> str:
        return band_of(self.usd)


def band_of(usd: float) -> str:
    return next((band for limit, band in BANDS if usd < limit), TOP_BAND)


def rates() -> Mapping[str, Any]:
    return tx.data("currencies")


@lru_cache(maxsize=1)
def _currency_words() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], tuple[str, dict[str, str]]]]:
    own: dict[tuple[str, ...], str] = {}
    for code, entry in rates()["currencies"].items():
        # First come, first kept: Kenyans' "bob" (shillings) before Bolivia's code.
        for word in [*entry.get("symbols", []), *entry.get("words", []), code]:
            if tx.phrase(str(word)):  # a sign the tokenizer does not keep names nothing
                own.setdefault(tx.phrase(str(word)), code)
    shared = {
        tx.phrase(str(w)): (str(v[0]), dict(v[1] or {}))
        for w, v in (rates().get("shared_words") or {}).items()
    }
    return own, shared


@lru_cache(maxsize=16)
def _lexicon(lang: str) -> dict[str, Any]:
    langs = tx.order(lang)
    numbers: dict[str, float] = {}
    after: dict[str, float] = {}
    before: dict[str, float] = {}
    for code in reversed(langs):  # the user's language wins where words collide
        entry = tx.answers(code)
        numbers.update({tx.word(str(k)): float(v) for k, v in (entry.get("numbers") or {}).items()})
        after.update({tx.word(str(k)): float(v) for k, v in (entry.get("multipliers") or {}).items()})
        before.update({tx.word(str(k)): float(v) for k, v in (entry.get("multipliers_before") or {}).items()})
    less = tx.PhraseTable((w, "less") for w in tx.words("less_than", langs))
    more = tx.PhraseTable((w, "more") for w in tx.words("more_than", langs))
    return {"numbers": numbers, "after": after, "before": before, "less": less, "more": more}


def _digits(token: str) -> float | None:
    if not token[0].isdigit():
        return None
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", token):  # 20,000 / 20.000 / 20 000: thousands
        return float(re.sub(r"[ ,.]", "", token))
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+[.,]\d+", token):  # 20,000.50 / 20.000,50
        return float(re.sub(r"[ ,.]", "", token[:-3]) + "." + token[-2:]) if token[-3] in ".," else None
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def _quantities(found: list[str], lang: str) -> list[tuple[float, int, int]]:
    """(value, first token, last token + 1) of every quantity, digits or words."""
    lex = _lexicon(lang)
    numbers, after, before = lex["numbers"], lex["after"], lex["before"]
    connectors = {"and", "et", "y", "e", "na", "da", "و", "እና", "-"}
    out: list[tuple[float, int, int]] = []
    i = 0
    while i < len(found):
        start = i
        value: float | None = None
        prefix = 1.0
        # Multipliers first, as Swahili and Hausa say them: "laki tano" (100,000 x 5), "dubu dari
        # biyar" (1,000 x 100 x 5).
        while i < len(found) and found[i] in before and not (i + 1 < len(found) and found[i + 1] in after):
            prefix *= before[found[i]]
            i += 1
        # A run of number words or digits: "twenty five", "ishirini na tano", "20".
        run: float | None = None
        while i < len(found):
            number = _digits(found[i])
            if number is None:
                number = numbers.get(found[i]) if found[i] not in after or found[i] in numbers else None
            if number is None:
                if (
                    run is not None
                    and found[i] in connectors
                    and i + 1 < len(found)
                    and found[i + 1] in numbers
                ):
                    i += 1
                    continue
                break
            run = number if run is None else (run * number if number == 100 and run < 10 else run + number)
            i += 1
        if run is not None:
            value = run * prefix
        elif prefix != 1.0:
            value = prefix  # "elfu" alone: a thousand
        # Multipliers after: "20 thousand", "1.5 million", "20 lakh", "عشرين ألف".
        while i < len(found) and found[i] in after and (value is not None or found[i] not in ("k", "m")):
            value = (value if value is not None else 1.0) * after[found[i]]
            i += 1
        if value is not None:
            out.append((value, start, i))
        else:
            i = start + 1
    return out


def country_currency(country: str | None) -> str | None:
    """The currency a country's people mean by a bare number, when we have its rate."""
    code = (rates().get("countries") or {}).get(country or "")
    return str(code) if code and code in rates()["currencies"] else None


def _currency(found: list[str], start: int, end: int, country: str | None) -> str | None:
    """The currency written next to a quantity (one to three words before or after it), or a
    country named right after it ("milioni 100 za Kenya": Kenyan shillings)."""
    own, shared = _currency_words()
    spans = [(end, end + 3), (max(0, start - 3), start)]
    for lo, hi in spans:
        for size in (3, 2, 1):
            for s in range(lo, hi - size + 1):
                gram = tuple(found[s : s + size])
                if gram in shared:
                    default, by_country = shared[gram]
                    return by_country.get(country or "", default)
                if gram in own:
                    return own[gram]
    after = " ".join(found[end : end + 3])
    named = countries.find_country(after, "en").country if after else None
    return country_currency(named)


def read_amount(text: str, lang: str, country: str | None = None) -> Amount | None:
    """The amount a message gives, converted to US dollars; None when there is none."""
    found = tx.tokens(text)
    quantities = _quantities(found, lang)
    if not quantities:
        return None
    currencies = rates()["currencies"]
    priced = [(v, s, e, _currency(found, s, e, country)) for v, s, e in quantities]
    named = [q for q in priced if q[3]]
    value, start, end, code = max(named or priced, key=lambda q: q[0])
    # No currency said: the country's own, else US dollars (the caller may ask, see `readings`).
    currency = code or country_currency(country) or str(rates().get("default", "USD"))
    usd = value * float(currencies[currency]["usd"])
    lex = _lexicon(lang)
    if lex["less"].find(found, typos=False):
        usd -= NUDGE * usd
    elif lex["more"].find(found, typos=False):
        usd += NUDGE * usd
    return Amount(value, currency, code is not None, usd)


def read_budget(text: str, lang: str, country: str | None = None) -> str | None:
    """The band of a budget, when it is clear (see `readings`)."""
    bands = readings(text, lang, country)
    return bands[0] if len(bands) == 1 else None


def readings(text: str, lang: str, country: str | None = None) -> tuple[str, ...]:
    """The budget band, or the two bands a bare number may mean when the message names no
    currency: in US dollars (what the question asks for), or in the local currency (the
    country's, else the one most people writing `lang` use: conversation/locales/answers/currencies.yml,
    `language_currencies`). Dollars first; one band when both readings agree."""
    amount = read_amount(text, lang, country)
    if amount is None:
        return ()
    if amount.said_currency:
        return (amount.band,)
    dollars = read_amount(text, lang)
    assert dollars is not None  # the same text, read without the country's currency
    currencies = rates()["currencies"]
    local = country_currency(country) or (rates().get("language_currencies") or {}).get(lang)
    if not local or local not in currencies:
        return (dollars.band,)
    other = band_of(dollars.usd * float(currencies[local]["usd"]))
    return (dollars.band,) if other == dollars.band else (dollars.band, other)


def names_money(text: str) -> bool:
    """Whether a message talks about money (a currency or the word budget), not only numbers."""
    found = tx.tokens(text)
    own, shared = _currency_words()
    grams = {tuple(found[i : i + n]) for n in (1, 2, 3) for i in range(len(found) - n + 1)}
    return bool(grams & (set(own) | set(shared))) or any(tx.word(w) in found for w in BUDGET_WORDS)
