"""Payloads, settings and calls shared by the tests in this folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from harness.fakes.graph_api import sign_delivery
from harness.fakes.redate import redated

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "whatsapp"
ACCESS_TOKEN = "EAAGtestaccesstoken"
APP_SECRET = "0123456789abcdef0123456789abcdef"
VERIFY_TOKEN = "verify-me-please"
PHONE_NUMBER_ID = "1122334455667"
USER = "972987654321"  # the number in pywa's recorded payloads


def load(name: str) -> dict[str, Any]:
    """A recorded payload, sent now (older ones are refused as replays)."""
    return redated(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


def with_text(text: str, message_id: str = "wamid.custom1") -> dict[str, Any]:
    body = load("text")
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message["text"]["body"] = text
    message["id"] = message_id
    return body


async def deliver(
    http: httpx.AsyncClient,
    base: str,
    body: Any,
    secret: str | None = APP_SECRET,
    signature: str | None = None,
) -> httpx.Response:
    raw, headers = sign_delivery(body, secret or "unused")
    if secret is None:
        del headers["X-Hub-Signature-256"]
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return await http.post(f"{base}/webhook", content=raw, headers=headers)

