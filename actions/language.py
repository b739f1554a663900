"""Which language to speak: the channel's hint, what the user writes, and what they chose.

Detection on chat messages is unreliable (a greeting of one or two words fits many
languages), so the NLU component only reports a `language_guess` when it is confident, and a
language the user picked with a tap is never overridden by a guess.
"""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker

from bot.messages import DEFAULT_LANGUAGE, default_catalogue

GUESS_ENTITY = "language_guess"
MIN_GUESS_CONFIDENCE = 0.8


def supported() -> list[str]:
    return default_catalogue().languages


def normalise_code(code: Any) -> Optional[str]:
    """'pt-BR' -> 'pt'; None for a language we do not support."""
    if not isinstance(code, str) or not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in supported() else None


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def channel_hint(tracker: Tracker) -> Optional[str]:
    metadata = latest_metadata(tracker)
    return normalise_code(metadata.get("language_hint") or metadata.get("language"))


def confident_guess(tracker: Tracker) -> Optional[str]:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == GUESS_ENTITY:
            confidence = float(entity.get("confidence_entity") or 0)
            if confidence >= MIN_GUESS_CONFIDENCE:
                return normalise_code(entity.get("value"))
    return None


def language_for(tracker: Tracker, use_channel_hint: bool = False) -> Optional[str]:
    """The language to switch to now, or None to keep the current one.

    The channel's hint (Telegram's language_code, the browser's language, the phone's country)
    only chooses the first language: later it would undo what the conversation settled.
    """
    current = tracker.get_slot("language") or DEFAULT_LANGUAGE
    if tracker.get_slot("language_confirmed"):
        return None
    wanted = confident_guess(tracker) or (channel_hint(tracker) if use_channel_hint else None)
    return wanted if wanted and wanted != current else None


def language_buttons() -> list[dict[str, str]]:
    catalogue = default_catalogue()
    return [
        {"title": str(catalogue.locales[code].get("language_name", code)),
         "payload": '/set_language{"language": "%s"}' % code}
        for code in catalogue.languages
    ]
