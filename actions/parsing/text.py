"""Words as people type them on a phone: tokens, the answer lexicons, and known phrases found in a
message, exactly or with a typo. Pure Python (PyYAML, rapidfuzz).

Folding (case, accents, Arabic letter variants) is the project's one `fold`; here we only add what
matters for matching answers and not for the classifier: Hausa hooked letters typed plain ("kudi"
for "kuɗi") and the Ge'ez letters Amharic writes two ways ("ሀያ"/"ሃያ", "ሥልጠና"/"ስልጠና").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from conversation.messages import LOCALES_DIR, default_catalogue
from languages import fold

ANSWERS_DIR = LOCALES_DIR / "answers"

_HOOKS = str.maketrans({"ɗ": "d", "ƙ": "k", "ɓ": "b", "ƴ": "y", "’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _geez_plain() -> dict[int, int]:
    """Ge'ez series Amharic spells interchangeably, mapped onto one (all seven vowel orders)."""
    table: dict[int, int] = {}
    for variant, plain in (
        (0x1210, 0x1200),
        (0x1280, 0x1200),
        (0x1220, 0x1230),
        (0x12D0, 0x12A0),
        (0x1340, 0x1338),
    ):
        for order in range(7):
            table[variant + order] = plain + order
    table[0x1203] = 0x1200  # ሃ / ሀ
    table[0x12A3] = 0x12A0  # ኣ / አ
    return table


_GEEZ = _geez_plain()
# A letter/number boundary is a word boundary ("20k", "30ሺህ", "N50,000"); a number keeps its
# thousands separators ("20,000", "20.000", "20 000").
_BOUNDARY = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
TOKEN = re.compile(
    r"\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?|[^\W\d_]+(?:'[^\W\d_]+)*|[$€£₦₵₹৳฿₫₱¢]"
)


def key(text: str) -> str:
    """The form in which typed words and lexicon phrases are compared."""
    return fold(text).translate(_HOOKS).translate(_GEEZ).translate(_DIGITS)


# French and Portuguese elisions ("d'aide", "l'eau", "n'avons", "qu'on") are two words; Hausa
# apostrophes ("a'a", "jami'a", "na'am") are part of the word.
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu)'(?=[^\W\d_]{2})")


# Arabic writes "and" and "the" onto the word ("وتمويل", "النهر", "بالكهرباء"); the same cut on both
# sides (typed text and lexicon) lets "من النهر" meet "نهر".
_ARABIC_CLITICS = re.compile(r"^(?:و(?=[\u0621-\u064a]{3}))?(?:ال|بال|لل|فال|كال)?(?=[\u0621-\u064a]{2})")


# Amharic writes "in", "from", "for" and "of" onto the word ("በኢትዮጵያ", "ከወንዝ", "የመስኖ").
_GEEZ_CLITICS = re.compile(r"^[በከለየ](?=[\u1200-\u137f]{2})")


def _word(token: str) -> str:
    if "\u0621" <= token[0] <= "\u064a":
        return _ARABIC_CLITICS.sub("", token) or token
    if "\u1200" <= token[0] <= "\u137f":
        return _GEEZ_CLITICS.sub("", token)
    return _ELISION.sub("", token)


def tokens(text: str) -> list[str]:
    return [_word(t) for t in TOKEN.findall(_BOUNDARY.sub(" ", key(text)))]


def word(text: str) -> str:
    """One word in the form `tokens` gives it."""
    return " ".join(tokens(text))


def phrase(text: str) -> tuple[str, ...]:
    return tuple(tokens(text))


def is_geez(text: str) -> bool:
    return any("\u1200" <= c <= "\u137f" for c in text)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def letters(gram: tuple[str, ...]) -> int:
    """Length for typo tolerance: one Ge'ez letter is a syllable, about two Latin letters."""
    joined = " ".join(gram)
    return len(joined) * (2 if is_geez(joined) else 1)


def allowed_typos(gram: tuple[str, ...], min_letters: int = 5, most: int = 2) -> int:
    size = letters(gram)
    if size < min_letters or any(t[0].isdigit() for t in gram):
        return 0
    return min(most, 1 if size < 9 else 2)


