"""Arabic typed in Latin letters and digits ("Arabizi": "3andi mochkil f lma", "kayna lkahraba
walakin kat9te3"), rewritten word by word into the Arabic words of our lexicons, so the same
parsers read it. Both sides are reduced to a consonant skeleton (vowels, alef, waw and ya
dropped; emphatic letters merged with their plain ones; doubled letters once), the way people
write Arabizi: 3 = ع, 7 = ح, 9 = ق, 5/kh = خ, 8/gh = غ, ch/sh = ش.

Only whole words that meet a lexicon word are rewritten; French and English words stay as they
are (Maghrebi Arabic mixes them in, and the lexicons know them). Pure, no I/O but the lexicons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from actions.parsing import text as tx

_ARABIC = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "7", "خ": "5", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "$", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "ع": "3", "غ": "8", "ف": "f", "ق": "9",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}
_LATIN_PAIRS = (("kh", "5"), ("sh", "$"), ("ch", "$"), ("gh", "8"), ("th", "t"), ("dh", "d"), ("ou", ""))
# Digits and letters that stand for a consonant; every other character (the vowels) is dropped.
_LATIN = {
    **{c: c for c in "3578bdfjklmnrstz$h"},
    "2": "", "6": "t", "9": "9", "q": "9", "g": "j", "p": "b", "v": "f", "c": "k", "x": "5",
}
# Words that start with these are verbs or nouns with a prefix Arabizi writes too ("kat9te3",
# "bit2ata3", "lkahraba"): tried without it when the whole word meets nothing.
_PREFIXES = ("al", "el", "l", "ka", "ki", "kan", "kat", "kay", "bi", "b", "w")
WORD = re.compile(r"[A-Za-z0-9']+")
_DIGIT_IN_WORD = re.compile(r"[a-z][2-9]|[2-9][a-z]", re.I)
MIN_SKELETON = 2


def _squeeze(letters: str) -> str:
    return re.sub(r"(.)\1+", r"\1", letters)


def arabic_skeleton(word: str) -> str:
    """The consonants of an Arabic word (its article and clitics already cut by the tokenizer)."""
    letters = "".join(_ARABIC.get(c, "") for c in word)
    return _squeeze(letters.removesuffix("h") if len(letters) > 2 else letters)


def latin_skeleton(word: str) -> str:
    low = word.casefold().replace("'", "")
    for pair, letter in _LATIN_PAIRS:
        low = low.replace(pair, letter)
    letters = "".join(_LATIN.get(c, "") for c in low)
    return _squeeze(letters.removesuffix("h") if len(letters) > 2 else letters)


def _arabic_words(value: Any) -> Iterator[str]:
    """Every Arabic-script word of a lexicon entry, however deeply it is nested."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _arabic_words(key)
            yield from _arabic_words(item)
    elif isinstance(value, list):
        for item in value:
            yield from _arabic_words(item)
    elif isinstance(value, str) and tx.is_arabic(value) and "*" not in value:
        yield from (t for t in tx.tokens(value) if tx.is_arabic(t))


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Skeleton -> an Arabic lexicon word with it (the first one met: the lexicon's order)."""
    index: dict[str, str] = {}
    for word in _arabic_words(dict(tx.answers("ar"))):
        skeleton = arabic_skeleton(word)
        if len(skeleton) >= MIN_SKELETON:
            index.setdefault(skeleton, word)
    return index


def _arabic_for(word: str) -> str | None:
    index = _index()
    low = word.casefold()
    variants = [low] + [low[len(p):] for p in _PREFIXES if low.startswith(p) and len(low) > len(p) + 1]
    for variant in variants:
        skeleton = latin_skeleton(variant)
        found = index.get(skeleton) if len(skeleton) >= MIN_SKELETON else None
        # Two consonants say little: "7na" (we) is not "احيانا" (sometimes), "bir" is "بير".
        if found and (len(skeleton) > MIN_SKELETON or len(found) - len(skeleton) <= 1):
            return found
    return None


def applies(text: str, lang: str) -> bool:
    """Arabizi is read in an Arabic conversation, or anywhere a word mixes letters and 3/7/9."""
    return lang == "ar" or bool(_DIGIT_IN_WORD.search(text))


def to_arabic(text: str, lang: str) -> str:
    """The text with every Arabizi word that meets a lexicon word written in Arabic script."""
    if not applies(text, lang) or not re.search(r"[A-Za-z]", text):
        return text
    known = {tx.word(str(w)) for w in _latin_lexicon_words()}

    def rewrite(match: re.Match[str]) -> str:
        word = match.group(0)
        if not any(c.isalpha() for c in word) or tx.word(word) in known:
            return word
        return _arabic_for(word) or word

    return WORD.sub(rewrite, text)


@lru_cache(maxsize=1)
def _latin_lexicon_words() -> frozenset[str]:
    """Latin words the Arabic lexicon already knows as they are ("robinet", "wakha", "ok")."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and not tx.is_arabic(value) and "*" not in value:
            found.update(value.split())

    walk(dict(tx.answers("ar")))
    return frozenset(found)
