"""The small key-value store the channels keep between a reply and the user's next message:
Telegram's shortened callback keys and WhatsApp's numbered options.

`MemoryStore` holds them in this process (the default, nothing external). `RedisStore` holds
them in Redis, so that with several Rasa replicas behind a load balancer a button sent by one
replica is understood by another, and one user's numbered options are taken once by whichever
replica gets the reply. `make_store` chooses by REDIS_URL, like the deduplication store.

Every value expires after its TTL. If Redis cannot be reached the Redis store answers from an
in-memory store of its own (said once in the log): the channel keeps working on this replica.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from connectors.redis_client import LazyRedis

DEFAULT_MAX_ENTRIES = 10_000


class SharedStore(Protocol):
    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        """Stores `value` under `key` for `ttl_seconds` (replacing what was there)."""

    async def get(self, key: str) -> str | None:
        """The value, or None when absent or expired."""

    async def take(self, key: str) -> str | None:
        """The value, removed at once: of several concurrent takers only one gets it."""

    async def close(self) -> None:
        """Releases connections (at server stop)."""


class MemoryStore:
    """A bounded map of keys to values and their expiry, for one process (least recently
    written dropped first)."""

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()

    def put_now(self, key: str, value: str, ttl_seconds: int) -> None:
        self._entries[key] = (self._clock() + ttl_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def get_now(self, key: str) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= self._clock():
            del self._entries[key]
            return None
        return entry[1]

    def take_now(self, key: str) -> str | None:
        value = self.get_now(key)
        self._entries.pop(key, None)
        return value

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        self.put_now(key, value, ttl_seconds)

    async def get(self, key: str) -> str | None:
        return self.get_now(key)

    async def take(self, key: str) -> str | None:
        return self.take_now(key)

    async def close(self) -> None:
        return None

    def __len__(self) -> int:
        return len(self._entries)


class RedisStore:
    """Keys live in Redis as `<namespace>:<key>` with `SET … EX ttl`; `take` is GET and DEL in
    one MULTI/EXEC transaction, so a value is taken once across replicas."""

    def __init__(self, redis_url: str, namespace: str, fallback: MemoryStore | None = None) -> None:
        self.namespace = namespace
        self._redis = LazyRedis(redis_url)
        self._fallback = fallback if fallback is not None else MemoryStore()

    def key(self, key: str) -> str:
        return f"{self.namespace}:{key}"

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        try:
            await self._redis.client().set(self.key(key), value, ex=max(1, int(ttl_seconds)))
        except Exception as error:  # noqa: BLE001 - any Redis failure degrades to memory
            self._redis.degrade(error, f"{self.namespace} store")
            self._fallback.put_now(key, value, ttl_seconds)

    async def get(self, key: str) -> str | None:
        try:
            value = await self._redis.client().get(self.key(key))
        except Exception as error:  # noqa: BLE001
            self._redis.degrade(error, f"{self.namespace} store")
            return self._fallback.get_now(key)
        return _text(value)

    async def take(self, key: str) -> str | None:
        try:
            async with self._redis.client().pipeline(transaction=True) as pipe:
                pipe.get(self.key(key))
                pipe.delete(self.key(key))
                value, _ = await pipe.execute()
        except Exception as error:  # noqa: BLE001
            self._redis.degrade(error, f"{self.namespace} store")
            return self._fallback.take_now(key)
        return _text(value)

    async def close(self) -> None:
        await self._redis.close()


def _text(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else value


def make_store(redis_url: str, namespace: str, max_entries: int = DEFAULT_MAX_ENTRIES) -> SharedStore:
    """Redis when a URL is configured (REDIS_URL), else memory."""
    if redis_url:
        return RedisStore(redis_url, namespace, MemoryStore(max_entries))
    return MemoryStore(max_entries)
