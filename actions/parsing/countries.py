"""Countries and places, as people write them in our eight languages ("Najeriya", "Misri", "Kenia",
"ኢትዮጵያ", "Moçambique", "Ivory Coast"), with a typo. Names come from pycountry (English, official
and translated names) and conversation/locales/answers/countries.yml (local forms, towns and regions).
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from actions.parsing import text as tx

# pycountry's Amharic names are garbled ("ጒት፥ጵ።" for Ethiopia); countries.yml has ours.
UNRELIABLE_LOCALES = {"am"}
PLACE = "place:"


@dataclass(frozen=True)
class Place:
    country: str | None = None
    region: str | None = None
    candidates: tuple[str, ...] = ()


def _translator(lang: str) -> Callable[[str], str]:
    if lang in UNRELIABLE_LOCALES:
        return str
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return str


@lru_cache(maxsize=1)
def _entries() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(name, meaning) pairs, meaning a country code or "place:<name>"; and place name -> country."""
    entries: list[tuple[str, str]] = []
    translators = [_translator(lang) for lang in tx.languages() if lang != "en"]
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                entries.append((name, country.alpha_2))
                entries += [(translate(name), country.alpha_2) for translate in translators]
    table = tx.data("countries")
    for code, names in (table.get("names") or {}).items():
        entries += [(str(n), str(code)) for n in names]
    places: dict[str, str] = {}
    seen: set[tuple[str, ...]] = set()
    for code, names in (table.get("places") or {}).items():
        for name in names:
            # "Thiès" and "Thies" are one place: the first spelling is the one kept as the region.
            if tx.phrase(str(name)) in seen:
                continue
            seen.add(tx.phrase(str(name)))
            places[str(name)] = str(code)
            entries.append((str(name), PLACE + str(name)))
    return entries, places


@lru_cache(maxsize=1)
def _table() -> tx.PhraseTable:
    return tx.PhraseTable(_entries()[0])


@lru_cache(maxsize=16)
def _ambiguous(lang: str) -> frozenset[str]:
    """Names that are everyday words for a speaker of `lang`."""
    table = tx.data("countries").get("ambiguous") or {}
    return frozenset(tx.word(str(w)) for w, langs in table.items() if langs == "all" or lang in (langs or []))


@lru_cache(maxsize=16)
def _locatives(lang: str) -> frozenset[str]:
    table = tx.data("countries").get("locatives") or {}
    return frozenset(tx.word(str(w)) for code in dict.fromkeys([lang, "en"]) for w in table.get(code) or [])


# Arabic writes "in", "to" and "for" onto a name without the article ("بمصر", "لبنان" is not one).
_ARABIC_PREPOSITION = re.compile(r"^[بل](?=[\u0621-\u064a]{3})")


def _hits(found: list[str], skip: frozenset[str], typos: bool, min_letters: int, most: int) -> list[tx.Hit]:
    hits = _table().find(found, typos=typos, min_letters=min_letters, skip=skip, most=most)
    bare = [_ARABIC_PREPOSITION.sub("", t) for t in found]
    if bare != found:
        seen = {(h.key, h.start, h.end) for h in hits}
        more = _table().find(bare, typos=typos, min_letters=min_letters, skip=skip, most=most)
        hits += [h for h in more if (h.key, h.start, h.end) not in seen]
    return hits


def _read(text: str, lang: str, typos: bool, min_letters: int, everyday_words: bool, most: int = 2) -> Place:
    found = tx.tokens(text)
    if not found:
        return Place()
    skip = _ambiguous(lang)
    hits = _hits(found, skip, typos=typos, min_letters=min_letters, most=most)
    if not everyday_words and len(found) > 1:
        # An everyday word counts as a name after "in", "au", "huko", "a" ("au Mali", "en Chile").
        hits = [
            h for h in hits
            if " ".join(found[h.start : h.end]) not in skip
            or (h.exact and h.start > 0 and found[h.start - 1] in _locatives(lang))
        ]
    places = _entries()[1]
    countries = [(k, s) for k, s in tx.best(hits) if not k.startswith(PLACE)]
    towns = [(k[len(PLACE) :], s) for k, s in tx.best(hits) if k.startswith(PLACE)]
    region = towns[0][0] if towns else None
    if countries:
        codes = [c for c, _ in countries]
        if len(codes) > 1 and region and places[region] in codes:
            codes = [places[region]]
        elif len(codes) > 1 and countries[1][1] >= 0.85 * countries[0][1]:
            return Place(candidates=tuple(codes[:2]), region=region)
        town_here = region if region and places[region] == codes[0] else None
        return Place(codes[0], town_here)
    if region:
        return Place(places[region], region)
    return Place()


def read_country(text: str, lang: str) -> Place:
    """The answer to "Which country are you in?" (a town or region also tells the country)."""
    typed = tx.key(text).strip()
    if len(typed) == 2 and typed.isalpha() and pycountry.countries.get(alpha_2=typed.upper()):
        return Place(typed.upper())
    if len(typed) == 3 and typed.isalpha() and (country := pycountry.countries.get(alpha_3=typed.upper())):
        return Place(country.alpha_2)
    return _read(text, lang, typos=True, min_letters=5, everyday_words=True)


def find_country(text: str, lang: str) -> Place:
    """A country or place named in a longer message: no everyday words, typos only in long names."""
    place = _read(text, lang, typos=True, min_letters=7, everyday_words=False, most=1)
    return place if place.country else Place(region=None)


def place_country(name: str) -> str | None:
    """The country of a town or region we know by name, else None."""
    return _entries()[1].get(name) if name else None


def country_codes() -> set[str]:
    return {c.alpha_2 for c in pycountry.countries}
