"""What the simulated users say, and how each turn is known to be over.

Over REST a turn is over when the response arrives; over socket.io each message is an event of
its own, so a turn is over when the message that ends it arrives: the one holding the step's
`until` text (a question, or a button payload).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.chat import choose


@dataclass(frozen=True)
class Step:
    say: str
    until: str  # found in the text or a button payload of the turn's last message


# Our assistant: one complete interview, then "confirm" (the need is stored, matches shown).
INTERVIEW = (
    Step("hello", "Who are you?"),
    Step(choose("ngo"), "Which country"),
    Step("Tanzania", "region"),
    Step("Arusha", "problem"),
    Step("Villages have no clean drinking water and children get sick.", "today"),
    Step("We boil water with firewood.", "result"),
    Step("Safe water for 2000 people.", "How big"),
    Step("2000 people", "money"),
    Step("$8000", "electricity"),
    Step(choose("unreliable"), "water"),
    Step(choose("borehole_or_well"), "What help"),
    Step("1", "keep your answers"),
    Step("yes", "share"),
    Step("yes", "contact"),
    Step(choose("phone_call"), "/confirm"),
    Step("/confirm", "/show_offers"),
)

# The bare `rasa init` bot has no interview: its own four-turn chat, four times over, is the
# same number of messages.
BARE = tuple(
    step
    for _ in range(4)
    for step in (Step("hello", "How are you"), Step("I am sad", "Did that help"),
                 Step("yes", "Great, carry on"), Step("bye", "Bye"))
)


def message_marks(message: dict[str, Any]) -> str:
    """A message's text and its button payloads (REST: buttons, socket.io: quick_replies)."""
    buttons = [*message.get("buttons", []), *message.get("quick_replies", [])]
    return "\n".join([message.get("text") or "", *(str(b.get("payload", "")) for b in buttons)])
