"""The steadiness rule, table-driven: a sequence of user messages -> the language after each.

Each message is written as what it says about language: "fr" a confident French guess, "-" no
confident guess, "ask:pt" a request for Portuguese, "hint:sw" a channel hint with no language
in the text, "hint:sw fr" both. The detector's side (which texts give which guesses) is tested
in tests/nlu/test_language_steadiness.py.
"""

from __future__ import annotations

import pytest

from languages import SUPPORTED, LanguageState, Turn, next_state, settle


def turn(spec: str) -> Turn:
    guess = requested = hint = None
    for part in spec.split():
        if part.startswith("ask:"):
            requested = part[4:]
        elif part.startswith("hint:"):
            hint = part[5:]
        elif part != "-":
            guess = part
    return Turn(guess=guess, requested=requested, hint=hint)


def languages_after_each(specs: list[str]) -> list[str]:
    state, seen = LanguageState(), []
    for spec in specs:
        state = next_state(state, turn(spec))
        seen.append(state.language)
    return seen


CASES = {
    # setting it: the first message that carries language, else the hint, else English
    "nothing known stays English": (["-", "-"], ["en", "en"]),
    "first message sets Hausa": (["ha", "-"], ["ha", "ha"]),
    "first message sets Amharic": (["am"], ["am"]),
    "a greeting without language, then Hausa": (["-", "ha", "-"], ["en", "ha", "ha"]),
    "channel hint sets it": (["hint:sw -", "-"], ["sw", "sw"]),
    "message beats the hint": (["hint:en ha", "-"], ["ha", "ha"]),
    "the first message with language beats an earlier hint": (["hint:en -", "pt", "-"], ["en", "pt", "pt"]),
    "a later hint changes nothing": (["fr", "hint:en -", "hint:en -"], ["fr", "fr", "fr"]),
    "unknown hint ignored": (["hint:de -", "-"], ["en", "en"]),
    # steadiness: one message in another language never switches
    "one Spanish-looking message in Portuguese": (["pt", "es", "pt", "-"], ["pt", "pt", "pt", "pt"]),
    "ambiguous messages in between break the run": (["pt", "es", "-", "es", "-"], ["pt"] * 5),
    "two different others do not add up": (["sw", "en", "ha", "en", "-"], ["sw"] * 5),
    "own language in between resets": (["fr", "en", "fr", "en", "fr"], ["fr"] * 5),
    "two in a row switch": (["pt", "es", "es", "-"], ["pt", "pt", "es", "es"]),
    "two in a row switch back again": (["ha", "en", "en", "ha", "ha"], ["ha", "ha", "en", "en", "ha"]),
    "Arabic script twice switches from French": (["fr", "ar", "ar"], ["fr", "fr", "ar"]),
    # requests
    "a request switches at once": (["sw", "ask:en", "-"], ["sw", "en", "en"]),
    "a request before any message": (["ask:am", "-"], ["am", "am"]),
    "a request beats the message's own language": (["fr ask:en"], ["en"]),
    "a chosen language is never overridden by detection": (["ask:ha", "en", "en", "en"], ["ha"] * 4),
    "only another request changes a chosen language": (["ask:ha", "en", "ask:fr", "sw", "sw"],
                                                         ["ha", "ha", "fr", "fr", "fr"]),
    "unknown request ignored": (["fr", "ask:de", "-"], ["fr", "fr", "fr"]),
}


@pytest.mark.parametrize(("specs", "expected"), CASES.values(), ids=CASES.keys())
def test_language_after_each_message(specs: list[str], expected: list[str]) -> None:
    assert languages_after_each(specs) == expected


@pytest.mark.parametrize("language", SUPPORTED)
@pytest.mark.parametrize("other", SUPPORTED)
def test_no_single_message_switches_any_language(language: str, other: str) -> None:
    assert languages_after_each([language, other, "-", other, language]) == [language] * 5


def test_settle_replays_from_a_state() -> None:
    assert settle([turn("sw"), turn("en")]) == LanguageState("sw", "message", pending="en")
    assert settle([turn("en")], start=LanguageState("sw", "message", pending="en")).language == "en"
    assert settle([]) == LanguageState()


def test_short_messages_never_switch_a_settled_language() -> None:
    """Arabizi user answering "oui", "oui" (ar-07 of the benchmark): two confident French words
    in a row are still two short answers."""
    state = LanguageState("ar", "message")
    for _ in range(3):
        state = next_state(state, Turn(guess="fr", words=1))
    assert state.language == "ar"
    state = next_state(state, Turn(guess="fr", words=2))
    assert state.language == "ar"


def test_two_full_sentences_in_another_language_still_switch() -> None:
    state = LanguageState("ar", "message")
    state = next_state(state, Turn(guess="fr", words=6))
    state = next_state(state, Turn(guess="fr", words=4))
    assert state.language == "fr"


def test_a_short_message_breaks_a_run() -> None:
    state = LanguageState("pt", "message")
    for words in (5, 1, 5):
        state = next_state(state, Turn(guess="es", words=words))
    assert state.language == "pt"


def test_a_short_first_message_still_sets_the_language() -> None:
    assert next_state(LanguageState(), Turn(guess="fr", words=1)).language == "fr"
