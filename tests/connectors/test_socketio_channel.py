"""The socket.io channel over a real socket: a Sanic app built from the channel's
blueprint, served on a free local port, talked to by python-socketio AsyncClients.

The bot is an echo callback that records every ``UserMessage`` it is handed.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
import socketio
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Sanic

from connectors.process_settings import SECRET_ENV
from connectors.socketio_channel import SocketIOChannel, client_metadata
from connectors.socketio_session import SessionSigner
from connectors.web_origins import ORIGINS_ENV

# As in credentials.yml.
CREDENTIALS = {
    "user_message_evt": "user_uttered",
    "bot_message_evt": "bot_uttered",
    "session_persistence": True,
}
TIMEOUT = 5.0
SECRET = "s" * 32
WIDGET_ORIGIN = "http://127.0.0.1:8000"


@dataclass
class EchoBot:
    """Stands in for the Rasa agent: replies with the text it was sent."""

    received: list[UserMessage] = field(default_factory=list)
    handled: asyncio.Event = field(default_factory=asyncio.Event)

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        assert message.output_channel is not None
        await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")
        self.handled.set()


@dataclass
class Client:
    sio: socketio.AsyncClient
    bot_messages: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    confirmations: asyncio.Queue[str] = field(default_factory=asyncio.Queue)

    async def request_session(self, session_id: Any = None) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.confirmations.get(), TIMEOUT)


@dataclass
class Server:
    url: str
    channel: SocketIOInput
    bot: EchoBot = field(default_factory=EchoBot)
    clients: list[Client] = field(default_factory=list)

    async def connect(self, headers: dict[str, str] | None = None) -> Client:
        client = Client(socketio.AsyncClient(reconnection=False))
        client.sio.on("bot_uttered", client.bot_messages.put)
        client.sio.on("session_confirm", client.confirmations.put)
        # Long-polling: python-engineio 4.15's websocket client needs aiohttp>=3.10
        # (ClientWSTimeout) and Rasa 3.6 pins aiohttp<3.10. The browser test covers
        # websockets.
        await client.sio.connect(
            self.url, headers=headers or {}, transports=["polling"], wait_timeout=TIMEOUT
        )
        self.clients.append(client)
        return client

    async def drop(self, client: Client) -> None:
        """Close a client's connection from the server side, and wait for it.

        A polling client's own disconnect() waits for its pending long-poll,
        which the server holds for up to 45 s; a CLOSE from the server ends it.
        """
        assert self.channel.sio is not None
        eio = client.sio.eio
        if eio.state == "connected":
            await self.channel.sio.eio.disconnect(eio.sid)
        while eio.state != "disconnected":
            await asyncio.sleep(0.01)
        # python-engineio 4.15 empties the send queue on disconnect, stop
        # sentinel included, which leaves the write loop waiting for its timeout.
        eio.queue.put_nowait(None)
        await asyncio.wait_for(eio.wait(), TIMEOUT)

    async def say(self, client: Client, payload: dict[str, Any]) -> None:
        """Send a user message and wait until the bot has handled it."""
        self.bot.handled.clear()
        await client.sio.emit("user_uttered", payload)
        await asyncio.wait_for(self.bot.handled.wait(), TIMEOUT)


@contextlib.asynccontextmanager
async def serve(channel_class: type[SocketIOInput]) -> AsyncIterator[Server]:
    channel = channel_class.from_credentials(CREDENTIALS)
    # Sanic reads port 0 as "use 8000": bind a free port ourselves.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = Server(f"http://127.0.0.1:{sock.getsockname()[1]}", channel)
    app = Sanic(f"socketio_test_{uuid.uuid4().hex}")
    app.blueprint(channel.blueprint(server.bot), url_prefix="/webhooks/socketio")
    # create_server() already awaits the listening socket into being.
    http = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert http is not None
    await http.startup()
    await http.before_start()
    await http.after_start()
    try:
        yield server
    finally:
        for client in server.clients:
            await server.drop(client)
        await http.before_stop()
        http.close()
        for connection in list(http.connections):
            connection.abort()
        await asyncio.wait_for(http.wait_closed(), TIMEOUT)
        await http.after_stop()
        # Each session's next ping sleeps 25 s, and no API cancels it.
        pings = [t for t in asyncio.all_tasks() if t.get_coro().__qualname__ == "AsyncSocket._send_ping"]
        for ping in pings:
            ping.cancel()
        await asyncio.gather(*pings, return_exceptions=True)


@pytest.fixture(autouse=True)
def sanic_test_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sanic 21.12 rewrites its protocol methods at each app's startup (TouchUp)
    # and fails on the second app of a process unless it is in test mode.
    monkeypatch.setattr(Sanic, "test_mode", True)


@pytest.fixture(autouse=True)
def channel_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.setenv(ORIGINS_ENV, WIDGET_ORIGIN)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[Server]:
    async with serve(SocketIOChannel) as running:
        yield running


def sender_of(session_id: str) -> str | None:
    return SessionSigner(SECRET).sender_of(session_id)


@pytest.mark.asyncio
async def test_replies_reach_the_session(server: Server) -> None:
    client = await server.connect()
    session_id = await client.request_session()

    await client.sio.emit("user_uttered", {"message": "hello", "session_id": session_id})

    assert await asyncio.wait_for(client.bot_messages.get(), TIMEOUT) == {"text": "echo: hello"}
    # Rasa keys the tracker by the sender id alone, never by the signed id the client holds.
    assert server.bot.received[0].sender_id == sender_of(session_id)
    assert server.bot.received[0].sender_id not in (None, session_id)
    assert server.bot.received[0].input_channel == "socketio"


@pytest.mark.asyncio
async def test_a_reconnecting_socket_resumes_its_session(server: Server) -> None:
    first = await server.connect()
    session_id = await first.request_session()
    await server.drop(first)

    second = await server.connect()
    assert await second.request_session(session_id) == session_id
    await second.sio.emit("user_uttered", {"message": "back", "session_id": session_id})

    assert await asyncio.wait_for(second.bot_messages.get(), TIMEOUT) == {"text": "echo: back"}
    assert server.bot.received[0].sender_id == sender_of(session_id)


@pytest.mark.asyncio
async def test_a_session_survives_a_restart_with_the_same_secret() -> None:
    async with serve(SocketIOChannel) as before:
        session_id = await (await before.connect()).request_session()
    async with serve(SocketIOChannel) as after:
        assert await (await after.connect()).request_session(session_id) == session_id


@pytest.mark.asyncio
async def test_a_socket_knowing_only_the_sender_id_gets_nothing(server: Server) -> None:
    victim = await server.connect()
    victims_session = await victim.request_session()
    victims_sender = sender_of(victims_session)
    await server.say(victim, {"message": "my phone is +254700000000", "session_id": victims_session})
    forged = f"{victims_sender}.{'0' * 64}"
    intruder = await server.connect()

    for attempt in (victims_sender, forged):
        assert await intruder.request_session(attempt) != attempt
        await intruder.sio.emit("user_uttered", {"message": "/confirm", "session_id": attempt})
    await server.say(victim, {"message": "still me", "session_id": victims_session})
    # Packets to one socket keep their order: a reply meant for the intruder would come first.
    await intruder.request_session()

    assert [message.text for message in server.bot.received] == ["my phone is +254700000000", "still me"]
    assert intruder.bot_messages.empty()


@pytest.mark.asyncio
async def test_a_browser_from_another_origin_is_refused(server: Server) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        await server.connect(headers={"Origin": "https://evil.example"})
    widget = await server.connect(headers={"Origin": WIDGET_ORIGIN})
    assert await widget.request_session()


@pytest.mark.asyncio
@pytest.mark.parametrize("key", ["metadata", "customData"])
async def test_client_metadata_reaches_the_user_message(server: Server, key: str) -> None:
    client = await server.connect()
    session_id = await client.request_session()

    await server.say(client, {"message": "bonjour", "session_id": session_id, key: {"language": "fr"}})

    assert server.bot.received[0].metadata == {"language": "fr"}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "requested",
    [
        "not-a-session",
        "A" * 32,
        "0" * 100,
        42,
        {"a": 1},
        uuid.uuid4().hex,  # a bare id, as issued before sessions were signed
        SessionSigner("another secret of thirty-two chars").issue(),
        SessionSigner(SECRET).issue() + "\n",
    ],
)
async def test_an_unusable_session_id_gets_a_fresh_one(server: Server, requested: Any) -> None:
    client = await server.connect()

    session_id = await client.request_session(requested)

    assert session_id != requested
    assert sender_of(session_id) is not None


@pytest.mark.asyncio
async def test_a_socket_cannot_join_another_sockets_room(server: Server) -> None:
    other = await server.connect()
    client = await server.connect()

    assert await client.request_session(other.sio.get_sid()) != other.sio.get_sid()


@pytest.mark.asyncio
async def test_a_socket_cannot_speak_for_a_session_it_has_not_joined(server: Server) -> None:
    owner = await server.connect()
    owners_session = await owner.request_session()
    intruder = await server.connect()
    intruders_session = await intruder.request_session()

    await intruder.sio.emit("user_uttered", {"message": "spoofed", "session_id": owners_session})
    await server.say(intruder, {"message": "mine", "session_id": intruders_session})

    assert [message.text for message in server.bot.received] == ["mine"]


@pytest.mark.asyncio
async def test_a_new_session_replaces_the_previous_one(server: Server) -> None:
    client = await server.connect()
    old_session = await client.request_session()
    new_session = await client.request_session(None)

    await client.sio.emit("user_uttered", {"message": "stale", "session_id": old_session})
    await server.say(client, {"message": "fresh", "session_id": new_session})

    assert [message.text for message in server.bot.received] == ["fresh"]
    assert await asyncio.wait_for(client.bot_messages.get(), TIMEOUT) == {"text": "echo: fresh"}


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore:coroutine 'AsyncServer.enter_room' was never awaited")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
async def test_rasas_own_channel_loses_the_replies() -> None:
    """The bug this module exists for, shown on Rasa 3.6.21's unfixed class."""
    async with serve(SocketIOInput) as unfixed:
        client = await unfixed.connect()
        session_id = await client.request_session()

        await unfixed.say(client, {"message": "hello", "session_id": session_id})
        # socket.io keeps the order of packets on one connection: had the reply
        # been sent to this socket, it would arrive before this confirmation.
        await client.request_session(session_id)

        assert unfixed.bot.received[0].text == "hello"
        assert client.bot_messages.empty()


def test_a_short_session_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 characters"):
        SessionSigner("short")


def test_client_metadata_survives_malformed_input() -> None:
    assert client_metadata({"metadata": '{"language": "ar"}'}, "metadata") == {"language": "ar"}
    assert client_metadata({"metadata": "{not json"}, "metadata") == {}
    assert client_metadata({"metadata": ["fr"]}, "metadata") == {}
    assert client_metadata({}, "metadata") == {}
