"""The assistant's languages: codes (ISO 639-1) and each language's name in itself."""

from __future__ import annotations

from typing import Any

# Launch languages first, then Hausa and Amharic; conversation/locales/<code>.yml exists for each (tested).
SUPPORTED: tuple[str, ...] = ("en", "fr", "es", "pt", "sw", "ar", "ha", "am")
DEFAULT = "en"

NAMES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "sw": "Kiswahili",
    "ar": "العربية",
    "ha": "Hausa",
    "am": "አማርኛ",
}


def normalise_code(code: Any) -> str | None:
    """'pt-BR', 'pt_BR', 'PT' -> 'pt'; None for anything that is not one of ours."""
    if not isinstance(code, str):
        return None
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base if base in SUPPORTED else None
