"""Which webhook deliveries have been handled: claim, then done or release.

Meta and Telegram deliver at least once: a delivery they think failed comes again, sometimes
while the first is still being handled. A message is therefore marked as seen only after its
turn has been handled (`done`). While it is being handled a short claim (`IN_PROGRESS`) keeps a
concurrent duplicate out; if handling fails the claim is released, so the platform's retry is
handled instead of being dropped as a replay. A claim also expires by itself (`claim_ttl`), so a
replica that dies mid-turn does not hold a message for ever.

Everything is in memory, except the optional Redis store, whose client is created lazily inside
the running event loop (never at import time; connectors/redis_client.py).
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from connectors.redis_client import LazyRedis

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 24 * 3600
# Far longer than any turn (p95 is well under a second), short enough that a message held by a
# replica that died is retried on the platform's next attempt.
DEFAULT_CLAIM_SECONDS = 300


class Claim(enum.Enum):
    NEW = "new"  # the caller now holds the claim and must call done() or release()
    IN_PROGRESS = "in progress"  # another delivery of the same message is being handled
    DONE = "done"  # handled already: a replay


class Deduplicator(Protocol):
    async def claim(self, key: str) -> Claim:
        """Claims `key` for handling, unless it is being handled or was handled."""

    async def done(self, key: str) -> None:
        """The turn was handled: replays are refused for the TTL."""

    async def release(self, key: str) -> int:
        """Handling failed: the next delivery may claim it again. Returns the failures so far."""


_IN_PROGRESS = "p"
_DONE = "d"


class MemoryDeduplicator:
    """A bounded map of recent keys to their state and expiry, for one process.

    With several replicas behind a load balancer a replay may land on another replica: use
    RedisDeduplicator (REDIS_URL) there.
    """

    def __init__(
        self,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
        claim_seconds: float = DEFAULT_CLAIM_SECONDS,
    ) -> None:
        self._ttl = ttl_seconds
        self._claim_ttl = min(claim_seconds, ttl_seconds)
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def _forget_expired(self, now: float) -> None:
        for table in (self._entries, self._failures):
            while table:
                oldest_key, (_, expires_at) = next(iter(table.items()))
                if expires_at > now and len(table) <= self._max_entries:
                    break
                del table[oldest_key]

    def _state(self, key: str, now: float) -> str | None:
        entry = self._entries.get(key)
        if entry is None or entry[1] <= now:
            return None
        return entry[0]

    def _set(self, key: str, state: str, expires_at: float) -> None:
        self._entries[key] = (state, expires_at)
        self._entries.move_to_end(key)

    def claim_sync(self, key: str) -> Claim:
        now = self._clock()
        self._forget_expired(now)
        state = self._state(key, now)
        if state == _DONE:
            return Claim.DONE
        if state == _IN_PROGRESS:
            return Claim.IN_PROGRESS
        self._set(key, _IN_PROGRESS, now + self._claim_ttl)
        self._forget_expired(now)
        return Claim.NEW

    def done_sync(self, key: str) -> None:
        now = self._clock()
        self._set(key, _DONE, now + self._ttl)
        self._failures.pop(key, None)
        self._forget_expired(now)

    def release_sync(self, key: str) -> int:
        now = self._clock()
        if self._state(key, now) == _IN_PROGRESS:
            del self._entries[key]
        previous = self._failures.get(key)
        count = (previous[0] if previous and previous[1] > now else 0) + 1
        self._failures[key] = (count, now + self._ttl)
        self._failures.move_to_end(key)
        self._forget_expired(now)
        return count

    def seen_sync(self, key: str) -> bool:
        """Claim and done at once: True the first time `key` is seen within the TTL."""
        if self.claim_sync(key) is not Claim.NEW:
            return False
        self.done_sync(key)
        return True

    async def claim(self, key: str) -> Claim:
        return self.claim_sync(key)

    async def done(self, key: str) -> None:
        self.done_sync(key)

    async def release(self, key: str) -> int:
        return self.release_sync(key)

    async def first_seen(self, key: str) -> bool:
        return self.seen_sync(key)

    def __len__(self) -> int:
        return len(self._entries)


# Deletes the claim only while it is still a claim: a `done` written meanwhile (by a replica
# whose claim replaced an expired one) must survive.
_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local failures = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return failures
"""


