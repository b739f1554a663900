"""The steadiness rule: which language the conversation is in, after each user message.

1. A language the user asks for (the language button, "/language" then a tap, "in English
   please") is taken at once, and detection never overrides it: only another request does.
2. Until a message carries language, the channel's hint (Telegram's language_code, the
   browser's language, the phone's country code) sets it; English when there is none.
3. The first message that confidently carries language sets it, over the channel's hint: the
   hint describes the phone, the message describes the person.
4. After that it changes only when two messages in a row are confidently in the same other
   language and each has at least three words. A message with no confident language ("no",
   "taxi", "8000", "Kenya", a button, or "menos de 8.000 dólares", which reads the same in
   Spanish and Portuguese) breaks the run, and so does a short one ("oui", "ok merci"): short
   answers are often said in a language the user does not write in.

Pure and deterministic: the actions replay the user messages of the tracker through ``settle``,
so no slot has to remember the pending switch and every action sees the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from languages.codes import DEFAULT, normalise_code

Source = Literal["default", "hint", "message", "request"]

# Detector confidence a guess needs to count as a message "confidently" in a language.
CONFIDENT = 0.8
# Words a message needs to count towards switching an already settled language (rule 4).
SWITCH_WORDS = 3


@dataclass(frozen=True)
class Turn:
    """What one user message says about its language. Codes outside ours are ignored."""

    guess: str | None = None  # the detector's confident guess (nlu: entity language_guess)
    requested: str | None = None  # a language the message asks for
    hint: str | None = None  # the channel's hint that came with the message
    words: int | None = None  # how many words the message has (None: not counted)


@dataclass(frozen=True)
class LanguageState:
    language: str = DEFAULT
    source: Source = "default"
    pending: str | None = None  # the other language the previous message was confidently in


def next_state(state: LanguageState, turn: Turn) -> LanguageState:
    """The state after one more user message (rules 1-4 of the module docstring)."""
    requested, guess, hint = (normalise_code(code) for code in (turn.requested, turn.guess, turn.hint))
    if requested:
        return LanguageState(requested, "request")
    if state.source == "request":
        return state
    if state.source in ("default", "hint"):
        if guess:
            return LanguageState(guess, "message")
        if hint and state.source == "default":
            return LanguageState(hint, "hint")
        return state
    short = turn.words is not None and turn.words < SWITCH_WORDS
    if guess is None or guess == state.language or short:
        return replace(state, pending=None)
    if state.pending == guess:
        return LanguageState(guess, "message")
    return replace(state, pending=guess)


def settle(turns: Iterable[Turn], start: LanguageState | None = None) -> LanguageState:
    """The state after all of ``turns``, oldest first."""
    state = start or LanguageState()
    for turn in turns:
        state = next_state(state, turn)
    return state
