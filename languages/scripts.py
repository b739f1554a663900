"""Languages a script decides on its own: Ge'ez letters are Amharic, Arabic letters Arabic, and
Arabic written in Latin letters with digits for the letters Latin lacks ("3andi", "7na", "9lil":
Arabizi) is Arabic too."""

from __future__ import annotations

import re

_ETHIOPIC = ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))
_ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

# A non-Latin script decides once it holds this share of the letters ("ok ሰላም" is Amharic).
SCRIPT_SHARE = 0.5


def script_shares(text: str) -> dict[str, float]:
    """The share of the letters written in Ge'ez ("am") and in Arabic script ("ar")."""
    ethiopic = arabic = letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        code = ord(ch)
        if any(lo <= code <= hi for lo, hi in _ETHIOPIC):
            ethiopic += 1
        elif any(lo <= code <= hi for lo, hi in _ARABIC):
            arabic += 1
    if not letters:
        return {}
    return {"am": ethiopic / letters, "ar": arabic / letters}


def script_language(text: str) -> str | None:
    """"am" or "ar" when its script holds at least ``SCRIPT_SHARE`` of the letters, else None."""
    for language, share in script_shares(text).items():
        if share >= SCRIPT_SHARE:
            return language
    return None


# A word that mixes Latin letters with the digits Arabizi uses for ع ح ق خ ء ("ma3mal", "l7lwa",
# "n7ssen"); "20k", "4x4" and "mp3" are not.
_ARABIZI_WORD = re.compile(r"^(?=.*[a-z])(?=.*[a-z][23579]|.*[23579][a-z])[a-z23579']+$")
_NUMBER_UNIT = re.compile(r"^\d+(?:k|m|kg|km|mn|bn|ha|l|t|h|g|x|s)$|^[a-z]{1,3}\d$")
# Arabizi words a message needs to be Arabic: two, or one in a message of at most three words.
ARABIZI_WORDS = 2


def is_arabizi(text: str) -> bool:
    """Whether a Latin-script message is Arabic written in Arabizi."""
    words = [w.strip(".,!?;:()\"") for w in text.casefold().split()]
    found = sum(bool(_ARABIZI_WORD.match(w)) and not _NUMBER_UNIT.match(w) for w in words)
    return found >= ARABIZI_WORDS or (found == 1 and len(words) <= 3)


__all__ = ["is_arabizi", "script_language", "script_shares"]
