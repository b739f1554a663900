"""The channels' shared store (connectors/shared_store.py) in memory and in the real Redis on
127.0.0.1:6379 (skipped, saying so, when it is absent): Telegram's short callback keys and
WhatsApp's numbered options written by one replica are read by another (other objects with
memories of their own, and another process), taken once, and expire; replays are refused
across Telegram replicas."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update

from connectors.dedup import RedisDeduplicator
from connectors.inbound import unsupported_media_text
from connectors.retry import RetryPolicy
from connectors.shared_store import MemoryStore, RedisStore, make_store
from connectors.telegram import TelegramInput
from connectors.telegram.callback_keys import CALLBACK_KEY_TTL_SECONDS, CallbackKeys
from connectors.telegram.sender import TelegramSender
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.translate import CallbackDataRegistry, short_key
from connectors.whatsapp import WhatsAppInput
from connectors.whatsapp.options import OptionStore
from connectors.whatsapp.sender import GraphSender
from connectors.whatsapp.settings import WhatsAppSettings
from harness.fakes.graph_api import FakeGraphAPI, sign_delivery
from harness.fakes.redate import redated
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.connectors.test_whatsapp_redis_dedup import REDIS_URL, needs_redis
from tests.fakes.recorder import MessageRecorder, RecordingSleep
from tests.fakes.sanic_harness import serve_channel

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TOKEN = "123456:TEST-token"
SECRET = "s3cret_TOKEN-1"
LONG_PAYLOAD = '/choose_technology{"technology_id":"solar-dryer-cabinet-type-ke-0042","rank":1}'
ACCESS_TOKEN = "EAAGtestaccesstoken"
APP_SECRET = "0123456789abcdef0123456789abcdef"
PHONE_NUMBER_ID = "1122334455667"


def fixture(channel: str, name: str) -> dict[str, Any]:
    """A recorded payload, sent now (older ones are refused as replays)."""
    return redated(json.loads((FIXTURES / channel / f"{name}.json").read_text(encoding="utf-8")))


def namespace(kind: str) -> str:
    return f"test:{uuid.uuid4().hex}:{kind}"


async def forget(store: RedisStore) -> None:
    client = store._redis.client()
    keys = [key async for key in client.scan_iter(match=f"{store.namespace}:*")]
    if keys:
        await client.delete(*keys)
    await store.close()


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # As the bot environment sets it (see tests/connectors/telegram_channel/conftest.py).
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


# --------------------------------------------------------------------------- in memory


async def test_memory_store_expires_takes_once_and_stays_bounded() -> None:
    now = [0.0]
    store = MemoryStore(max_entries=2, clock=lambda: now[0])
    await store.put("a", "1", 60)
    assert await store.get("a") == "1"
    assert await store.take("a") == "1"
    assert await store.take("a") is None and await store.get("a") is None
    await store.put("a", "2", 60)
    now[0] = 60
    assert await store.get("a") is None  # expired at its TTL
    for key in ("x", "y", "z"):
        await store.put(key, key, 60)
    assert await store.get("x") is None and await store.get("z") == "z"  # oldest dropped
    assert len(store) == 2


def test_factory_chooses_redis_only_when_configured() -> None:
    assert isinstance(make_store("", "ns"), MemoryStore)
    assert isinstance(make_store(REDIS_URL, "ns"), RedisStore)


def test_channels_use_redis_when_redis_url_is_set() -> None:
    telegram = TelegramInput(TelegramSettings(TOKEN, SECRET, redis_url=REDIS_URL))
    whatsapp = WhatsAppInput(WhatsAppSettings("t", "s", "v", redis_url=REDIS_URL))
    assert isinstance(telegram.callback_keys.store, RedisStore)
    assert isinstance(whatsapp.options.store, RedisStore)
    assert isinstance(TelegramInput(TelegramSettings(TOKEN, SECRET)).callback_keys.store, MemoryStore)
    assert isinstance(WhatsAppInput(WhatsAppSettings("t", "s", "v")).options.store, MemoryStore)


async def test_a_stored_payload_that_is_not_the_keys_own_is_refused() -> None:
    store = MemoryStore()
    key = short_key(LONG_PAYLOAD)
    await store.put(key, "/delete_my_data", 60)  # written by someone else under a real key
    keys = CallbackKeys(CallbackDataRegistry(), store)
    await keys.recall(Update.de_json(tap(key, 1), None))
    assert keys.registry.decode(key) is None


# --------------------------------------------------------------------------- in Redis


@needs_redis
async def test_redis_stores_share_values_take_them_once_and_set_the_ttl() -> None:
    shared = namespace("store")
    replica_a, replica_b = RedisStore(REDIS_URL, shared), RedisStore(REDIS_URL, shared)
    try:
        await replica_a.put("k", "välue ٢", 60)
        assert await replica_b.get("k") == "välue ٢"
        assert 0 < await replica_a._redis.client().ttl(replica_a.key("k")) <= 60
        taken = await asyncio.gather(*(store.take("k") for store in (replica_a, replica_b) * 5))
        assert taken.count("välue ٢") == 1 and taken.count(None) == 9
    finally:
        await forget(replica_a)
        await replica_b.close()


async def test_unreachable_redis_falls_back_to_memory_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = RedisStore(f"redis://127.0.0.1:{port}/0", namespace("down"))
    try:
        with caplog.at_level(logging.WARNING):
            await store.put("k", "v", 60)
            assert await store.get("k") == "v"
            assert await store.take("k") == "v"
            assert await store.take("k") is None
    finally:
        await store.close()
    warnings = [r for r in caplog.records if "Redis" in r.getMessage() and "unavailable" in r.getMessage()]
    assert len(warnings) == 1


@pytest.fixture(scope="module")
def telegram_api() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(token=TOKEN) as api:
        yield api  # type: ignore[misc]


def telegram_replica(api: FakeTelegramAPI, store: Any, dedup: Any = None) -> TelegramInput:
    settings = TelegramSettings(token=TOKEN, secret_token=SECRET, api_base=api.base_url)
    sender = TelegramSender(settings, RetryPolicy(), sleep=RecordingSleep(), timeout_seconds=5)
    return TelegramInput(settings, sender=sender, deduplicator=dedup, store=store)


async def post_update(http: httpx.AsyncClient, base: str, payload: Any) -> httpx.Response:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    return await http.post(f"{base}/webhook", content=json.dumps(payload).encode(), headers=headers)


def tap(data: str, update_id: int) -> dict[str, Any]:
    update = fixture("telegram", "callback_query")
    update["update_id"] = update_id
    update["callback_query"]["data"] = data
    return update


@needs_redis
async def test_a_button_sent_by_one_telegram_replica_is_understood_by_another(
    telegram_api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    telegram_api.reset()
    shared = namespace("telegram:callback")
    stores = [RedisStore(REDIS_URL, shared), RedisStore(REDIS_URL, shared)]
    sender, receiver = (telegram_replica(telegram_api, store) for store in stores)
    button = {"title": "Dryer", "payload": LONG_PAYLOAD}
    asks = MessageRecorder(replies=[{"text": "Options", "buttons": [button]}])
    taps = MessageRecorder()
    try:
        async with serve_channel(sender, asks) as base:
            assert (await post_update(http, base, fixture("telegram", "text"))).status_code == 200
        [sent] = telegram_api.calls_to("sendMessage")
        data = sent["params"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert data == short_key(LONG_PAYLOAD)
        assert receiver.registry.decode(data) is None  # nothing in the receiver's own memory
        ttl = await stores[0]._redis.client().ttl(stores[0].key(data))
        assert CALLBACK_KEY_TTL_SECONDS - 60 < ttl <= CALLBACK_KEY_TTL_SECONDS
        async with serve_channel(receiver, taps) as base:
            assert (await post_update(http, base, tap(data, 30001))).status_code == 200
        assert taps.texts == [LONG_PAYLOAD]
    finally:
        await forget(stores[0])
        await stores[1].close()


@needs_redis
async def test_a_key_written_by_another_process_is_understood(
    telegram_api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    shared = namespace("telegram:callback")
    program = (
        "import asyncio, sys\n"
        "from connectors.shared_store import RedisStore\n"
        "from connectors.telegram.callback_keys import CallbackKeys\n"
        "from connectors.telegram.translate import CallbackDataRegistry, render_text\n"
        "async def main():\n"
        "    keys = CallbackKeys(CallbackDataRegistry(), RedisStore(sys.argv[1], sys.argv[2]))\n"
        "    calls = render_text(1, 'Options', [('Dryer', sys.argv[3])], keys.registry)\n"
        "    await keys.share(calls)\n"
        "    await keys.store.close()\n"
        "    print(calls[-1].keyboard[0][0][1])\n"
        "asyncio.run(main())\n"
    )
    written = subprocess.run(
        [sys.executable, "-c", program, REDIS_URL, shared, LONG_PAYLOAD],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120, check=True,
    )
    data = written.stdout.strip()
    store = RedisStore(REDIS_URL, shared)
    taps = MessageRecorder()
    try:
        async with serve_channel(telegram_replica(telegram_api, store), taps) as base:
            assert (await post_update(http, base, tap(data, 30002))).status_code == 200
        assert taps.texts == [LONG_PAYLOAD]
    finally:
        await forget(store)


@needs_redis
async def test_a_key_found_nowhere_is_an_expired_button(
    telegram_api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    store = RedisStore(REDIS_URL, namespace("telegram:callback"))
    taps = MessageRecorder()
    try:
        async with serve_channel(telegram_replica(telegram_api, store), taps) as base:
            await post_update(http, base, tap(short_key("/never_sent"), 30003))
        assert taps.texts == [unsupported_media_text("unsupported")]
    finally:
        await forget(store)


@needs_redis
async def test_a_telegram_update_replayed_to_another_replica_is_handled_once(
    telegram_api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    shared = namespace("telegram:update")
    dedups = [RedisDeduplicator(REDIS_URL, shared, 60) for _ in range(2)]
    replicas = [telegram_replica(telegram_api, MemoryStore(), dedup) for dedup in dedups]
    update = fixture("telegram", "text")
    update["update_id"] = int(time.time())  # not seen by any earlier run
    recorder = MessageRecorder()
    statuses = []
    try:
        for replica in replicas:
            async with serve_channel(replica, recorder) as base:
                statuses.append((await post_update(http, base, update)).status_code)
        assert statuses == [200, 200] and len(recorder.messages) == 1
    finally:
        await dedups[0]._redis().delete(dedups[0].key(str(update["update_id"])))
        for dedup in dedups:
            await dedup.close()


@pytest.fixture(scope="module")
def graph_api() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(token=ACCESS_TOKEN) as api:
        yield api  # type: ignore[misc]


def whatsapp_replica(api: FakeGraphAPI, store: RedisStore) -> WhatsAppInput:
    settings = WhatsAppSettings(ACCESS_TOKEN, APP_SECRET, "verify", PHONE_NUMBER_ID, api_base=api.base_url)
    sender = GraphSender(settings, RetryPolicy(), sleep=RecordingSleep())
    return WhatsAppInput(settings, sender=sender, options=OptionStore(store=store))


def whatsapp_text(text: str) -> dict[str, Any]:
    body = fixture("whatsapp", "text")
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message["text"]["body"] = text
    message["id"] = f"wamid.{uuid.uuid4().hex}"
    return body


async def deliver(
    http: httpx.AsyncClient, replica: WhatsAppInput, recorder: MessageRecorder, text: str
) -> None:
    raw, headers = sign_delivery(whatsapp_text(text), APP_SECRET)
    async with serve_channel(replica, recorder) as base:
        assert (await http.post(f"{base}/webhook", content=raw, headers=headers)).status_code == 200
        await replica.drain()


@needs_redis
async def test_numbered_options_sent_by_one_whatsapp_replica_are_picked_on_another_once(
    graph_api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    graph_api.reset()
    shared = namespace("whatsapp:options")
    stores = [RedisStore(REDIS_URL, shared), RedisStore(REDIS_URL, shared)]
    replica_a, replica_b = (whatsapp_replica(graph_api, store) for store in stores)
    options = [{"title": f"Country {i}", "payload": f'/inform{{"country":"C{i}"}}'} for i in range(1, 13)]
    asks = MessageRecorder(replies=[{"text": "Which country?", "buttons": options}])
    picks = MessageRecorder()
    try:
        await deliver(http, replica_a, asks, "hi")
        [sent] = graph_api.calls
        assert "\n2. Country 2" in sent["params"]["text"]["body"]
        [key] = [key async for key in stores[0]._redis.client().scan_iter(match=f"{shared}:*")]
        assert "972987654321" not in key.decode()  # no phone number in Redis
        await deliver(http, replica_b, picks, "2")
        await deliver(http, replica_a, picks, "2")  # taken already, on the other replica
        assert picks.texts == ['/inform{"country":"C2"}', "2"]
    finally:
        await forget(stores[0])
        await stores[1].close()
