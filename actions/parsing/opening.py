"""Everything a free message already says about the need: who (organisation type), where (country,
region), the problem, its scale, a budget, grid and water. Used for the first message ("Sannu, mu
ƙungiyar manoman rogo ne a Najeriya") and for any later one that answers another question or
corrects an earlier answer ("actually we are in Tanzania").

Only what a message says plainly is taken: phrases of several words or long single words, no
typos in short words, no country names that are everyday words, money only with a currency.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from actions.parsing import amounts, arabizi, countries, options, situations
from actions.parsing import text as tx
from conversation.interview import Field, load_interview

# Choice fields a free message may answer, and the options it may not (a lone "electricity" in
# "we need electricity" is not a reliable grid).
EXTRACTED_CHOICES = ("org_type", "water_access")  # the grid: situations.read_grid
NOT_FROM_FREE_TEXT = {
    "grid_access": {"reliable", "unknown"},
    "water_access": {"unknown"},
    "org_type": {"other"},
}
# Words of five letters or more (four in Arabic script) that are not greeting, need, who or where:
# "drying bananas" says a problem, "mais nous avons besoin d'aide" does not.
MIN_CONTENT_WORDS = 2
# Without a word of need or trouble, this many words of content still describe something.
MIN_UNMARKED_CONTENT_WORDS = 7
PROBLEM_MAX = 600


# Short words that still say plainly who someone is.
ACRONYMS = {"ngo", "ong", "sme", "pme", "tpe", "pyme", "cbo", "asbl"}


# Grid and water words alone are often about something else ("a dryer that works in the rain",
# "fish from the river"): from free text they count in phrases, or as one long specific word.
SITUATIONS = {"grid_access", "water_access"}


def _plain_enough(gram: tuple[str, ...], field: str = "") -> bool:
    """Several words, or one long word (long for its script), or a well-known acronym."""
    if len(gram) > 1 or gram[0] in ACRONYMS:
        return True
    size = tx.letters(gram)
    if field in SITUATIONS:
        return size >= (6 if tx.is_arabic(gram[0]) else 8)
    return size >= (4 if tx.is_arabic(gram[0]) else 6)


@lru_cache(maxsize=64)
def _strict_table(field: Field, lang: str) -> tx.PhraseTable:
    yes_no = {tx.phrase(w) for w in tx.words("yes", tx.languages()) + tx.words("no", tx.languages())}
    banned = NOT_FROM_FREE_TEXT.get(field.name, set())
    entries = [
        (" ".join(gram), key)
        for gram, keys in options.table(field, lang).keys.items()
        for key in keys
        if key not in banned and gram not in yes_no and _plain_enough(gram, field.name)
    ]
    return tx.PhraseTable(entries)


def read_option(text: str, field: Field, lang: str) -> str | None:
    """An option a longer message names plainly, when only one fits."""
    ranked = tx.best(_strict_table(field, lang).find(tx.tokens(text), typos=True, min_letters=8, most=1))
    if not ranked or (len(ranked) > 1 and ranked[1][1] >= options.CLOSE * ranked[0][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=16)
def _units(lang: str) -> frozenset[str]:
    return frozenset(tx.word(w) for w in tx.words("scale_units", tx.order(lang)))


NUMBER_THEN_WORD = re.compile(r"(\d+(?:[ .,]\d{3})*(?:[.,]\d+)?)\s*([^\W\d_]+(?:['’][^\W\d_]+)?)")


def read_scale(text: str, lang: str) -> str | None:
    """A quantity with its unit, in the user's own words ("500 kg", "300 households")."""
    units = _units(lang)
    found = [m.group(0) for m in NUMBER_THEN_WORD.finditer(text) if tx.word(m.group(2)) in units]
    return ", ".join(found) if found else None


# Lists read in every language (the words are long and specific), and lists read only in the
# user's language, English and French (words of trouble are short and everyday: Spanish "enferm*",
# sick, would find a Portuguese "enfermeira", a nurse).
OWN_LANGUAGE_LISTS = {"trouble"}


def _marker_languages(entry: str, lang: str) -> list[str]:
    return list(dict.fromkeys([lang, "en", "fr"])) if entry in OWN_LANGUAGE_LISTS else tx.order(lang)


@lru_cache(maxsize=32)
def _marker_table(entry: str, lang: str) -> tx.PhraseTable:
    return tx.PhraseTable((w, entry) for w in tx.words(entry, _marker_languages(entry, lang)) if "*" not in w)


@lru_cache(maxsize=32)
def _stems(entry: str, lang: str) -> tuple[re.Pattern[str], ...]:
    """Word patterns of a marker list ("*haribik*", "lalace*"): Swahili, Hausa and Amharic put
    person, tense and object onto the verb, so one stem stands for many typed words."""
    found = [w for w in tx.words(entry, _marker_languages(entry, lang)) if "*" in w]
    return tuple(re.compile("^" + ".*".join(re.escape(tx.key(p)) for p in w.split("*")) + "$") for w in found)


