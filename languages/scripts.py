"""Languages a script decides on its own: Ge'ez letters are Amharic, Arabic letters Arabic."""

from __future__ import annotations

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
