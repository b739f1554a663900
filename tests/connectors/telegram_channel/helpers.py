"""Payloads, settings and calls shared by the tests in this folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from harness.fakes.redate import redated

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "telegram"
TOKEN = "123456:TEST-token"
SECRET = "s3cret_TOKEN-1"
CHAT_ID = 1111111


def load(name: str) -> dict[str, Any]:
    """A recorded payload, sent now (older ones are refused as replays)."""
    return redated(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


async def post_update(
    http: httpx.AsyncClient,
    base: str,
    payload: Any,
    secret: str | None = SECRET,
    raw: bytes | None = None,
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    body = raw if raw is not None else json.dumps(payload).encode("utf-8")
    return await http.post(f"{base}/webhook", content=body, headers=headers)

