"""Replies as the platforms take them: lengths as they count them, long texts split at
paragraph, line or word breaks, buttons, cutting with an ellipsis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji outside the BMP counts 2).

    `surrogatepass`: a lone surrogate (JSON allows `"\\ud800"`) counts one unit instead of raising.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_message(text: str, limit: int, length: Callable[[str], int] = len) -> list[str]:
    """Splits text into chunks of at most `limit`, preferring paragraph, line, then word breaks.

    Only a single word longer than `limit` is cut inside the word.
    """
    if length(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while length(rest) > limit:
        cut = _longest_prefix_within(rest, limit, length)
        window = rest[:cut]
        split_at = -1
        for separator in ("\n\n", "\n", " "):
            position = window.rfind(separator)
            if position > 0:
                split_at = position
                break
        if split_at <= 0:
            split_at = cut
        chunk = rest[:split_at].rstrip()
        if chunk:
            chunks.append(chunk)
        rest = rest[split_at:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _longest_prefix_within(text: str, limit: int, length: Callable[[str], int]) -> int:
    """Largest index i such that length(text[:i]) <= limit (at least 1 character)."""
    if length is len:
        return max(1, min(limit, len(text)))
    low, high = 1, min(len(text), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def parse_buttons(buttons: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    """Rasa buttons -> [(title, payload)]; a button without payload sends its title."""
    parsed: list[tuple[str, str]] = []
    for button in buttons or []:
        title = str(button.get("title") or "").strip()
        # A blank payload (even "\u2028") sends the title, never an empty callback.
        payload = str(button.get("payload") or "").strip() or title
        if title or payload:
            parsed.append((title or payload, payload))
    return parsed


def truncate(text: str, limit: int) -> str:
    """Cuts to `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"