def markers(entry: str, lang: str, found: list[str]) -> list[tuple[int, int]]:
    """Token spans of a marker list's words and stems in the message's tokens."""
    spans = [(h.start, h.end) for h in _marker_table(entry, lang).find(found, typos=False)]
    stems = _stems(entry, lang)
    spans += [(i, i + 1) for i, t in enumerate(found) if any(p.match(t) for p in stems)]
    return spans


def corrects(text: str, lang: str) -> bool:
    """Whether a message says an earlier answer was wrong ("actually", "en fait", "kumbe")."""
    return bool(_marker_table("correction", lang).find(tx.tokens(text), typos=False))


# Hausa and Swahili say much in short words ("ban ruwa", irrigation): four letters make a word there.
SHORT_WORDS = {"ha", "sw"}
CONTENT_LETTERS = 4


@lru_cache(maxsize=16)
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(tx.word(w) for w in tx.words("function_words", dict.fromkeys([lang, "en"])))


def _content_word(token: str, lang: str) -> bool:
    if token[0].isdigit() or token in _function_words(lang):
        return False
    return tx.letters((token,)) >= (4 if tx.is_arabic(token) or lang in SHORT_WORDS else CONTENT_LETTERS)


def _problem(text: str, lang: str, used: list[tuple[int, int]], told: str) -> str | None:
    """The message as the problem, when it says one: a word of need or trouble ("need", "rots",
    "no water", "too expensive", "we want to") and a few words of content, or, without such a
    word, a message long enough in content to be a description."""
    found = tx.tokens(text)
    need = markers("need", lang, found)
    # "no" in "we have no electricity" answers the grid question; it says no problem by itself.
    situations = situation_spans(found, lang)
    trouble = [m for m in markers("trouble", lang, found) if not any(s <= m[0] < e for s, e in situations)]
    marked = need + trouble
    greeting = _marker_table("greetings", lang).find(found, typos=False)
    covered = {i for start, end in used for i in range(start, end)}
    covered |= {i for h in greeting for i in range(h.start, h.end)}
    # Words of trouble ("rots", "breaking") are content too; words of need ("help") are not.
    covered |= {i for start, end in need + markers("correction", lang, found) for i in range(start, end)}
    content = [t for i, t in enumerate(found) if i not in covered and _content_word(t, lang)]
    if len(content) < (MIN_CONTENT_WORDS if marked else MIN_UNMARKED_CONTENT_WORDS):
        return None
    cleaned = " ".join(told.split())
    # Drop a leading greeting ("Hello, ...") so the problem reads as the user's own sentence.
    if greeting and min(h.start for h in greeting) == 0:
        first = max(h.end for h in greeting if h.start == 0)
        words = cleaned.split()
        cleaned = " ".join(words[first:]).lstrip(",.!;:-– ") if len(words) > first else cleaned
    return cleaned[:PROBLEM_MAX] or None


def extract(text: str, lang: str, country: str | None = None) -> dict[str, Any]:
    """Field name -> value for everything the message says plainly."""
    if not text or not text.strip() or options.payload(text)[0]:
        return {}
    told, text = text, arabizi.to_arabic(text, lang)  # Arabizi read as Arabic, told kept as typed
    interview = load_interview()
    found: dict[str, Any] = {}
    place = countries.find_country(text, lang)
    if place.country:
        found["country"] = place.country
        if place.region:
            found["region"] = place.region
    for name in EXTRACTED_CHOICES:
        value = read_option(text, interview[name], lang)
        if value:
            found[name] = value
    # "no electricity", "the power goes off": said plainly in a sentence ("reliable" never is);
    # the word "electricity" alone, or a word one letter from it, says nothing.
    if (grid := situations.read_grid(text, lang, in_passing=True)) in ("none", "unreliable"):
        found["grid_access"] = grid
    if amounts.names_money(text):
        budget = amounts.read_budget(text, lang, found.get("country") or country)
        if budget:
            found["budget_band"] = budget
    scale = read_scale(text, lang)
    if scale:
        found["scale"] = scale
    problem = _problem(text, lang, _used_spans(text, lang, interview), told)
    if problem:
        found["problem"] = problem
    return found


def situation_spans(found: list[str], lang: str) -> list[tuple[int, int]]:
    """Token spans of the grid and water phrases a message names."""
    interview = load_interview()
    return [
        (h.start, h.end)
        for name in SITUATIONS
        for h in _strict_table(interview[name], lang).find(found, typos=False)
        if h.end - h.start > 1
    ]


def _used_spans(text: str, lang: str, interview: Any) -> list[tuple[int, int]]:
    """Token spans that name who and where, so they do not count as the problem's content
    (grid and water words do: "a borehole pump" is what the need is about)."""
    words = tx.tokens(text)
    spans = [(h.start, h.end) for h in countries._table().find(words, typos=False)]
    spans += [(h.start, h.end) for h in _strict_table(interview["org_type"], lang).find(words, typos=False)]
    return spans
