"""Request bodies are limited as their bytes arrive, not after they have all been read.

Checking Content-Length alone does not stop a chunked upload (it has none), and checking the
length of `await request.body()` comes after the whole body is in memory: a 40 MB body took
the server from 157 to 280 MB. This pure ASGI middleware refuses a declared length over the
limit at once and counts the bytes of every body message, stopping at the first byte too many.
"""

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from knowledge.api.respond import send_json

DEFAULT_MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(HTTPException):
    """Raised from `receive`; FastAPI lets an HTTPException from the body read pass unchanged,
    so the route answers 413 whether or not this middleware catches it itself."""

    def __init__(self, limit: int):
        super().__init__(413, too_large_message(limit), headers={"Connection": "close"})


def too_large_message(limit: int) -> str:
    return f"request body larger than {limit} bytes, the limit of this route"


class BodyLimitMiddleware:
    def __init__(
        self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES, per_path: Mapping[str, int] | None = None
    ):
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = dict(per_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            # The server (h11, httptools) has already refused a malformed value.
            return int(value) if value.isdigit() else None
    return None


async def _refuse(send: Send, limit: int) -> None:
    # Connection: close, so that the server stops reading the rest of a body we will not use.
    await send_json(
        send, 413, {"detail": too_large_message(limit)}, extra_headers=[(b"connection", b"close")]
    )
