"""Answers sent by the pure ASGI middlewares, before any route runs."""

import json
from typing import Any

from starlette.types import Send


async def send_json(
    send: Send, status: int, content: Any, extra_headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps(content, ensure_ascii=False, allow_nan=False).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *(extra_headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
