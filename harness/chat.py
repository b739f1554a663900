"""A user of the REST channel: sends text, returns what the bot answered."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from conversation.utterances import choice_payload

# The root credentials.yml has no REST channel (its caller picks the sender): stacks that talk
# REST start Rasa with this file, which adds it.
REST_CREDENTIALS = Path(__file__).resolve().parent / "credentials.yml"


@dataclass
class RestUser:
    rasa_url: str
    sender: str = field(default_factory=lambda: f"e2e-{uuid.uuid4().hex[:12]}")
    history: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)

    def say(self, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"sender": self.sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        replies = response.json()
        self.history.append((text, replies))
        return replies

    def tracker(self, token: str) -> dict[str, Any]:
        url = f"{self.rasa_url}/conversations/{self.sender}/tracker"
        response = httpx.get(url, params={"token": token}, timeout=30)
        response.raise_for_status()
        return response.json()


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def choose(value: str) -> str:
    """The payload of the button that picks `value` (what the widget sends on a tap)."""
    return choice_payload(value)
