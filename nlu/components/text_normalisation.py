"""Spelling variation that carries no meaning on a phone keyboard, folded away. Pure Python.

Users type without accents ("deja" for "déjà"), in any case, and Arabic with or without hamza,
with ta marbuta or ha, alef maqsura or ya, diacritics and tatweel. The classifier should see
one form for each.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # harakat, superscript alef, tatweel


def fold(token: str) -> str:
    text = _ARABIC_MARKS.sub("", token.casefold()).translate(_ARABIC)
    decomposed = unicodedata.normalize("NFKD", text)
    # Combining marks go, except on Ge'ez and Arabic letters, which have none that matter here.
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
