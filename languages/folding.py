"""One spelling fold for every comparison of words: NLU features, typed answers, the lexicon.

People type on phones without accents ("deja" for "déjà"), in any case, and Arabic with or
without hamza, with ta marbuta or ha, alef maqsura or ya, with or without diacritics and
tatweel. Both sides of a comparison are folded, so only the distinctions that carry meaning
remain. Hausa's hooked letters (ɓ ɗ ƙ ƴ) and Ge'ez syllables are letters of their own and stay.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
)
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # harakat, superscript alef, tatweel
_EDGE_PUNCTUATION = " \t\n.!?,;:\"'()¡¿«»“”‘’…-–—*_؟،؛።፣፤"


def fold(text: str) -> str:
    """Case, accents and Arabic letter variants folded: "Déjà" -> "deja", "مساعدة" -> "مساعده"."""
    text = _ARABIC_MARKS.sub("", text.casefold()).translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def normalise(text: str) -> str:
    """``fold``, then surrounding punctuation gone and spaces collapsed: " Oui, merci ! " -> "oui, merci"."""
    return " ".join(fold(text).strip(_EDGE_PUNCTUATION).split())
