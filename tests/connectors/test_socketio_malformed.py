"""The socket.io channel fed, over raw Engine.IO long-polling HTTP (what a script can send, not
what the widget sends), malformed packets, bodies over engine.io's 1 MB limit, JSON nested
100,000 deep, bytes that are not UTF-8, lone surrogates, non-text and oversized messages and
metadata. Never a 500 or a crash: engine.io answers 400 (and drops the socket) for an oversized
body and 200 ("ok", the packet logged and dropped) for one it cannot decode; nothing reaches the
bot; and a well-behaved client is served normally afterwards.

Replays are not a socket.io concern: a message has no id, and sending the same text again is
what a user does."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import pytest_asyncio
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from connectors.process_settings import BODY_LIMIT_ENV, SECRET_ENV
from connectors.socketio_channel import MAX_MESSAGE_CHARS, SocketIOChannel
from connectors.web_origins import ORIGINS_ENV

CREDENTIALS = {
    "user_message_evt": "user_uttered",
    "bot_message_evt": "bot_uttered",
    "session_persistence": True,
}
SECRET = "m" * 32
BODY_LIMIT = 1024 * 1024
DEEP = 100_000
RECORD_SEPARATOR = "\x1e"  # between packets in one polling body


@dataclass
class Bot:
    received: list[UserMessage] = field(default_factory=list)

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        assert message.output_channel is not None
        await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")


@dataclass
class Poller:
    """One Engine.IO v4 client over long-polling, speaking raw HTTP."""

    http: httpx.AsyncClient
    base: str
    sid: str = ""

    def url(self) -> str:
        query = f"EIO=4&transport=polling&t={uuid.uuid4().hex[:8]}"
        return f"{self.base}/socket.io/?{query}" + (f"&sid={self.sid}" if self.sid else "")

    async def open(self) -> None:
        handshake = await self.http.get(self.url())
        assert handshake.status_code == 200 and handshake.text.startswith("0")
        self.sid = json.loads(handshake.text[1:])["sid"]
        assert (await self.post("40")).status_code == 200  # join the default namespace
        connected = await self.receive()
        assert connected[0].startswith("40"), connected

    async def post(self, body: str | bytes, content_type: str = "text/plain;charset=UTF-8") -> httpx.Response:
        content = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        return await self.http.post(self.url(), content=content, headers={"Content-Type": content_type})

    async def emit(self, event: str, data: Any) -> httpx.Response:
        return await self.post("42" + json.dumps([event, data]))

    async def receive(self) -> list[str]:
        """The packets waiting for this client (a long-poll: only call when one is expected)."""
        response = await asyncio.wait_for(self.http.get(self.url()), 10)
        assert response.status_code == 200
        return response.text.split(RECORD_SEPARATOR)

    async def events(self, name: str) -> list[Any]:
        packets = await self.receive()
        return [json.loads(p[2:])[1] for p in packets if p.startswith("42") and json.loads(p[2:])[0] == name]

    async def session(self) -> str:
        await self.emit("session_request", {"session_id": None})
        [session_id] = await self.events("session_confirm")
        return str(session_id)

    async def close(self) -> None:
        if self.sid:
            with contextlib.suppress(httpx.HTTPError):
                await self.post("1")  # engine.io CLOSE


@dataclass
class Running:
    base: str
    bot: Bot
    http: httpx.AsyncClient
    pollers: list[Poller] = field(default_factory=list)

    async def poller(self) -> Poller:
        poller = Poller(self.http, self.base)
        await poller.open()
        self.pollers.append(poller)
        return poller

    async def assert_still_serving(self) -> None:
        """A fresh, well-behaved client gets its session and its answer."""
        poller = await self.poller()
        session_id = await poller.session()
        before = len(self.bot.received)
        assert (
            await poller.emit("user_uttered", {"message": "habari", "session_id": session_id})
        ).status_code == 200
        assert await poller.events("bot_uttered") == [{"text": "echo: habari"}]
        assert [m.text for m in self.bot.received[before:]] == ["habari"]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Sanic, "test_mode", True)  # several apps in one process
    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.setenv(BODY_LIMIT_ENV, str(BODY_LIMIT))
    monkeypatch.setenv(ORIGINS_ENV, "http://127.0.0.1:8000")


@pytest_asyncio.fixture
async def running() -> AsyncIterator[Running]:
    channel = SocketIOChannel.from_credentials(CREDENTIALS)
    bot = Bot()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = Sanic(f"socketio_malformed_{uuid.uuid4().hex}")
    app.config.REQUEST_MAX_SIZE = BODY_LIMIT  # as bot/server.py configures Rasa's app
    app.blueprint(channel.blueprint(bot), url_prefix="/webhooks/socketio")
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    async with httpx.AsyncClient(timeout=30) as http:
        state = Running(f"http://127.0.0.1:{sock.getsockname()[1]}", bot, http)
        try:
            yield state
        finally:
            for poller in state.pollers:
                await poller.close()
            await server.before_stop()
            server.close()
            for connection in list(server.connections):
                connection.abort()
            await asyncio.wait_for(server.wait_closed(), 10)
            await server.after_stop()
            # Each engine.io session's next ping sleeps 25 s, and no API cancels it.
            pings = [t for t in asyncio.all_tasks() if t.get_coro().__qualname__ == "AsyncSocket._send_ping"]
            for ping in pings:
                ping.cancel()
            await asyncio.gather(*pings, return_exceptions=True)


def event(name: str, payload: str) -> str:
    return f'42["{name}",{payload}]'


MALFORMED_PACKETS = {
    "truncated JSON": '42["user_uttered",{"message":"hi"',
    "not JSON": "42user_uttered hi",
    "unknown packet type": "9hello",
    "nested 100,000 deep": event("user_uttered", "[" * DEEP + "]" * DEEP),
    "nested object 100,000 deep": event("user_uttered", '{"a":' * DEEP + "1" + "}" * DEEP),
    "NaN and huge numbers": event("user_uttered", '{"message": NaN, "session_id": 1e999999}'),
    "binary event without attachments": '451-["user_uttered",{"_placeholder":true,"num":0}]',
}


@pytest.mark.asyncio
@pytest.mark.parametrize("name", list(MALFORMED_PACKETS))
async def test_malformed_packets_are_dropped_without_a_500(running: Running, name: str) -> None:
    poller = await running.poller()
    await poller.session()
    response = await poller.post(MALFORMED_PACKETS[name])
    assert response.status_code in (200, 400), response.text
    assert running.bot.received == []
    await running.assert_still_serving()


@pytest.mark.asyncio
async def test_bytes_that_are_not_utf8_are_dropped_without_a_500(running: Running) -> None:
    poller = await running.poller()
    session_id = await poller.session()
    body = event(
        "user_uttered", json.dumps({"message": "café", "session_id": session_id}, ensure_ascii=False)
    )
    response = await poller.post(body.encode("latin-1"), content_type="text/plain;charset=ISO-8859-1")
    assert response.status_code in (200, 400)
    assert running.bot.received == []
    await running.assert_still_serving()


@pytest.mark.asyncio
async def test_body_over_one_megabyte_is_refused_with_413(running: Running) -> None:
    poller = await running.poller()
    session_id = await poller.session()
    response = await poller.emit("user_uttered", {"message": "x" * BODY_LIMIT, "session_id": session_id})
    assert response.status_code == 413  # Sanic's limit, at once (engine.io's would hang, see the channel)
    assert running.bot.received == []
    await running.assert_still_serving()


@pytest.mark.asyncio
async def test_body_just_under_the_limit_is_read_and_its_message_refused(running: Running) -> None:
    poller = await running.poller()
    session_id = await poller.session()
    response = await poller.emit("user_uttered", {"message": "x" * 1_040_000, "session_id": session_id})
    assert response.status_code == 200  # over engine.io's own 1,000,000 bytes: no hang
    assert running.bot.received == []  # longer than any typed message
    await running.assert_still_serving()


@pytest.mark.asyncio
@pytest.mark.parametrize("content_type", ["application/json", "application/octet-stream", ""])
async def test_content_type_does_not_matter_to_engine_io(running: Running, content_type: str) -> None:
    poller = await running.poller()
    session_id = await poller.session()
    body = event("user_uttered", json.dumps({"message": "sawa", "session_id": session_id}))
    assert (await poller.post(body, content_type=content_type)).status_code == 200
    assert await poller.events("bot_uttered") == [{"text": "echo: sawa"}]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "message",
    [None, 42, ["hi"], {"text": "hi"}, "", "   \n\u2028", "x" * (MAX_MESSAGE_CHARS + 1)],
)
async def test_a_message_that_is_not_text_a_person_typed_starts_no_turn(
    running: Running, message: Any
) -> None:
    poller = await running.poller()
    session_id = await poller.session()
    assert (
        await poller.emit("user_uttered", {"message": message, "session_id": session_id})
    ).status_code == 200
    await running.assert_still_serving()
    assert [m.text for m in running.bot.received] == ["habari"]  # only the well-behaved client's


@pytest.mark.asyncio
async def test_lone_surrogates_reach_the_bot_as_replacement_characters(running: Running) -> None:
    poller = await running.poller()
    session_id = await poller.session()
    payload = {"message": "mahindi \ud800", "session_id": session_id, "metadata": {"language": "sw\udfff"}}
    body = "42" + json.dumps(["user_uttered", payload])  # json.dumps escapes them as \ud800
    assert "\\ud800" in body
    assert (await poller.post(body)).status_code == 200
    assert await poller.events("bot_uttered") == [{"text": "echo: mahindi \ufffd"}]
    [message] = running.bot.received
    assert message.text == "mahindi \ufffd" and message.metadata == {"language": "sw\ufffd"}


@pytest.mark.asyncio
async def test_client_metadata_is_kept_flat_and_small(running: Running) -> None:
    poller = await running.poller()
    session_id = await poller.session()
    metadata: dict[str, Any] = {"language": "fr", "deep": {"a": [1, {"b": 2}]}, "long": "x" * 10_000}
    metadata.update({f"k{i}": i for i in range(100)})
    await poller.emit("user_uttered", {"message": "bonjour", "session_id": session_id, "metadata": metadata})
    assert await poller.events("bot_uttered") == [{"text": "echo: bonjour"}]
    [message] = running.bot.received
    assert message.metadata["language"] == "fr" and "deep" not in message.metadata
    assert len(message.metadata["long"]) == 256 and len(message.metadata) == 16
