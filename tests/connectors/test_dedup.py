"""The deduplication store's claim / done / release, in memory and on the real Redis on
127.0.0.1:6379 (skipped, saying so, when it is absent), and `handle_once` on top of it."""

from __future__ import annotations

import asyncio
import socket
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.dedup import (
    MAX_HANDLING_ATTEMPTS,
    Claim,
    MemoryDeduplicator,
    Outcome,
    RedisDeduplicator,
    handle_once,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


# --------------------------------------------------------------------------- in memory


def test_a_claim_blocks_duplicates_until_done_or_released() -> None:
    store = MemoryDeduplicator(ttl_seconds=100, claim_seconds=10, clock=Clock())
    assert store.claim_sync("m1") is Claim.NEW
    assert store.claim_sync("m1") is Claim.IN_PROGRESS
    assert store.release_sync("m1") == 1
    assert store.claim_sync("m1") is Claim.NEW  # the retry gets it
    store.done_sync("m1")
    assert store.claim_sync("m1") is Claim.DONE


def test_a_claim_expires_so_a_dead_replica_does_not_hold_a_message() -> None:
    clock = Clock()
    store = MemoryDeduplicator(ttl_seconds=100, claim_seconds=10, clock=clock)
    assert store.claim_sync("m1") is Claim.NEW
    clock.now += 11
    assert store.claim_sync("m1") is Claim.NEW


def test_done_lasts_the_ttl_and_the_store_stays_bounded() -> None:
    clock = Clock()
    store = MemoryDeduplicator(ttl_seconds=100, max_entries=3, claim_seconds=10, clock=clock)
    assert store.seen_sync("a") is True
    clock.now += 99
    assert store.claim_sync("a") is Claim.DONE
    clock.now += 2
    assert store.claim_sync("a") is Claim.NEW
    for key in "bcdef":
        store.seen_sync(key)
    assert len(store) == 3


def test_failures_are_counted_per_message_and_forgotten_when_done() -> None:
    store = MemoryDeduplicator(clock=Clock())
    for expected in (1, 2):
        assert store.claim_sync("m1") is Claim.NEW
        assert store.release_sync("m1") == expected
    assert store.claim_sync("m2") is Claim.NEW and store.release_sync("m2") == 1
    assert store.claim_sync("m1") is Claim.NEW
    store.done_sync("m1")
    assert store.release_sync("m1") == 1  # a later release does not undo done ...
    assert store.claim_sync("m1") is Claim.DONE  # ... and starts counting afresh


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["claim", "done", "release", "wait"]), st.sampled_from(["a", "b"])),
        max_size=40,
    )
)
def test_memory_store_follows_its_model(steps: list[tuple[str, str]]) -> None:
    """Against a plain model of states and expiry times (no eviction: two keys)."""
    clock = Clock()
    store = MemoryDeduplicator(ttl_seconds=50, claim_seconds=5, clock=clock)
    model: dict[str, tuple[str, float]] = {}

    def state(key: str) -> str | None:
        entry = model.get(key)
        return entry[0] if entry and entry[1] > clock.now else None

    for operation, key in steps:
        if operation == "wait":
            clock.now += 3
        elif operation == "claim":
            expected = {"done": Claim.DONE, "claimed": Claim.IN_PROGRESS}.get(state(key) or "", Claim.NEW)
            assert store.claim_sync(key) is expected
            if expected is Claim.NEW:
                model[key] = ("claimed", clock.now + 5)
        elif operation == "done":
            store.done_sync(key)
            model[key] = ("done", clock.now + 50)
        else:
            store.release_sync(key)
            if state(key) == "claimed":
                del model[key]


# --------------------------------------------------------------------------- handle_once


@pytest.mark.asyncio
async def test_handle_once_retries_a_failed_turn_and_gives_up_after_the_limit() -> None:
    store = MemoryDeduplicator()
    calls: list[int] = []

    async def always_fails() -> None:
        calls.append(1)
        raise RuntimeError("boom")

    outcomes = [await handle_once(store, "m1", always_fails, "test message") for _ in range(4)]
    assert outcomes == [Outcome.FAILED] * (MAX_HANDLING_ATTEMPTS - 1) + [Outcome.GAVE_UP, Outcome.REPLAY]
    assert len(calls) == MAX_HANDLING_ATTEMPTS
    assert [outcome.retry for outcome in outcomes] == [True, True, False, False]


@pytest.mark.asyncio
async def test_handle_once_releases_a_cancelled_turn() -> None:
    store = MemoryDeduplicator()
    started = asyncio.Event()

    async def hangs() -> None:
        started.set()
        await asyncio.Event().wait()

    task = asyncio.ensure_future(handle_once(store, "m1", hangs, "test message"))
    await started.wait()
    assert store.claim_sync("m1") is Claim.IN_PROGRESS
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert store.claim_sync("m1") is Claim.NEW  # a redelivery may run it


# --------------------------------------------------------------------------- Redis


def namespace() -> str:
    return f"test:{uuid.uuid4().hex}"


async def cleanup(store: RedisDeduplicator, *keys: str) -> None:
    client: Any = store._redis()
    await client.delete(*[store.key(key) for key in keys], *[store.key(f"failures:{key}") for key in keys])
    await store.close()


@needs_redis
@pytest.mark.redis
@pytest.mark.asyncio
async def test_replicas_share_claims_releases_and_done() -> None:
    shared = namespace()
    replica_a = RedisDeduplicator(REDIS_URL, shared, ttl_seconds=60, claim_seconds=30)
    replica_b = RedisDeduplicator(REDIS_URL, shared, ttl_seconds=60, claim_seconds=30)
    try:
        assert await replica_a.claim("m1") is Claim.NEW
        assert await replica_b.claim("m1") is Claim.IN_PROGRESS
        claim_ttl = await replica_a._redis().ttl(replica_a.key("m1"))
        assert 0 < claim_ttl <= 30
        assert await replica_a.release("m1") == 1
        assert await replica_b.claim("m1") is Claim.NEW  # the retry landed on the other replica
        await replica_b.done("m1")
        assert await replica_a.claim("m1") is Claim.DONE
        assert 30 < await replica_a._redis().ttl(replica_a.key("m1")) <= 60
        # A late release (a replica whose claim had expired) leaves the done mark alone.
        await replica_a.release("m1")
        assert await replica_b.claim("m1") is Claim.DONE
    finally:
        await cleanup(replica_a, "m1")
        await replica_b.close()


@needs_redis
@pytest.mark.redis
@pytest.mark.asyncio
async def test_failures_are_counted_across_replicas() -> None:
    shared = namespace()
    replicas = [RedisDeduplicator(REDIS_URL, shared, ttl_seconds=60) for _ in range(2)]
    try:
        counts = []
        for attempt in range(3):
            replica = replicas[attempt % 2]
            assert await replica.claim("m1") is Claim.NEW
            counts.append(await replica.release("m1"))
        assert counts == [1, 2, 3]
    finally:
        await cleanup(replicas[0], "m1")
        await replicas[1].close()