@lru_cache(maxsize=16)
def answers(lang: str) -> Mapping[str, Any]:
    """conversation/locales/answers/<lang>.yml, or an empty lexicon for a language without one."""
    path = ANSWERS_DIR / f"{lang}.yml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=4)
def data(name: str) -> Mapping[str, Any]:
    return yaml.safe_load((ANSWERS_DIR / f"{name}.yml").read_text(encoding="utf-8")) or {}


def languages() -> list[str]:
    return default_catalogue().languages


def words(entry: str, langs: Iterable[str]) -> list[str]:
    """A word list of the answer lexicons (e.g. "yes", "unknown", "greetings") in several languages."""
    found: list[str] = []
    for lang in langs:
        found += [str(w) for w in answers(lang).get(entry) or []]
    return found


def order(lang: str) -> list[str]:
    """The user's language first, then English and French (the words most often mixed in), then the rest."""
    first = [lang, "en", "fr"]
    return list(dict.fromkeys(first + languages()))


@dataclass(frozen=True)
class Hit:
    key: str
    start: int
    end: int
    score: float
    exact: bool

    def covers(self, other: Hit) -> bool:
        return (
            self.start <= other.start
            and other.end <= self.end
            and (self.end - self.start) > (other.end - other.start)
        )


class PhraseTable:
    """Phrases (token tuples) each meaning one or more keys; finds them in a message's tokens."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self.keys: dict[tuple[str, ...], set[str]] = {}
        for text, meaning in entries:
            gram = phrase(text)
            if gram:
                self.keys.setdefault(gram, set()).add(meaning)
        self.by_size: dict[int, list[str]] = {}
        self.joined: dict[str, tuple[str, ...]] = {}
        for gram in self.keys:
            self.by_size.setdefault(len(gram), []).append(" ".join(gram))
            self.joined[" ".join(gram)] = gram
        self.longest = max((len(g) for g in self.keys), default=0)

    def find(
        self,
        found: list[str],
        typos: bool = True,
        min_letters: int = 5,
        skip: frozenset[str] = frozenset(),
        most: int = 2,
    ) -> list[Hit]:
        """Every phrase found in the tokens; typos only when allowed and the message is short."""
        hits: list[Hit] = []
        typos = typos and len(found) <= 60
        for size in range(1, min(self.longest, len(found)) + 1):
            choices = self.by_size.get(size, [])
            for start in range(len(found) - size + 1):
                gram = tuple(found[start : start + size])
                if gram in self.keys:
                    hits += [Hit(k, start, start + size, float(letters(gram)), True) for k in self.keys[gram]]
                    continue
                joined = " ".join(gram)
                limit = allowed_typos(gram, min_letters, most) if typos and joined not in skip else 0
                if not limit or not choices:
                    continue
                for choice, distance, _ in process.extract(
                    joined, choices, scorer=OSA.distance, score_cutoff=limit, limit=3
                ):
                    near = self.joined[choice]
                    fits = allowed_typos(near, min_letters, most) >= distance
                    if fits and _typos_in_long_words(gram, near):
                        score = letters(near) - 2.0 * distance
                        hits += [Hit(k, start, start + size, score, False) for k in self.keys[near]]
        return [h for h in hits if not any(o.key != h.key and o.covers(h) for o in hits)]


def _typos_in_long_words(typed: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """A typo changes letters of long words only: "tem luz" is not "sem luz", nor "si hay" "no hay"."""
    if len(typed) == 1:
        return True
    return all(a == b or allowed_typos((b,)) >= OSA.distance(a, b) for a, b in zip(typed, known, strict=True))


def best(hits: list[Hit]) -> list[tuple[str, float]]:
    """Keys ranked by the evidence for them: the scores of their hits that do not overlap, added
    ("electricity ... cut often" is more for "often cut" than "electricity" alone is for "reliable")."""
    scores: dict[str, float] = {}
    for key in {h.key for h in hits}:
        taken: list[Hit] = []
        for hit in sorted((h for h in hits if h.key == key), key=lambda h: -h.score):
            if all(hit.end <= t.start or hit.start >= t.end for t in taken):
                taken.append(hit)
        scores[key] = sum(h.score for h in taken)
    return sorted(scores.items(), key=lambda item: -item[1])
