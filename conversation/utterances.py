"""What an action hands to the NLG with a response name, typed and in one place.

Actions call `dispatcher.utter_message(response=NAME, **params)`; rasa-sdk sends the keyword
arguments to Rasa, whose NLG (`bot.nlg.LocalizedNLG`) renders the response from the message
catalogue (`conversation.messages`) in the user's language. Besides the response's own
placeholders, two argument names mean something to the NLG:

- `language` (`LANGUAGE`): render in this language rather than the `language` slot's (an
  action that switches language speaks the new one before its slot event is applied);
- `extra_buttons` (`BUTTONS`): buttons added after the response's own, each a `Button`.

A placeholder's value (`Param`) is plain text or a number, a list (joined with the locale's
separator), a reference to another catalogue entry rendered in the same language (`ref`), or
lines (`lines`). The rendered message carries `list_button`, the label WhatsApp shows on the
button that opens a list of more than three choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

LANGUAGE = "language"
BUTTONS = "extra_buttons"
LIST_BUTTON = "list_button"
REF = "$"
LINES = "$lines"

# A placeholder's value: text, a number, None (rendered as "not given"), a `ref`, `lines`, or a
# list of these. Kept as Any where it nests: JSON-like values travel through rasa-sdk.
Param = Any


class Button(TypedDict):
    title: Param
    payload: str


def ref(key: str, **params: Param) -> dict[str, Any]:
    """The catalogue entry at dotted `key`, rendered with `params` in the message's language."""
    return {REF: key, **params}


def lines(items: Sequence[Param]) -> dict[str, Any]:
    """Values rendered one per line."""
    return {LINES: list(items)}


def button(title: Param, payload: str) -> Button:
    return {"title": title, "payload": payload}


def choice_payload(code: str) -> str:
    """The payload of the button that picks option `code`: `/choose{"value": "sme"}`."""
    return f'/choose{{"value": "{code}"}}'