class RedisDeduplicator:
    """Shared across replicas: `SET key p NX EX claim_ttl` is atomic, so exactly one replica
    handles a message; `done` overwrites the claim with the full TTL.

    If Redis cannot be reached the in-memory fallback answers (a replay on another replica may
    then be processed twice, which beats dropping a first delivery).
    """

    def __init__(
        self,
        redis_url: str,
        namespace: str,
        ttl_seconds: int = DEFAULT_TTL_SECONDS,
        fallback: MemoryDeduplicator | None = None,
        claim_seconds: int = DEFAULT_CLAIM_SECONDS,
    ) -> None:
        self._namespace = namespace
        self._ttl = int(ttl_seconds)
        self._claim_ttl = max(1, min(int(claim_seconds), self._ttl))
        self._fallback = fallback or MemoryDeduplicator(ttl_seconds, claim_seconds=claim_seconds)
        self._lazy = LazyRedis(redis_url)

    def _redis(self) -> Any:
        return self._lazy.client()

    def key(self, key: str) -> str:
        return f"{self._namespace}:{key}"

    def _failures_key(self, key: str) -> str:
        return f"{self._namespace}:failures:{key}"

    def _degrade(self, error: Exception) -> None:
        self._lazy.degrade(error, "deduplication")

    async def claim(self, key: str) -> Claim:
        try:
            client = self._redis()
            for _ in range(2):  # a claim may expire between SET and GET: then try once more
                if await client.set(self.key(key), _IN_PROGRESS, nx=True, ex=self._claim_ttl):
                    # The fallback learns the claim too, so a Redis outage mid-turn still
                    # keeps a duplicate out on this replica.
                    self._fallback.claim_sync(key)
                    return Claim.NEW
                state = await client.get(self.key(key))
                if state is not None:
                    return Claim.DONE if state == _DONE.encode() else Claim.IN_PROGRESS
            return Claim.IN_PROGRESS
        except Exception as error:  # noqa: BLE001 - any Redis failure degrades to memory
            self._degrade(error)
            return self._fallback.claim_sync(key)

    async def done(self, key: str) -> None:
        self._fallback.done_sync(key)
        try:
            client = self._redis()
            await client.set(self.key(key), _DONE, ex=self._ttl)
            await client.delete(self._failures_key(key))
        except Exception as error:  # noqa: BLE001
            self._degrade(error)

    async def release(self, key: str) -> int:
        local = self._fallback.release_sync(key)
        try:
            failures = await self._redis().eval(
                _RELEASE_SCRIPT, 2, self.key(key), self._failures_key(key), _IN_PROGRESS, self._ttl
            )
            return int(failures)
        except Exception as error:  # noqa: BLE001
            self._degrade(error)
            return local

    async def first_seen(self, key: str) -> bool:
        """Claim and done at once (kept for callers that have no turn to wait for)."""
        if await self.claim(key) is not Claim.NEW:
            return False
        await self.done(key)
        return True

    async def close(self) -> None:
        await self._lazy.close()


# A message whose turn fails this often is acknowledged and dropped (logged), so that one turn
# that always crashes cannot make the platform redeliver it, and hold up the chat, for days.
MAX_HANDLING_ATTEMPTS = 3


class Outcome(enum.Enum):
    HANDLED = "handled"
    REPLAY = "replay"  # handled before: acknowledge, do nothing
    BUSY = "in progress"  # a concurrent delivery is handling it: ask the platform to retry
    FAILED = "failed"  # the turn raised; the claim is released: ask the platform to retry
    GAVE_UP = "gave up"  # failed MAX_HANDLING_ATTEMPTS times: acknowledge and drop

    @property
    def retry(self) -> bool:
        """Whether the platform should deliver it again (answer non-2xx)."""
        return self in (Outcome.BUSY, Outcome.FAILED)


async def handle_once(
    deduplicator: Deduplicator,
    key: str,
    handle: Callable[[], Awaitable[Any]],
    label: str,
    max_attempts: int = MAX_HANDLING_ATTEMPTS,
) -> Outcome:
    """Runs `handle` for a message unless it was handled or is being handled; marks it handled
    only once `handle` returned. `label` names the message in logs (already redacted)."""
    state = await deduplicator.claim(key)
    if state is Claim.DONE:
        logger.info("%s already handled; replay ignored.", label)
        return Outcome.REPLAY
    if state is Claim.IN_PROGRESS:
        logger.info("%s is being handled by another delivery; asking for a retry.", label)
        return Outcome.BUSY
    try:
        await handle()
    except Exception:  # noqa: BLE001 - any failure of the turn: release, and let the platform retry
        failures = await deduplicator.release(key)
        if failures >= max_attempts:
            logger.exception("%s failed in Rasa %d times; dropped.", label, failures)
            await deduplicator.done(key)
            return Outcome.GAVE_UP
        logger.exception("%s failed in Rasa (attempt %d); released for a retry.", label, failures)
        return Outcome.FAILED
    except BaseException:
        # Cancelled (shutdown): not handled, so a redelivery to this or another replica may run it.
        await asyncio.shield(deduplicator.release(key))
        raise
    await deduplicator.done(key)
    return Outcome.HANDLED


async def close_deduplicator(deduplicator: Deduplicator) -> None:
    close = getattr(deduplicator, "close", None)
    if close is not None:
        await close()


def make_deduplicator(redis_url: str, namespace: str, ttl_seconds: int) -> Deduplicator:
    if redis_url:
        return RedisDeduplicator(redis_url, namespace, ttl_seconds)
    return MemoryDeduplicator(ttl_seconds)
