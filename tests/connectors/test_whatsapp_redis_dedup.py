"""Deduplication shared through Redis (several replicas), against the real Redis on
127.0.0.1:6379 when it is reachable."""

from __future__ import annotations

import socket
import time
import uuid
from typing import Any

import httpx
import pytest

from connectors.dedup import MemoryDeduplicator, RedisDeduplicator, make_deduplicator
from connectors.whatsapp import WhatsAppInput
from connectors.whatsapp.settings import WhatsAppSettings
from harness.fakes.graph_api import sign_delivery
from tests.fakes.sanic_harness import serve_channel

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def needs_redis(test: Any) -> Any:
    """The project's `redis` marker, and a skip when no Redis answers on 127.0.0.1:6379."""
    skip = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
    return pytest.mark.redis(skip(test))


def namespace() -> str:
    return f"test:{uuid.uuid4().hex}"


@needs_redis
@pytest.mark.asyncio
async def test_replicas_share_what_they_have_seen() -> None:
    shared = namespace()
    replica_a = RedisDeduplicator(REDIS_URL, shared, ttl_seconds=60)
    replica_b = RedisDeduplicator(REDIS_URL, shared, ttl_seconds=60)
    try:
        assert await replica_a.first_seen("wamid.1") is True
        assert await replica_b.first_seen("wamid.1") is False  # the replay hit another replica
        assert await replica_b.first_seen("wamid.2") is True
        ttl = await replica_a._redis().ttl(f"{shared}:wamid.1")
        assert 0 < ttl <= 60
    finally:
        await replica_a._redis().delete(f"{shared}:wamid.1", f"{shared}:wamid.2")
        await replica_a.close()
        await replica_b.close()


@needs_redis
@pytest.mark.asyncio
async def test_two_channel_replicas_process_a_replayed_delivery_once() -> None:
    shared = namespace()
    settings = WhatsAppSettings("token", "secret", "verify", "1122334455667", redis_url=REDIS_URL)
    replicas = [
        WhatsAppInput(settings, deduplicator=RedisDeduplicator(REDIS_URL, shared, 60)) for _ in range(2)
    ]
    received: list[Any] = []

    async def on_new_message(message: Any) -> None:
        received.append(message)

    body: dict[str, Any] = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "15550000000",
                                "phone_number_id": "1122334455667",
                            },
                            "messages": [
                                {
                                    "from": "254712345678",
                                    "id": f"wamid.{uuid.uuid4().hex}",
                                    "timestamp": str(int(time.time())),
                                    "type": "text",
                                    "text": {"body": "Habari"},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    raw, headers = sign_delivery(body, "secret")
    message_id = body["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            for replica in replicas:
                async with serve_channel(replica, on_new_message) as base:
                    response = await http.post(f"{base}/webhook", content=raw, headers=headers)
                    assert response.status_code == 200
                    await replica.drain()
        assert len(received) == 1
    finally:
        for replica in replicas:
            dedup = replica.deduplicator
            assert isinstance(dedup, RedisDeduplicator)
            await dedup._redis().delete(f"{shared}:{message_id}")
            await dedup.close()


@needs_redis
@pytest.mark.asyncio
async def test_a_turn_that_crashed_on_one_replica_is_run_by_the_retry_on_another() -> None:
    shared = namespace()
    settings = WhatsAppSettings("token", "secret", "verify", "1122334455667", redis_url=REDIS_URL)
    stores = [RedisDeduplicator(REDIS_URL, shared, 60) for _ in range(2)]
    replicas = [WhatsAppInput(settings, deduplicator=store) for store in stores]
    handled: list[str] = []

    async def crashes(message: Any) -> None:
        raise RuntimeError("replica A lost its database connection")

    async def works(message: Any) -> None:
        handled.append(message.text)

    message_id = f"wamid.{uuid.uuid4().hex}"
    message = {
        "from": "254712345678",
        "id": message_id,
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": "Habari"},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"phone_number_id": "1122334455667"},
        "messages": [message],
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"changes": [{"field": "messages", "value": value}]}],
    }
    raw, headers = sign_delivery(body, "secret")
    statuses = []
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            for replica, handler in zip(replicas, (crashes, works), strict=True):
                async with serve_channel(replica, handler) as base:
                    response = await http.post(f"{base}/webhook", content=raw, headers=headers)
                    statuses.append(response.status_code)
        assert statuses == [503, 200]  # Meta retries the 503; the other replica may take it
        assert handled == ["Habari"]
    finally:
        await stores[0]._redis().delete(stores[0].key(message_id), stores[0].key(f"failures:{message_id}"))
        for store in stores:
            await store.close()


@pytest.mark.asyncio
async def test_unreachable_redis_falls_back_to_memory(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dedup = RedisDeduplicator(f"redis://127.0.0.1:{port}/0", namespace(), ttl_seconds=60)
    try:
        assert await dedup.first_seen("wamid.1") is True
        assert await dedup.first_seen("wamid.1") is False
        assert await dedup.first_seen("wamid.2") is True
    finally:
        await dedup.close()
    warnings = [r for r in caplog.records if "Redis deduplication unavailable" in r.getMessage()]
    assert len(warnings) == 1  # said once, not per message


def test_factory_chooses_redis_only_when_configured() -> None:
    assert isinstance(make_deduplicator("", "ns", 60), MemoryDeduplicator)
    assert isinstance(make_deduplicator(REDIS_URL, "ns", 60), RedisDeduplicator)
