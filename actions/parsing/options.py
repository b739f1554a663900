"""Typed answers to choice questions: one option, several options, or "I don't know".

An option is recognised by its button label in any of our languages, the synonyms and everyday
phrasings of conversation/locales/answers/<lang>.yml, its number, or its code; with a typo in words of five
letters or more. When two options fit about equally ("yes" to "Do you have grid electricity?"),
the reading names both so the bot can ask between them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from actions.parsing import text as tx
from conversation.interview import Field
from conversation.messages import default_catalogue

PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?\s*$", re.DOTALL)
# Options stored when the user does not know; "all" in a multi-choice field means every other option.
UNKNOWN = "unknown"
ALL = "all"
# A second option this close to the best one makes the answer ambiguous.
CLOSE = 0.85
# Numbers typed for several choices: "1 and 3", "1,3", "1 3", "2+4", "1 na 3", "1 و 3".
NUMBER_LIST = re.compile(
    r"^\s*\d+(?:\s*(?:[,;/&+،፣.]|\s|\band\b|\bet\b|\by\b|\be\b|\bna\b|\bda\b|و|እና)\s*\d+)*\s*$", re.I
)


@dataclass(frozen=True)
class Reading:
    """What an answer says: a value when it is clear, or the two options it could mean."""

    value: Any = None
    candidates: tuple[str, ...] = ()

    @property
    def clear(self) -> bool:
        return self.value is not None


NOTHING = Reading()


def payload(text: str) -> tuple[str | None, dict[str, Any]]:
    """The intent and entities of a button payload such as /choose{"value": "sme"}."""
    match = PAYLOAD.match(text.strip())
    if not match:
        return None, {}
    try:
        entities = json.loads(match["entities"]) if match["entities"] else {}
    except json.JSONDecodeError:
        entities = {}
    return match["intent"], entities if isinstance(entities, dict) else {}


def _field_phrases(field: Field, lang: str) -> list[tuple[str, str]]:
    catalogue = default_catalogue()
    entries: list[tuple[str, str]] = [(code, code) for code in field.options if len(code) > 3]
    for code in catalogue.languages:
        # Short words of another language are too likely to mean something else ("la", "i", "to").
        own = code in (lang, "en")
        for option in field.options:
            label = catalogue.lookup(f"options.{field.name}.{option}", code)
            if isinstance(label, str) and (own or len(label) > 3):
                entries.append((label, option))
        for option, phrases in ((tx.answers(code).get("options") or {}).get(field.name) or {}).items():
            entries += [(str(p), option) for p in phrases or [] if own or len(str(p)) > 3]
        if UNKNOWN in field.options:
            entries += [(w, UNKNOWN) for w in tx.words("unknown", [code]) if own or len(w) > 3]
    return [(p, o) for p, o in entries if o in field.options]


@lru_cache(maxsize=128)
def table(field: Field, lang: str) -> tx.PhraseTable:
    return tx.PhraseTable(_field_phrases(field, lang))


def _by_number(typed: str, field: Field) -> str | None:
    if typed.isdigit() and 1 <= int(typed) <= len(field.options):
        return field.options[int(typed) - 1]
    return None


def _payload_value(text: str, field: Field) -> tuple[bool, str | None]:
    intent, entities = payload(text)
    if intent != "choose":
        return False, None
    value = str(entities.get("value", ""))
    return True, value if value in field.options else None


def read_choice(text: str, field: Field, lang: str, typos: bool = True) -> Reading:
    """One option of a choice question."""
    is_payload, value = _payload_value(text, field)
    if is_payload:
        return Reading(value)
    found = tx.tokens(text)
    if len(found) == 1 and (number := _by_number(found[0], field)):
        return Reading(number)
    ranked = tx.best(table(field, lang).find(found, typos=typos))
    if not ranked:
        return NOTHING
    if len(ranked) > 1 and ranked[1][1] >= CLOSE * ranked[0][1]:
        pair = {ranked[0][0], ranked[1][0]}
        return Reading(candidates=tuple(o for o in field.options if o in pair))
    return Reading(ranked[0][0])


def read_choices(text: str, field: Field, lang: str, typos: bool = True) -> Reading:
    """Several options of a multi-choice question ("technology and finance", "1 and 3")."""
    is_payload, value = _payload_value(text, field)
    if is_payload:
        return Reading(_expand_all([value], field)) if value else NOTHING
    if NUMBER_LIST.match(tx.key(text)):
        numbers = [
            _by_number(n, field)
            for n in re.findall(r"\d+", text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
        ]
        chosen = [n for n in numbers if n]
        return Reading(_expand_all(chosen, field)) if chosen and len(chosen) == len(numbers) else NOTHING
    found = tx.tokens(text)
    every = table(field, lang).find(found, typos=typos)
    hits = _affirmed(every, found, lang)
    chosen = [
        key for key, _ in sorted(tx.best(hits), key=lambda kv: min(h.start for h in hits if h.key == kv[0]))
    ]
    chosen = [c for c in chosen if c != UNKNOWN] or chosen
    if ALL in chosen:  # "everything except training"
        taken_back = {h.key for h in every} - {h.key for h in hits}
        return Reading([o for o in field.options if o != ALL and o not in taken_back])
    return Reading(_expand_all(chosen, field)) if chosen else NOTHING


ARTICLES = {
    "a",
    "an",
    "the",
    "any",
    "de",
    "la",
    "le",
    "les",
    "des",
    "du",
    "un",
    "une",
    "el",
    "los",
    "las",
    "una",
    "um",
    "uma",
    "o",
    "os",
    "as",
    "da",
    "do",
    "ya",
    "wa",
    "za",
}


@lru_cache(maxsize=16)
def _negations(lang: str) -> tx.PhraseTable:
    return tx.PhraseTable((w, "not") for w in tx.words("not", list(dict.fromkeys([lang, "en"]))))


def _affirmed(hits: list[tx.Hit], found: list[str], lang: str) -> list[tx.Hit]:
    """Hits not taken back by a negation just before them ("money but not training")."""
    negations = _negations(lang).find(found, typos=False)
    # Taken back: starting inside the negation ("sem parceiro" read as one phrase) or just after it,
    # an article allowed between ("not a partner"); "no, just money" keeps the money.
    taken_back = {i for n in negations for i in range(n.start, n.end + 1)}
    taken_back |= {n.end + 1 for n in negations if n.end < len(found) and found[n.end] in ARTICLES}
    kept = [h for h in hits if h.start not in taken_back]
    negated = {h.key for h in hits} - {h.key for h in kept}
    return [h for h in kept if h.key not in negated]


def _expand_all(chosen: list[str], field: Field) -> list[str]:
    if ALL in chosen:
        return [o for o in field.options if o != ALL]
    return list(dict.fromkeys(chosen))
