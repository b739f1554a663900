"""Remembers, per user, the options the bot last sent as numbered lines of text.

In memory and per process: behind several replicas a reply may reach a replica that did not
send the list, and the number then reaches Rasa as plain text (still understood by the NLU as
a number, just not mapped to the payload).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence


class OptionStore:
    def __init__(
        self,
        ttl_seconds: float = 24 * 3600,
        max_users: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max_users = max_users
        self._clock = clock
        self._options: OrderedDict[str, tuple[float, tuple[str, ...]]] = OrderedDict()

    def remember(self, user: str, payloads: Sequence[str]) -> None:
        self._options[user] = (self._clock() + self._ttl, tuple(payloads))
        self._options.move_to_end(user)
        while len(self._options) > self._max_users:
            self._options.popitem(last=False)

    def take(self, user: str) -> tuple[str, ...]:
        """The user's pending options, forgotten now: they answer only the very next message."""
        entry = self._options.pop(user, None)
        if entry is None or entry[0] <= self._clock():
            return ()
        return entry[1]
