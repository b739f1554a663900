"""Remembers, per user, the options the bot last sent as numbered lines of text.

Kept in the shared store (connectors/shared_store.py): in this process's memory by default, in
Redis when REDIS_URL is set, so that behind several replicas the reply "2" is understood by
whichever replica receives it. Options are taken by the user's very next message (on one
replica only) and expire after a day. The store's keys are hashes of the user's number, so no
phone number is written to Redis.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence

from connectors.shared_store import MemoryStore, SharedStore

DEFAULT_TTL_SECONDS = 24 * 3600
NAMESPACE = "whatsapp:options"


class OptionStore:
    def __init__(
        self,
        ttl_seconds: int = DEFAULT_TTL_SECONDS,
        max_users: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        store: SharedStore | None = None,
    ) -> None:
        self._ttl = ttl_seconds
        self.store: SharedStore = store if store is not None else MemoryStore(max_users, clock)

    @staticmethod
    def _key(user: str) -> str:
        return hashlib.sha256(user.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    async def remember(self, user: str, payloads: Sequence[str]) -> None:
        await self.store.put(self._key(user), json.dumps(list(payloads)), self._ttl)

    async def take(self, user: str) -> tuple[str, ...]:
        """The user's pending options, forgotten now: they answer only the very next message."""
        raw = await self.store.take(self._key(user))
        if raw is None:
            return ()
        try:
            payloads = json.loads(raw)
        except ValueError:
            return ()
        if not isinstance(payloads, list) or not all(isinstance(p, str) for p in payloads):
            return ()
        return tuple(payloads)
