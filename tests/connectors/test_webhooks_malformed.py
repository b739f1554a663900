"""Both webhooks fed what Telegram and Meta never send, over real HTTP: malformed JSON, wrong
content types, bodies over 1 MB, JSON nested 100,000 deep, wrongly encoded bytes, lone
surrogates, replays. Each gets a clear 4xx (or, for an authenticated delivery the platform
would otherwise redeliver for days, a 200 that starts nothing), never a 500, and leaves nothing
half written: no turn, and no deduplication entry for what was refused."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from connectors.dedup import MemoryDeduplicator
from connectors.telegram import TelegramInput
from connectors.telegram.settings import TelegramSettings
from connectors.whatsapp import WhatsAppInput
from connectors.whatsapp.settings import WhatsAppSettings
from harness.fakes.graph_api import FakeGraphAPI, sign_delivery
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.recorder import MessageRecorder
from tests.fakes.sanic_harness import serve_channel

TOKEN = "123456:TEST-token"
SECRET = "s3cret_TOKEN-1"
APP_SECRET = "0123456789abcdef0123456789abcdef"
PHONE_NUMBER_ID = "1122334455667"
DEEP = 100_000

# Bodies no JSON parser should turn into an update, or that blow up a naive one.
BAD_BODIES = {
    "truncated": b'{"update_id": 1, "message": {',
    "empty": b"",
    "not utf-8 (latin-1)": '{"update_id": 1, "message": {"text": "café"}}'.encode("latin-1"),
    "nested 100,000 deep (array)": b"[" * DEEP + b"]" * DEEP,
    "nested 100,000 deep (object)": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "NUL bytes": b"\x00" * 64,
    "a number": b"1e999999",
}


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


# --------------------------------------------------------------------------- Telegram


@pytest.fixture(scope="module")
def telegram_api() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(token=TOKEN) as api:
        yield api  # type: ignore[misc]


@pytest.fixture
def telegram(telegram_api: FakeTelegramAPI) -> TelegramInput:
    telegram_api.reset()
    settings = TelegramSettings(token=TOKEN, secret_token=SECRET, api_base=telegram_api.base_url)
    return TelegramInput(settings, deduplicator=MemoryDeduplicator())


def telegram_text(text: str, update_id: int = 31337, sent_at: float | None = None) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time() if sent_at is None else sent_at),
            "chat": {"id": 777, "type": "private"},
            "from": {"id": 777, "is_bot": False, "first_name": "A"},
            "text": text,
        },
    }


async def telegram_post(
    http: httpx.AsyncClient, base: str, body: bytes, content_type: str = "application/json"
) -> httpx.Response:
    headers = {"Content-Type": content_type, "X-Telegram-Bot-Api-Secret-Token": SECRET}
    return await http.post(f"{base}/webhook", content=body, headers=headers)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", list(BAD_BODIES))
async def test_telegram_bad_bodies_get_400(
    telegram: TelegramInput, http: httpx.AsyncClient, name: str
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(telegram, recorder) as base:
        response = await telegram_post(http, base, BAD_BODIES[name])
        alive = await telegram_post(http, base, json.dumps(telegram_text("hello")).encode())
    assert response.status_code == 400, response.text
    assert alive.status_code == 200 and recorder.texts == ["hello"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]
)
async def test_telegram_wrong_content_type_gets_415(
    telegram: TelegramInput, http: httpx.AsyncClient, content_type: str
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(telegram, recorder) as base:
        response = await telegram_post(http, base, json.dumps(telegram_text("hi")).encode(), content_type)
    assert response.status_code == 415
    assert recorder.messages == [] and len(telegram.deduplicator) == 0  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_telegram_body_over_one_megabyte_gets_413(
    telegram: TelegramInput, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder()
    body = json.dumps(telegram_text("x" * (1024 * 1024 + 1))).encode()
    async with serve_channel(telegram, recorder) as base:
        response = await telegram_post(http, base, body)
    assert response.status_code == 413
    assert recorder.messages == [] and len(telegram.deduplicator) == 0  # type: ignore[arg-type]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": "1"}',
        b'{"update_id": true, "message": {}}',
        b'{"update_id": NaN}',
        b'{"update_id": 1.5}',
        b'{"message": {"text": "no id"}}',
    ],
)
async def test_telegram_body_without_an_update_id_gets_400(
    telegram: TelegramInput, http: httpx.AsyncClient, body: bytes
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(telegram, recorder) as base:
        response = await telegram_post(http, base, body)
    assert response.status_code == 400 and recorder.messages == []


@pytest.mark.asyncio
@pytest.mark.parametrize("raw", [False, True])
async def test_telegram_lone_surrogate_reaches_rasa_as_a_replacement_character(
    telegram: TelegramInput, telegram_api: FakeTelegramAPI, http: httpx.AsyncClient, raw: bool
) -> None:
    recorder = MessageRecorder(replies=[{"text": "You said \ud800?"}])  # echoed back, as a summary does
    body = json.dumps(telegram_text("mahindi \ud800 \U0001f33d")).encode()  # json.dumps escapes it
    assert b"\\ud800" in body
    if raw:  # the surrogate's UTF-8-style bytes, unescaped: json.loads still reads them
        body = body.replace(b"\\ud800", b"\xed\xa0\x80")
    async with serve_channel(telegram, recorder) as base:
        response = await telegram_post(http, base, body)
    assert response.status_code == 200
    assert recorder.texts == ["mahindi \ufffd \U0001f33d"]
    [sent] = telegram_api.calls_to("sendMessage")
    assert sent["params"]["text"] == "You said \ufffd?"


@pytest.mark.asyncio
async def test_telegram_replays_start_one_turn_and_refusals_leave_no_entry(
    telegram: TelegramInput, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder()
    stale = telegram_text("old", update_id=1, sent_at=time.time() - 2 * 24 * 3600)
    fresh = telegram_text("new", update_id=2)
    async with serve_channel(telegram, recorder) as base:
        statuses = [
            (await telegram_post(http, base, json.dumps(body).encode())).status_code
            for body in (stale, stale, fresh, fresh, fresh)
        ]
    assert statuses == [200] * 5
    assert recorder.texts == ["new"]
    assert len(telegram.deduplicator) == 1  # type: ignore[arg-type]  # only the handled one


# --------------------------------------------------------------------------- WhatsApp


@pytest.fixture(scope="module")
def graph_api() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(token="EAAGtest") as api:
        yield api  # type: ignore[misc]


@pytest.fixture
def whatsapp(graph_api: FakeGraphAPI) -> WhatsAppInput:
    graph_api.reset()
    settings = WhatsAppSettings(
        access_token="EAAGtest",
        app_secret=APP_SECRET,
        verify_token="verify",
        phone_number_id=PHONE_NUMBER_ID,
        api_base=graph_api.base_url,
    )
    return WhatsAppInput(settings, deduplicator=MemoryDeduplicator())


def whatsapp_text(
    text: str, message_id: str = "wamid.malformed", sent_at: float | None = None
) -> dict[str, Any]:
    message = {
        "from": "254712345678",
        "id": message_id,
        "timestamp": str(int(time.time() if sent_at is None else sent_at)),
        "type": "text",
        "text": {"body": text},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": PHONE_NUMBER_ID},
        "messages": [message],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


async def whatsapp_post(
    http: httpx.AsyncClient, base: str, body: bytes | dict[str, Any], content_type: str = "application/json"
) -> httpx.Response:
    raw, headers = sign_delivery(body, APP_SECRET)  # signed: the checks after the signature are under test
    headers["Content-Type"] = content_type
    return await http.post(f"{base}/webhook", content=raw, headers=headers)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", list(BAD_BODIES))
async def test_whatsapp_bad_signed_bodies_get_400(
    whatsapp: WhatsAppInput, http: httpx.AsyncClient, name: str
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(whatsapp, recorder) as base:
        response = await whatsapp_post(http, base, BAD_BODIES[name])
        alive = await whatsapp_post(http, base, whatsapp_text("hello"))
        await whatsapp.drain()
    assert response.status_code == 400, response.text
    assert alive.status_code == 200 and recorder.texts == ["hello"]


@pytest.mark.asyncio
async def test_whatsapp_unsigned_garbage_is_refused_before_it_is_parsed(
    whatsapp: WhatsAppInput, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder()
    body = BAD_BODIES["nested 100,000 deep (array)"]
    async with serve_channel(whatsapp, recorder) as base:
        response = await http.post(
            f"{base}/webhook", content=body, headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 401 and recorder.messages == []


@pytest.mark.asyncio
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
async def test_whatsapp_wrong_content_type_gets_415(
    whatsapp: WhatsAppInput, http: httpx.AsyncClient, content_type: str
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(whatsapp, recorder) as base:
        response = await whatsapp_post(http, base, whatsapp_text("hi"), content_type)
        await whatsapp.drain()
    assert response.status_code == 415
    assert recorder.messages == [] and len(whatsapp.deduplicator) == 0  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_whatsapp_body_over_one_megabyte_gets_413(
    whatsapp: WhatsAppInput, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(whatsapp, recorder) as base:
        response = await whatsapp_post(http, base, whatsapp_text("x" * (1024 * 1024 + 1)))
        await whatsapp.drain()
    assert response.status_code == 413
    assert recorder.messages == [] and len(whatsapp.deduplicator) == 0  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_whatsapp_odd_values_are_read_or_ignored_never_a_500(
    whatsapp: WhatsAppInput, http: httpx.AsyncClient
) -> None:
    odd = whatsapp_text("\ud800 habari", "wamid.odd")
    message = odd["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = float("nan")
    others = [
        {**message, "id": "wamid.big", "from": 2**70},
        {**message, "id": "wamid.list", "from": ["254"]},
        {**message, "id": "wamid.nan", "text": {"body": float("inf")}},
        {**message, "id": 12345},
    ]
    odd["entry"][0]["changes"][0]["value"]["messages"] += others
    recorder = MessageRecorder()
    async with serve_channel(whatsapp, recorder) as base:
        response = await whatsapp_post(http, base, odd)
        await whatsapp.drain()
    assert response.status_code == 200
    assert sorted(recorder.texts) == sorted(["\ufffd habari", "\ufffd habari", "\ufffd habari"])
    assert all(isinstance(m.sender_id, str) for m in recorder.messages)


@pytest.mark.asyncio
async def test_whatsapp_replays_start_one_turn_and_refusals_leave_no_entry(
    whatsapp: WhatsAppInput, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder()
    stale = whatsapp_text("old", "wamid.old", sent_at=time.time() - 2 * 24 * 3600)
    fresh = whatsapp_text("new", "wamid.new")
    async with serve_channel(whatsapp, recorder) as base:
        statuses = []
        for body in (stale, stale, fresh, fresh, fresh):
            statuses.append((await whatsapp_post(http, base, body)).status_code)
            await whatsapp.drain()
    assert statuses == [200] * 5
    assert recorder.texts == ["new"]
    assert len(whatsapp.deduplicator) == 1  # type: ignore[arg-type]
