"""Simulated users: each goes through whole scripts over REST or socket.io, one message at a
time, and records how long every turn took. Turns that fail or answer off-script end that
user's current run of the script (counted as errors)."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import socketio

from bench.load.script import Step, message_marks

TURN_TIMEOUT_S = 60.0


@dataclass
class Tally:
    """What all users of one run measured."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    completed: dict[str, int] = field(default_factory=dict)  # transport -> whole scripts done

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class OffScript(Exception):
    """The bot's reply did not hold what the script waits for."""


class RestTransport:
    name = "rest"

    def __init__(self, client: httpx.AsyncClient, url: str) -> None:
        self.client, self.url = client, f"{url}/webhooks/rest/webhook"
        self.sender = ""

    async def open(self) -> None:
        self.sender = f"load-{uuid.uuid4().hex[:16]}"

    async def turn(self, step: Step) -> None:
        response = await self.client.post(self.url, json={"sender": self.sender, "message": step.say})
        response.raise_for_status()
        if not any(step.until in message_marks(m) for m in response.json()):
            raise OffScript(step.say)

    async def close(self) -> None:
        pass


class SocketTransport:
    """Like the web widget, over WebSocket: asks for a session, then talks in it."""

    name = "socketio"

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio: socketio.AsyncClient | None = None
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.session_id: str | None = None

    async def open(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.inbox = asyncio.Queue()
        confirmed = asyncio.Event()

        def confirm(session_id: str) -> None:
            self.session_id = session_id
            confirmed.set()

        self.sio.on("bot_uttered", self.inbox.put_nowait)
        self.sio.on("session_confirm", confirm)
        await self.sio.connect(self.url, transports=["websocket"], socketio_path="/socket.io",
                               wait_timeout=TURN_TIMEOUT_S)
        await self.sio.emit("session_request", {"session_id": None})
        await asyncio.wait_for(confirmed.wait(), TURN_TIMEOUT_S)

    async def turn(self, step: Step) -> None:
        assert self.sio is not None
        await self.sio.emit("user_uttered", {"message": step.say, "session_id": self.session_id,
                                             "customData": {"language": "en"}})
        while True:
            message = await self.inbox.get()
            if step.until in message_marks(message):
                return

    async def close(self) -> None:
        if self.sio is not None:
            await self.sio.disconnect()
            self.sio = None


Transport = RestTransport | SocketTransport


async def run_script(transport: Transport, script: tuple[Step, ...], tally: Tally) -> bool:
    """One whole script in a new conversation; False when a turn failed."""
    try:
        await asyncio.wait_for(transport.open(), TURN_TIMEOUT_S)
        for step in script:
            start = time.monotonic()
            await asyncio.wait_for(transport.turn(step), TURN_TIMEOUT_S)
            tally.latencies_ms.append((time.monotonic() - start) * 1000)
        return True
    except OffScript:
        tally.error(f"{transport.name}: off script")
    except (asyncio.TimeoutError, TimeoutError):
        tally.error(f"{transport.name}: timeout")
    except (httpx.HTTPError, socketio.exceptions.SocketIOError, OSError) as error:
        tally.error(f"{transport.name}: {type(error).__name__}")
    finally:
        try:
            await transport.close()
        except Exception:  # a broken socket: already counted
            pass
    return False


async def drive(
    transports: list[Transport], script: tuple[Step, ...], runs: int, seconds: float
) -> tuple[Tally, float]:
    """Every transport is one user, all at once, running the script again and again until
    `runs` scripts have been started or `seconds` have passed. Returns the tally and the
    wall time."""
    tally = Tally()
    started = 0
    deadline = time.monotonic() + seconds

    async def user(transport: Transport) -> None:
        nonlocal started
        while started < runs and time.monotonic() < deadline:
            started += 1
            if await run_script(transport, script, tally):
                tally.completed[transport.name] = tally.completed.get(transport.name, 0) + 1

    begin = time.monotonic()
    await asyncio.gather(*(user(t) for t in transports))
    return tally, time.monotonic() - begin
