"""Serves Sanic apps (a channel's blueprint, or an app Rasa wired) on 127.0.0.1, for tests.

Real HTTP (not Sanic's ASGI path) so raw bodies and headers reach the channel exactly as a
webhook sender's would; sanic-testing is not used because its pins would downgrade httpx below
what python-telegram-bot 22 needs.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sanic import Sanic


def new_app() -> Sanic:
    # As sanic-testing does: lets several apps start in one process (Sanic's TouchUp would
    # otherwise rewrite its HTTP class a second time and fail).
    Sanic.test_mode = True
    return Sanic(f"test_{uuid.uuid4().hex}", configure_logging=False)


@asynccontextmanager
async def serve_app(app: Sanic) -> AsyncIterator[str]:
    """Yields the server's base URL, `http://127.0.0.1:<random port>`."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None
    try:
        await server.startup()
        await server.before_start()
        await server.start_serving()
        await server.after_start()
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


@asynccontextmanager
async def serve_channel(channel: Any, on_new_message: Callable[[Any], Awaitable[Any]]) -> AsyncIterator[str]:
    """Yields the base URL under which the channel's routes live (`.../webhooks/<name>`)."""
    app = new_app()
    prefix = f"/webhooks/{channel.url_prefix()}"
    app.blueprint(channel.blueprint(on_new_message), url_prefix=prefix)
    async with serve_app(app) as base:
        yield f"{base}{prefix}"
