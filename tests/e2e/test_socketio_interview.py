"""A complete interview over socket.io (the web widget's channel) with session persistence:
the fixed channel delivers replies into the session's room, and a reconnecting client with the
session id the server issued continues the same conversation."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
import socketio

from harness.chat import choose

pytestmark = pytest.mark.e2e
QUIET_SECONDS = 1.5


class WidgetClient:
    """Like the widget: asks for the stored session (none at first) and keeps the id confirmed."""

    def __init__(self, url: str, session_id: str | None = None) -> None:
        self.url, self.session_id = url, session_id
        self.sio = socketio.AsyncClient(reconnection=False)
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.confirmed = asyncio.Event()
        self.sio.on("bot_uttered", self.inbox.put_nowait)
        self.sio.on("session_confirm", self._confirm)

    def _confirm(self, session_id: str) -> None:
        self.session_id = session_id
        self.confirmed.set()

    async def connect(self) -> None:
        await self.sio.connect(self.url, transports=["websocket"], socketio_path="/socket.io")
        await self.sio.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self.confirmed.wait(), 10)

    async def say(self, text: str) -> list[dict[str, Any]]:
        await self.sio.emit(
            "user_uttered", {"message": text, "session_id": self.session_id, "customData": {"language": "en"}}
        )
        replies = [await asyncio.wait_for(self.inbox.get(), 60)]
        while True:  # the bot sends one event per message: collect until it goes quiet
            try:
                replies.append(await asyncio.wait_for(self.inbox.get(), QUIET_SECONDS))
            except asyncio.TimeoutError:
                return replies


def joined(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


async def test_interview_over_socketio_survives_a_reconnect(stack) -> None:
    first = WidgetClient(stack.rasa_url)
    second = WidgetClient(stack.rasa_url)
    try:
        await first.connect()
        second.session_id = first.session_id
        replies = await first.say("hello")
        assert "Who are you?" in joined(replies)
        # Rasa's socket.io channel sends buttons as quick_replies.
        assert any(
            b["payload"] == choose("municipality") for r in replies for b in r.get("quick_replies", [])
        )
        for answer in (choose("municipality"), "Senegal", "Thiès"):
            await first.say(answer)
        await first.sio.disconnect()

        # Same session id after a dropped connection: the interview goes on where it was.
        await second.connect()
        assert second.session_id == first.session_id
        assert "today" in joined(await second.say("Our town has no safe way to get rid of household waste."))
        for answer in (
            "It is burned in the open.",
            "/skip",
            "/skip",
            "$200000",
            choose("reliable"),
            choose("piped"),
            "technology, training",
            "yes",
            "no",
        ):
            await second.say(answer)
        summary = joined(await second.say(choose("email")))
        assert "Senegal" in summary and "Town or city council" in summary
        done = await second.say("/confirm")
        assert re.search(r"TN-[0-9A-Z]{6,}", joined(done)) and "Why:" in joined(done)
        refused = joined(await second.say("/refer"))
        assert "did not send it to anyone" in refused  # the user said no to sharing
    finally:
        for client in (first, second):
            if client.sio.connected:
                await client.sio.disconnect()
