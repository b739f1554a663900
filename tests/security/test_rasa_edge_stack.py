"""The Rasa server and the action server as `make run` starts them (the root credentials.yml and
endpoints.yml), attacked from outside over real sockets: one stack for the whole module.

Each test is one finding of issue 12: the REST channel (4), the action server's address and
authentication (5), web chat session takeover (6), the Rasa token on the command line and CORS
(12), request bodies without a bound (9).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio

from deploy.stack import MODEL, Stack, free_port

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e

EVIL_ORIGIN = "https://evil.example"
TOO_BIG = 2 * 1024 * 1024  # twice the 1 MiB default limit
REPLY_TIMEOUT = 90.0
QUIET_SECONDS = 2.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make model` (make test does it)")
    # No credentials or endpoints argument: the files `make run` uses.
    running = Stack(
        data_dir=tmp_path_factory.mktemp("edge"),
        rasa_port=free_port(),
        actions_port=free_port(),
        knowledge_port=free_port(),
    )
    assert running.credentials == ROOT / "credentials.yml"
    running.start()
    yield running
    running.stop()


class WebChat:
    """A socket.io client that speaks like the widget."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.confirmations: asyncio.Queue[str] = asyncio.Queue()
        self.sio.on("bot_uttered", self.inbox.put_nowait)
        self.sio.on("session_confirm", self.confirmations.put_nowait)

    async def connect(self, origin: str | None = None) -> None:
        headers = {"Origin": origin} if origin else {}
        await self.sio.connect(self.url, headers=headers, transports=["websocket"], wait_timeout=10)

    async def request_session(self, session_id: str | None = None) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.confirmations.get(), 10)

    async def say(self, text: str, session_id: str) -> list[dict[str, Any]]:
        message = {"message": text, "session_id": session_id, "metadata": {"language": "en"}}
        await self.sio.emit("user_uttered", message)
        replies = [await asyncio.wait_for(self.inbox.get(), REPLY_TIMEOUT)]
        while True:
            try:
                replies.append(await asyncio.wait_for(self.inbox.get(), QUIET_SECONDS))
            except asyncio.TimeoutError:
                return replies

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the TCP sockets listening on `port`, read from the kernel's tables."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                addresses.add(address)
    return addresses


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 as the kernel writes them


def test_finding_4_the_rest_channel_is_off(stack: Stack) -> None:
    """Its caller picks the sender: it could speak as any WhatsApp or Telegram user."""
    as_someone = {"sender": "+254700000000", "message": "hello"}
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=as_someone, timeout=60)

    assert response.status_code == 404


def test_finding_5_the_action_server_listens_on_loopback_only(stack: Stack) -> None:
    addresses = listening_addresses(stack.actions_port)

    assert addresses and addresses <= LOOPBACK, addresses


def test_finding_5_the_action_server_answers_only_with_the_token(stack: Stack) -> None:
    action_call = {"next_action": "action_delete_data", "sender_id": "+254700000000", "tracker": {}}
    without = httpx.post(f"{stack.actions_url}/webhook", json=action_call, timeout=30)
    wrong = httpx.post(
        f"{stack.actions_url}/webhook", params={"token": "x" * 64}, json=action_call, timeout=30
    )
    listing = httpx.get(f"{stack.actions_url}/actions", timeout=30)
    token = getattr(stack, "action_token", "")
    allowed = httpx.get(f"{stack.actions_url}/actions", params={"token": token}, timeout=30)

    assert (without.status_code, wrong.status_code, listing.status_code) == (401, 401, 401)
    assert allowed.status_code == 200 and {"name": "action_delete_data"} in allowed.json()
    assert httpx.get(f"{stack.actions_url}/health", timeout=30).status_code == 200


async def test_finding_6_a_socket_knowing_the_victims_session_id_gets_nothing(stack: Stack) -> None:
    victim, intruder = WebChat(stack.rasa_url), WebChat(stack.rasa_url)
    try:
        await victim.connect()
        session_id = await victim.request_session()
        assert await victim.say("hello", session_id)
        # What an intruder can learn (a needs row, a log line): the id Rasa keys the tracker by.
        sender_id = session_id.split(".")[0]
        await intruder.connect()
        await intruder.request_session(sender_id)
        await intruder.sio.emit("user_uttered", {"message": "/restart", "session_id": sender_id})

        assert await victim.say("My phone number is +254700000000", session_id)
        # Packets to one socket keep their order: anything sent to the intruder came before this.
        await intruder.request_session()
        assert intruder.inbox.empty(), "the intruder received the victim's conversation"
    finally:
        await victim.close()
        await intruder.close()


def test_finding_12_no_secret_on_any_command_line(stack: Stack) -> None:
    """/proc/PID/cmdline (what `ps` shows) is readable by every user of the machine."""
    secrets = [stack.rasa_token, getattr(stack, "action_token", stack.rasa_token)]
    exposed = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().decode(errors="replace")
        except OSError:  # the process ended meanwhile
            continue
        if any(secret in text for secret in secrets):
            exposed.append(text.replace("\0", " ")[:200])

    assert stack.processes["rasa"].poll() is None
    assert not exposed


def test_finding_12_cors_only_for_the_web_page(stack: Stack) -> None:
    evil = httpx.get(f"{stack.rasa_url}/", headers={"Origin": EVIL_ORIGIN}, timeout=30)
    page = httpx.get(f"{stack.rasa_url}/", headers={"Origin": stack.knowledge_url}, timeout=30)

    assert evil.headers.get("Access-Control-Allow-Origin") is None
    assert page.headers.get("Access-Control-Allow-Origin") == stack.knowledge_url


async def test_finding_12_web_chat_only_from_the_web_page(stack: Stack) -> None:
    stranger, widget = WebChat(stack.rasa_url), WebChat(stack.rasa_url)
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await stranger.connect(origin=EVIL_ORIGIN)
        await widget.connect(origin=stack.knowledge_url)
        assert await widget.request_session()
    finally:
        await stranger.close()
        await widget.close()


def big_chunks() -> Iterator[bytes]:
    chunk = b"a" * 65536
    for _ in range(TOO_BIG // len(chunk)):
        yield chunk


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_finding_9_oversized_bodies_are_refused(stack: Stack, chunked: bool) -> None:
    targets = {
        "rasa": (f"{stack.rasa_url}/model/parse", stack.rasa_token),
        "actions": (f"{stack.actions_url}/webhook", getattr(stack, "action_token", "")),
    }
    statuses = {}
    for name, (url, token) in targets.items():
        content: Any = big_chunks() if chunked else b"a" * TOO_BIG
        try:
            response = httpx.post(url, params={"token": token}, content=content, timeout=60)
            statuses[name] = response.status_code
        except httpx.HTTPError as error:  # the server may close before reading the rest
            statuses[name] = type(error).__name__

    assert statuses == {"rasa": 413, "actions": 413}
