"""Real rasa-sdk Tracker objects for action tests (no mocks of rasa-sdk)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from conversation.interview import load_interview


def make_tracker(
    text: str = "",
    slots: dict[str, Any] | None = None,
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    sender_id: str = "user-1",
    channel: str = "rest",
    active_loop: str | None = None,
    extracted: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """`extracted`: slots the form just filled from this message (SlotSet events after it)."""
    all_slots: dict[str, Any] = {name: None for name in load_interview().names}
    all_slots.update({"language": "en", "form_failures": 0, "match_offset": 0, "requested_slot": None})
    all_slots.update(slots or {})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
    }
    events = [
        {
            "event": "user",
            "text": text,
            "parse_data": latest,
            "input_channel": channel,
            "metadata": metadata or {},
        }
    ]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (extracted or {}).items()]
    return Tracker(
        sender_id,
        all_slots,
        latest,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]
