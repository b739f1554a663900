"""Turn what a user typed or tapped into an interview value. Pure functions, no I/O.

The parsers live in `actions/parsing/` (one module per kind of answer, words in
conversation/locales/answers/); this module is the form validator's one entry point: `read` gives a
`Reading` (a clear value, two candidates to ask between, or nothing), the `parse_*` helpers give
the value or None.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from typing import Any

import pycountry

from actions.parsing import amounts, arabizi, countries, options, situations, yes_no
from actions.parsing.options import NOTHING, Reading, payload
from conversation.interview import Field, load_interview
from conversation.messages import DEFAULT_LANGUAGE, Catalogue, default_catalogue, normalise
from conversation.utterances import ref

__all__ = ["Reading", "NOTHING", "payload", "move", "read", "country_name"]

MOVES = ("back", "skip", "help", "restart", "language")


def _languages(lang: str) -> list[str]:
    return [lang] if lang == DEFAULT_LANGUAGE else [lang, DEFAULT_LANGUAGE]


def is_word(text: str, word: str, lang: str, catalogue: Catalogue) -> bool:
    typed = normalise(text)
    return any(typed in catalogue.words(word, code) for code in _languages(lang))


def move(text: str, lang: str, catalogue: Catalogue) -> str | None:
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


def read(field: Field, text: str, lang: str, country: str | None = None) -> Reading:
    """What an answer to `field` says. Text fields are read by the form validator itself."""
    if not payload(text)[0]:
        text = arabizi.to_arabic(text, lang)
    if field.kind == "country":
        intent, entities = payload(text)
        if intent == "choose":
            code = str(entities.get("value", ""))
            return Reading(code) if code in countries.country_codes() else NOTHING
        place = countries.read_country(text, lang)
        if place.candidates:
            return Reading(candidates=place.candidates)
        return Reading(place.country) if place.country else NOTHING
    if field.kind == "yes_no":
        answer = yes_no.read_yes_no(text, lang)
        return Reading(answer) if answer is not None else NOTHING
    if field.kind == "multi":
        return options.read_choices(text, field, lang)
    reading = options.read_choice(text, field, lang)
    if field.name == "grid_access" and not payload(text)[0] and (grid := situations.read_grid(text, lang)):
        return Reading(grid)  # said clause by clause, it wins over a single word's reading
    if field.name == "budget_band" and not reading.clear and not payload(text)[0]:
        bands = amounts.readings(text, lang, country)
        if len(bands) == 1:
            return Reading(bands[0])
        if bands:  # a bare number, currency unknown: ask between the two bands it may mean
            return Reading(candidates=tuple(o for o in field.options if o in bands))
    return reading


def parse_choice(text: str, field: Field, lang: str, catalogue: Catalogue | None = None) -> str | None:
    value = options.read_choice(text, field, lang).value
    return str(value) if value is not None else None


def parse_multi(text: str, field: Field, lang: str, catalogue: Catalogue | None = None) -> list[str] | None:
    value = options.read_choices(text, field, lang).value
    return list(value) if value else None


def parse_budget(
    text: str, field: Field, lang: str, catalogue: Catalogue | None = None, country: str | None = None
) -> str | None:
    value = read(field, text, lang, country).value
    return str(value) if value is not None else None


def parse_yes_no(text: str, lang: str, catalogue: Catalogue | None = None) -> bool | None:
    return yes_no.read_yes_no(text, lang)


def parse_country(text: str, lang: str) -> str | None:
    return countries.read_country(text, lang).country


def _translator(lang: str) -> Callable[[str], str]:
    if lang in countries.UNRELIABLE_LOCALES:
        return str
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return str


def _locale_countries(lang: str) -> dict[str, str]:
    table = default_catalogue().lookup("countries", lang) if lang != DEFAULT_LANGUAGE else None
    return dict(table) if isinstance(table, dict) else {}


def country_name(code: str, lang: str) -> str:
    own = _locale_countries(lang).get(code)
    if own:
        return own
    country = pycountry.countries.get(alpha_2=code)
    return _translator(lang)(country.name) if country else code


def answer_ref(name: str, value: Any, language: str) -> Any:
    """An answer as the NLG renders it in the user's language: options by their label, a country
    by its name, text as typed."""
    field = load_interview()[name]
    if field.kind == "choice":
        return option_ref(name, value)
    if field.kind == "multi":
        return [option_ref(name, v) for v in value]
    if field.kind == "yes_no":
        return option_ref("yes_no", "yes" if value else "no")
    if field.kind == "country":
        return country_name(str(value), language)
    return value


def option_ref(field: str, code: Any) -> dict[str, Any]:
    """An option as a catalogue reference the NLG renders in the user's language."""
    return ref(f"options.{field}.{code}")
