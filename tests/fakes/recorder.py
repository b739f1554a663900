"""Stand-ins for Rasa's message handler and for `asyncio.sleep`, for channel tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any


class MessageRecorder:
    """An `on_new_message` that records each UserMessage and can answer like Rasa would.

    `replies` are sent through the message's output channel, as Rasa's processor does with
    `output_channel.send_response(sender_id, message)`.
    """

    def __init__(
        self,
        replies: list[dict[str, Any]] | None = None,
        before_reply: Callable[[Any], Awaitable[None]] | None = None,
        error: BaseException | None = None,
        error_times: int | None = None,
    ) -> None:
        self.messages: list[Any] = []
        self.replies = replies or []
        self.before_reply = before_reply
        self.error = error
        # How many calls raise `error` before the handler recovers (None: every call).
        self.error_times = error_times
        self.received = asyncio.Event()

    async def __call__(self, message: Any) -> None:
        self.messages.append(message)
        self.received.set()
        if self.before_reply is not None:
            await self.before_reply(message)
        if self.error is not None and (self.error_times is None or len(self.messages) <= self.error_times):
            raise self.error
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))

    @property
    def texts(self) -> list[str]:
        return [message.text for message in self.messages]


class RecordingSleep:
    """Records requested delays instead of waiting them out."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)
