"""Turn what a user typed or tapped into an interview value. Pure functions, no I/O.

Every parser returns the value or None when the answer cannot be understood; the form
validator then re-asks. Typed answers are compared to option labels in the user's language
and in English, so "PME", "Small business", "sme" and "1" all mean the same choice.
"""

from __future__ import annotations

import difflib
import gettext
import json
import re
from functools import lru_cache
from typing import Callable, Optional

import pycountry

from bot.interview import Field
from bot.messages import DEFAULT_LANGUAGE, Catalogue, default_catalogue, normalise

MOVES = ("back", "skip", "help", "restart", "language")
PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?\s*$", re.DOTALL)
NUMBER = re.compile(r"(?P<number>\d+(?:[.,]\d+)*)\s*(?P<unit>k|m|million|thousand|mn)?\b", re.I)
# Commas (Latin, Arabic ، and Ethiopic ፣), "and" in our languages, the Arabic prefix و.
LIST_SEPARATORS = re.compile(r"[,;/&+،፣]|\s+(?:and|et|y|e|na|da|እና)\s+|\s+و\s*|\s+")
BUDGET_LIMITS = [(5_000, "<5k"), (50_000, "5k-50k"), (250_000, "50k-250k"), (2_500_000, "250k-2.5M")]


def payload(text: str) -> tuple[Optional[str], dict[str, object]]:
    """The intent and entities of a button payload such as /choose{"value": "sme"}."""
    match = PAYLOAD.match(text.strip())
    if not match:
        return None, {}
    try:
        entities = json.loads(match["entities"]) if match["entities"] else {}
    except json.JSONDecodeError:
        entities = {}
    return match["intent"], entities if isinstance(entities, dict) else {}


def _languages(lang: str) -> list[str]:
    return [lang] if lang == DEFAULT_LANGUAGE else [lang, DEFAULT_LANGUAGE]


def is_word(text: str, word: str, lang: str, catalogue: Catalogue) -> bool:
    typed = normalise(text)
    return any(typed in catalogue.words(word, code) for code in _languages(lang))


def move(text: str, lang: str, catalogue: Catalogue) -> Optional[str]:
    """back / skip / help / restart, from a button payload or the exact word typed."""
    intent, _ = payload(text)
    # Rasa keeps "restart" and "back" for its own default actions (wipe, undo the last message).
    if intent == "start_over":
        return "restart"
    if intent == "go_back":
        return "back"
    if intent in MOVES:
        return intent
    return next((m for m in MOVES if is_word(text, m, lang, catalogue)), None)


def parse_choice(text: str, field: Field, lang: str, catalogue: Catalogue) -> Optional[str]:
    intent, entities = payload(text)
    if intent == "choose":
        value = str(entities.get("value", ""))
        return value if value in field.options else None
    typed = normalise(text)
    if typed.isdigit() and 1 <= int(typed) <= len(field.options):
        return field.options[int(typed) - 1]
    labels: dict[str, str] = {}
    for code in field.options:
        labels[normalise(code)] = code
        for language in _languages(lang):
            labels[normalise(catalogue.option_label(field.name, code, language))] = code
    if typed in labels:
        return labels[typed]
    if "unknown" in field.options and is_word(text, "unknown", lang, catalogue):
        return "unknown"
    close = difflib.get_close_matches(typed, list(labels), n=1, cutoff=0.8)
    return labels[close[0]] if close else None


def parse_multi(text: str, field: Field, lang: str, catalogue: Catalogue) -> Optional[list[str]]:
    whole = parse_choice(text, field, lang, catalogue)
    if whole is not None:
        chosen = [whole]
    else:
        parts = [p for p in LIST_SEPARATORS.split(text) if p.strip()]
        chosen = [c for p in parts if (c := parse_choice(p, field, lang, catalogue))]
        if not chosen or len(chosen) < len([p for p in parts if normalise(p)]) // 2:
            return None
    if "all" in chosen:
        return [o for o in field.options if o != "all"]
    return list(dict.fromkeys(chosen))


def parse_budget(text: str, field: Field, lang: str, catalogue: Catalogue) -> Optional[str]:
    band = parse_choice(text, field, lang, catalogue)
    if band is not None:
        return band
    match = NUMBER.search(text.replace("$", " "))
    if not match:
        return None
    number = match["number"]
    if re.fullmatch(r"\d{1,3}([,.]\d{3})+", number):  # 20,000 or 20.000: thousands
        amount = float(re.sub(r"[,.]", "", number))
    else:
        amount = float(number.replace(",", "."))
    unit = (match["unit"] or "").lower()
    amount *= {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6}.get(unit, 1)
    return next((b for limit, b in BUDGET_LIMITS if amount < limit), ">2.5M")


def parse_yes_no(text: str, lang: str, catalogue: Catalogue) -> Optional[bool]:
    intent, entities = payload(text)
    if intent == "choose" and entities.get("value") in ("yes", "no"):
        return entities["value"] == "yes"
    if is_word(text, "yes", lang, catalogue):
        return True
    if is_word(text, "no", lang, catalogue):
        return False
    return None


# pycountry's Amharic country names are garbled ("ጒት፥ጵ።" for Ethiopia): not used. The locale's
# own `countries:` table names the countries our users are most likely to be in.
UNRELIABLE_COUNTRY_LOCALES = {"am"}


def _translator(lang: str) -> Callable[[str], str]:
    if lang in UNRELIABLE_COUNTRY_LOCALES:
        return str
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return str


def _locale_countries(lang: str) -> dict[str, str]:
    table = default_catalogue().lookup("countries", lang) if lang != DEFAULT_LANGUAGE else None
    return dict(table) if isinstance(table, dict) else {}


@lru_cache(maxsize=16)
def _country_names(lang: str) -> dict[str, str]:
    """Normalised country name (English, official, common and in `lang`) to ISO alpha-2."""
    translate = _translator(lang)
    names: dict[str, str] = {normalise(name): code for code, name in _locale_countries(lang).items()}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                names[normalise(name)] = country.alpha_2
                names[normalise(translate(name))] = country.alpha_2
        names[normalise(country.alpha_3)] = country.alpha_2
    return names


def parse_country(text: str, lang: str) -> Optional[str]:
    typed = normalise(text)
    if not typed:
        return None
    if len(typed) == 2 and pycountry.countries.get(alpha_2=typed.upper()):
        return typed.upper()
    names = {**_country_names(DEFAULT_LANGUAGE), **_country_names(lang)}
    if typed in names:
        return names[typed]
    close = difflib.get_close_matches(typed, list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def country_name(code: str, lang: str) -> str:
    own = _locale_countries(lang).get(code)
    if own:
        return own
    country = pycountry.countries.get(alpha_2=code)
    return _translator(lang)(country.name) if country else code
