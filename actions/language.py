"""Which language to speak: the tracker's messages read through the steadiness rule.

The rule itself is pure and lives in ``languages.steadiness`` (channel hint or first message
sets the language; a request changes it at once; otherwise only two messages in a row
confidently in another language do). This module only reads, from a rasa-sdk Tracker, what each
user message says about language, and the state the conversation was in before the latest one.

``action_settle_language`` (the ``language`` slot's custom mapping, run by Rasa's
``action_extract_slots`` after every user message) applies it first, so every reply of the
turn, even a plain "not understood", is rendered in the settled language. ``language_for`` is
the same decision for actions that want it explicitly (greeting, form validation); after the
settling action has run it returns None.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from conversation.messages import default_catalogue
from languages import (
    DEFAULT,
    SUPPORTED,
    LanguageState,
    Turn,
    is_arabizi,
    next_state,
    normalise_code,
    requested_language,
)
from languages.steadiness import CONFIDENT

GUESS_ENTITY = "language_guess"
CHOICE_ENTITY = "language"
MIN_GUESS_CONFIDENCE = CONFIDENT

__all__ = ["normalise_code", "supported", "language_for", "settled_state", "language_buttons"]


def supported() -> list[str]:
    return list(SUPPORTED)


def user_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The user messages since the last restart, oldest first."""
    found: list[dict[str, Any]] = []
    for event in tracker.events:
        if event.get("event") == "restart":
            found = []
        elif event.get("event") == "user":
            found.append(event)
    return found


def turn_of(event: dict[str, Any]) -> Turn:
    """What one user message says about language (see ``languages.Turn``)."""
    parse_data = event.get("parse_data") or {}
    entities = parse_data.get("entities") or []
    metadata = event.get("metadata") or {}
    requested = None
    if (parse_data.get("intent") or {}).get("name") == "set_language":
        chosen = (normalise_code(e.get("value")) for e in entities if e.get("entity") == CHOICE_ENTITY)
        requested = next(chosen, None)
    requested = requested or requested_language(str(event.get("text") or ""))
    guess = None
    for entity in entities:
        if entity.get("entity") == GUESS_ENTITY and float(entity.get("confidence_entity") or 0) >= CONFIDENT:
            guess = normalise_code(entity.get("value"))
    if guess != "ar" and is_arabizi(str(event.get("text") or "")):
        guess = "ar"  # Arabic in Latin letters: the detector reads it as French or English
    hint = normalise_code(metadata.get("language_hint") or metadata.get("language"))
    return Turn(guess=guess, requested=requested, hint=hint, words=word_count(str(event.get("text") or "")))


def word_count(text: str) -> int:
    """Words with letters in them ("8.000" and "/choose{...}" are none)."""
    if text.startswith("/"):
        return 0
    return sum(any(c.isalpha() for c in word) for word in text.split())


def state_before_latest(tracker: Tracker) -> LanguageState:
    """The rule's state before the latest message, from the slots and the previous message.

    The slots hold the language (and whether the user chose it); what the rule also needs is
    whether a message already carried language, and the previous message's other language.
    """
    language = normalise_code(tracker.get_slot("language")) or DEFAULT
    if tracker.get_slot("language_confirmed"):
        return LanguageState(language, "request")
    earlier = [turn_of(event) for event in user_events(tracker)[:-1]]
    if not any(turn.guess or turn.requested for turn in earlier):
        # An English hint is still a hint: a later message's other hint must not replace it.
        hinted = language != DEFAULT or any(turn.hint for turn in earlier)
        return LanguageState(language, "hint" if hinted else "default")
    previous = earlier[-1].guess
    return LanguageState(language, "message", previous if previous and previous != language else None)


def settled_state(tracker: Tracker) -> LanguageState:
    """The rule's state after the latest user message."""
    events = user_events(tracker)
    latest = turn_of(events[-1]) if events else Turn()
    return next_state(state_before_latest(tracker), latest)


def language_for(tracker: Tracker, use_channel_hint: bool = True) -> str | None:
    """The language to switch to now, or None to keep the current one.

    ``use_channel_hint`` is kept for callers written before the steadiness rule: the rule itself
    uses the hint only while no message has carried language.
    """
    current = normalise_code(tracker.get_slot("language")) or DEFAULT
    wanted = settled_state(tracker).language
    return wanted if wanted != current else None


def language_buttons() -> list[dict[str, str]]:
    catalogue = default_catalogue()
    return [
        {"title": str(catalogue.locales[code].get("language_name", code)),
         "payload": f'/set_language{{"language": "{code}"}}'}
        for code in catalogue.languages
    ]
