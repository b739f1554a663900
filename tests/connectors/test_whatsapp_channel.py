"""The WhatsApp channel over real HTTP: verification, signature refusals, fast acknowledgement,
deduplication, round trips through the fake Graph API, retries."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from connectors.inbound import unsupported_media_text
from connectors.retry import RetryPolicy
from connectors.whatsapp import WhatsAppInput, WhatsAppOutput
from connectors.whatsapp.sender import GraphSender
from connectors.whatsapp.settings import WhatsAppSettings
from connectors.whatsapp.translate import text_body
from harness.fakes.graph_api import FakeGraphAPI, sign_delivery
from harness.fakes.redate import redated
from tests.fakes.recorder import MessageRecorder, RecordingSleep
from tests.fakes.sanic_harness import serve_channel

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "whatsapp"
ACCESS_TOKEN = "EAAGtestaccesstoken"
APP_SECRET = "0123456789abcdef0123456789abcdef"
VERIFY_TOKEN = "verify-me-please"
PHONE_NUMBER_ID = "1122334455667"
USER = "972987654321"  # the number in pywa's recorded payloads


def load(name: str) -> dict[str, Any]:
    """A recorded payload, sent now (older ones are refused as replays)."""
    return redated(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


def with_text(text: str, message_id: str = "wamid.custom1") -> dict[str, Any]:
    body = load("text")
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message["text"]["body"] = text
    message["id"] = message_id
    return body


@pytest.fixture(scope="module")
def graph_api() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(token=ACCESS_TOKEN) as api:
        yield api  # type: ignore[misc]


@pytest.fixture
def api(graph_api: FakeGraphAPI) -> FakeGraphAPI:
    graph_api.reset()
    return graph_api


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def settings(api: FakeGraphAPI) -> WhatsAppSettings:
    return WhatsAppSettings(
        access_token=ACCESS_TOKEN,
        app_secret=APP_SECRET,
        verify_token=VERIFY_TOKEN,
        phone_number_id=PHONE_NUMBER_ID,
        api_base=api.base_url,
        api_version="v25.0",
    )


@pytest.fixture
def channel(settings: WhatsAppSettings, sleep: RecordingSleep) -> WhatsAppInput:
    return WhatsAppInput(settings, sender=GraphSender(settings, RetryPolicy(), sleep=sleep))


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


async def deliver(
    http: httpx.AsyncClient,
    base: str,
    body: Any,
    secret: str | None = APP_SECRET,
    signature: str | None = None,
) -> httpx.Response:
    raw, headers = sign_delivery(body, secret or "unused")
    if secret is None:
        del headers["X-Hub-Signature-256"]
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return await http.post(f"{base}/webhook", content=raw, headers=headers)


# --------------------------------------------------------------------------- switched off


@pytest.mark.asyncio
async def test_missing_credentials_keep_the_channel_off_and_say_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, http: httpx.AsyncClient
) -> None:
    for name in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with caplog.at_level(logging.WARNING, logger="connectors.whatsapp.channel"):
        channel = WhatsAppInput.from_credentials(None)
    warnings = [r for r in caplog.records if r.name == "connectors.whatsapp.channel"]
    assert len(warnings) == 1 and "WhatsApp channel is off" in warnings[0].getMessage()
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        assert (await http.get(f"{base}/")).json() == {"status": "disabled"}
        assert (await http.get(f"{base}/webhook", params={"hub.mode": "subscribe"})).status_code == 503
        assert (await deliver(http, base, load("text"))).status_code == 503
    assert recorder.messages == []


def test_from_credentials_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
    monkeypatch.setenv("WHATSAPP_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
    monkeypatch.setenv("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID)
    channel = WhatsAppInput.from_credentials({"access_token": "${WHATSAPP_ACCESS_TOKEN}-expanded"})
    assert channel.enabled and channel.settings.access_token == "${WHATSAPP_ACCESS_TOKEN}-expanded"
    assert isinstance(channel.get_output_channel(), WhatsAppOutput)
    assert channel.url_prefix() == "whatsapp"


# --------------------------------------------------------------------------- verification


@pytest.mark.asyncio
async def test_subscription_check(channel: WhatsAppInput, http: httpx.AsyncClient) -> None:
    async with serve_channel(channel, MessageRecorder()) as base:
        good = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
        response = await http.get(f"{base}/webhook", params=good)
        assert (response.status_code, response.text) == (200, "1158201444")
        for bad in (
            {**good, "hub.verify_token": "guess"},
            {**good, "hub.mode": "unsubscribe"},
            {"hub.challenge": "1"},
        ):
            assert (await http.get(f"{base}/webhook", params=bad)).status_code == 403


# --------------------------------------------------------------------------- refusals


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("secret", "signature", "status"),
    [
        (None, None, 401),  # no header at all
        (APP_SECRET, "", 401),
        ("not-the-app-secret", None, 403),
        (APP_SECRET, "sha256=" + "0" * 64, 403),
        (APP_SECRET, "md5=abc", 403),
    ],
)
async def test_unsigned_or_badly_signed_delivery_is_refused(
    channel: WhatsAppInput,
    api: FakeGraphAPI,
    http: httpx.AsyncClient,
    secret: str | None,
    signature: str | None,
    status: int,
) -> None:
    recorder = MessageRecorder(replies=[{"text": "should not be sent"}])
    async with serve_channel(channel, recorder) as base:
        response = await deliver(http, base, load("text"), secret, signature)
        await channel.drain()
    assert response.status_code == status
    assert recorder.messages == [] and api.calls == []


@pytest.mark.asyncio
async def test_signature_covers_the_raw_bytes(channel: WhatsAppInput, http: httpx.AsyncClient) -> None:
    # Meta's serialization (spacing, escaping) differs from json.dumps: the bytes must be used.
    raw = json.dumps(load("text"), indent=3, ensure_ascii=True).encode()
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        response = await deliver(http, base, raw)
        await channel.drain()
    assert response.status_code == 200 and recorder.texts == ["Body Text"]


@pytest.mark.asyncio
@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1]", b'{"object": "whatsapp_business_account"}'])
async def test_malformed_signed_body_is_refused(
    channel: WhatsAppInput, http: httpx.AsyncClient, raw: bytes
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        response = await deliver(http, base, raw)
        await channel.drain()
    assert response.status_code == 400 and recorder.messages == []


@pytest.mark.asyncio
async def test_replayed_delivery_is_processed_once(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder(replies=[{"text": "Karibu"}])
    async with serve_channel(channel, recorder) as base:
        first = await deliver(http, base, load("text"))
        await channel.drain()
        again = await deliver(http, base, load("text"))
        await channel.drain()
    assert (first.status_code, again.status_code) == (200, 200)
    assert len(recorder.messages) == 1 and len(api.calls) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "name",
    [
        "status_sent",
        "status_delivered",
        "status_read",
        "status_failed",
        "reaction",
        "edited_message",
        "revoke",
        "system_number_change",
    ],
)
async def test_statuses_and_silent_types_are_acknowledged_and_ignored(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient, name: str
) -> None:
    recorder = MessageRecorder(replies=[{"text": "no"}])
    async with serve_channel(channel, recorder) as base:
        response = await deliver(http, base, load(name))
        await channel.drain()
    assert response.status_code == 200
    assert recorder.messages == [] and api.calls == []


@pytest.mark.asyncio
async def test_message_for_another_business_number_is_ignored(
    channel: WhatsAppInput, http: httpx.AsyncClient
) -> None:
    body = load("text")
    body["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        assert (await deliver(http, base, body)).status_code == 200
        await channel.drain()
    assert recorder.messages == []


# --------------------------------------------------------------------------- hand-off to Rasa


@pytest.mark.asyncio
async def test_answers_once_the_turn_is_handled(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder(replies=[{"text": "Karibu"}])
    async with serve_channel(channel, recorder) as base:
        response = await deliver(http, base, load("text_kenya"))
        # No drain(): the 200 came after the turn, so the reply is already out.
        assert response.status_code == 200
        assert [call["params"]["text"]["body"] for call in api.calls] == ["Karibu"]


@pytest.mark.asyncio
async def test_acknowledges_a_slow_turn_after_the_wait(
    settings: WhatsAppSettings, sleep: RecordingSleep, api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    settings = replace(settings, ack_wait_seconds=0)
    channel = WhatsAppInput(settings, sender=GraphSender(settings, RetryPolicy(), sleep=sleep))
    release = asyncio.Event()

    async def slow_rasa(_: Any) -> None:
        await release.wait()

    recorder = MessageRecorder(replies=[{"text": "Karibu"}], before_reply=slow_rasa)
    async with serve_channel(channel, recorder) as base:
        response = await asyncio.wait_for(deliver(http, base, load("text_kenya")), timeout=5)
        assert response.status_code == 200
        await asyncio.wait_for(recorder.received.wait(), timeout=5)
        assert api.calls == []  # Rasa is still thinking; Meta already has its 200
        duplicate = await deliver(http, base, load("text_kenya"))
        assert duplicate.status_code == 503  # in progress: Meta should come back later
        release.set()
        await channel.drain()
        again = await deliver(http, base, load("text_kenya"))
    assert again.status_code == 200
    assert len(recorder.messages) == 1
    assert [call["params"]["text"]["body"] for call in api.calls] == ["Karibu"]


@pytest.mark.asyncio
async def test_text_reaches_rasa_with_metadata(channel: WhatsAppInput, http: httpx.AsyncClient) -> None:
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        await deliver(http, base, load("text_kenya"))
        await channel.drain()
    [message] = recorder.messages
    assert message.text == "Habari, tunahitaji kikaushio cha jua"
    assert message.sender_id == "254712345678"
    assert message.input_channel == "whatsapp"
    assert message.message_id.startswith("wamid.")
    assert message.metadata == {"channel": "whatsapp", "language_hint": "sw"}
    assert message.output_channel.name() == "whatsapp"


@pytest.mark.asyncio
async def test_batched_messages_each_reach_rasa(channel: WhatsAppInput, http: httpx.AsyncClient) -> None:
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        await deliver(http, base, load("text_batch"))
        await channel.drain()
    assert sorted((m.sender_id, m.metadata["language_hint"]) for m in recorder.messages) == [
        ("221771234567", "fr"),
        (USER, "en"),
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("voice", unsupported_media_text("voice")),
        ("image", unsupported_media_text("image")),
        ("sticker_static", unsupported_media_text("sticker")),
        ("location_current", unsupported_media_text("location")),
        ("contacts", unsupported_media_text("contact")),
        ("unsupported", unsupported_media_text("unsupported")),
        ("button_reply", "callback_data"),
        ("list_reply", "callback_data"),
    ],
)
async def test_media_and_interactive_replies_reach_rasa(
    channel: WhatsAppInput, http: httpx.AsyncClient, name: str, text: str
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        await deliver(http, base, load(name))
        await channel.drain()
    assert recorder.texts == [text]


@pytest.mark.asyncio
async def test_rasa_failure_is_released_for_metas_retry(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = MessageRecorder(replies=[{"text": "Karibu"}], error=RuntimeError("boom"), error_times=1)
    async with serve_channel(channel, recorder) as base:
        failed = await deliver(http, base, load("text"))
        retried = await deliver(http, base, load("text"))  # Meta redelivers after a 503
        replayed = await deliver(http, base, load("text"))
        other = await deliver(http, base, with_text("again", "wamid.2"))
        await channel.drain()
    statuses = (failed.status_code, retried.status_code, replayed.status_code, other.status_code)
    assert statuses == (503, 200, 200, 200)
    assert recorder.texts == ["Body Text", "Body Text", "again"]
    assert [c["params"]["text"]["body"] for c in api.calls] == ["Karibu", "Karibu"]
    assert any("failed in Rasa" in r.getMessage() for r in caplog.records)


@pytest.mark.asyncio
async def test_batch_with_one_failed_turn_is_retried_for_that_turn_only(
    channel: WhatsAppInput, http: httpx.AsyncClient
) -> None:
    failing = {"221771234567"}

    async def fail_once_for_senegal(message: Any) -> None:
        if message.sender_id in failing:
            failing.clear()
            raise RuntimeError("boom")

    recorder = MessageRecorder(before_reply=fail_once_for_senegal)
    async with serve_channel(channel, recorder) as base:
        first = await deliver(http, base, load("text_batch"))
        retry = await deliver(http, base, load("text_batch"))
    assert (first.status_code, retry.status_code) == (503, 200)
    assert sorted(m.sender_id for m in recorder.messages) == ["221771234567", "221771234567", USER]


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["text", "image", "button_reply", "text_batch"])
async def test_delivery_older_than_the_window_is_acknowledged_but_starts_no_turn(
    channel: WhatsAppInput, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    window = channel.settings.max_age_seconds
    stale = redated(load(name), time.time() - window - 60)
    fresh = redated(load(name), time.time() - window + 60)
    recorder = MessageRecorder()
    with caplog.at_level(logging.INFO, logger="connectors"):
        async with serve_channel(channel, recorder) as base:
            refused = await deliver(http, base, stale)
            accepted = await deliver(http, base, fresh)  # same ids: the refusal left no trace
            await channel.drain()
    assert (refused.status_code, accepted.status_code) == (200, 200)  # 200: Meta stops retrying
    assert len(recorder.messages) == len(load(name)["entry"][0]["changes"][0]["value"]["messages"])
    refusals = [r.getMessage() for r in caplog.records if "outside the" in r.getMessage()]
    assert refusals and not any("Body Text" in line or USER in line for line in refusals)


@pytest.mark.asyncio
async def test_logs_hold_neither_text_nor_phone_number(
    channel: WhatsAppInput,
    http: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DEBUG_LOG_CONTENT", raising=False)
    recorder = MessageRecorder(replies=[{"text": "Asante"}])
    with caplog.at_level(logging.DEBUG, logger="connectors"):
        async with serve_channel(channel, recorder) as base:
            await deliver(http, base, load("text_kenya"))
            await channel.drain()
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("connectors"))
    assert logged
    assert "kikaushio" not in logged and "254712345678" not in logged
    assert "MjU0NzEyMzQ1Njc4" not in logged  # the number, base64-encoded inside the wamid


# --------------------------------------------------------------------------- round trips


@pytest.mark.asyncio
async def test_reply_buttons_round_trip(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    reply = {
        "text": "Is this right?",
        "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
    }
    recorder = MessageRecorder(replies=[reply])
    async with serve_channel(channel, recorder) as base:
        await deliver(http, base, load("text"))
        await channel.drain()
    [call] = api.calls
    assert call["status"] == 200
    assert call["path"] == f"/v25.0/{PHONE_NUMBER_ID}/messages"
    assert call["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert call["params"]["to"] == USER
    assert call["params"]["interactive"]["type"] == "button"


@pytest.mark.asyncio
async def test_list_round_trip_with_localized_label(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    reply = {
        "text": "Sekta gani?",
        "list_button": "Chagua sekta",
        "buttons": [{"title": f"Sekta {i}", "payload": f'/sector{{"n":{i}}}'} for i in range(6)],
    }
    recorder = MessageRecorder(replies=[reply])
    async with serve_channel(channel, recorder) as base:
        await deliver(http, base, load("text"))
        await channel.drain()
    [call] = api.calls
    assert call["status"] == 200
    interactive = call["params"]["interactive"]
    assert interactive["type"] == "list" and interactive["action"]["button"] == "Chagua sekta"
    assert len(interactive["action"]["sections"][0]["rows"]) == 6


@pytest.mark.asyncio
async def test_numbered_options_round_trip(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    options = [{"title": f"Country {i}", "payload": f'/inform{{"country":"C{i}"}}'} for i in range(1, 13)]
    recorder = MessageRecorder(replies=[{"text": "Which country?", "buttons": options}])
    async with serve_channel(channel, recorder) as base:
        await deliver(http, base, with_text("hi", "wamid.n1"))
        await channel.drain()
        recorder.replies = []
        await deliver(http, base, with_text(" 2 ", "wamid.n2"))
        await channel.drain()
        await deliver(http, base, with_text("2", "wamid.n3"))  # the list was used up
        await channel.drain()
    [sent] = api.calls
    assert sent["params"]["text"]["body"].startswith("Which country?\n\n1. Country 1\n2. Country 2")
    assert recorder.texts == ["hi", '/inform{"country":"C2"}', "2"]
    assert recorder.messages[1].metadata["numbered_choice"] == "2"


@pytest.mark.asyncio
async def test_image_and_native_custom_payloads(
    channel: WhatsAppInput, api: FakeGraphAPI, http: httpx.AsyncClient
) -> None:
    native = {"whatsapp": {"type": "text", "text": {"body": "native"}}}
    recorder = MessageRecorder(
        replies=[
            {"image": "https://example.org/dryer.jpg"},
            {"custom": native},
            {"custom": {"no": "text"}},
        ]
    )
    async with serve_channel(channel, recorder) as base:
        await deliver(http, base, load("text"))
        await channel.drain()
    assert [call["params"]["type"] for call in api.calls] == ["image", "text"]
    assert api.calls[0]["params"]["image"] == {"link": "https://example.org/dryer.jpg"}
    assert api.calls[1]["params"]["to"] == USER


# --------------------------------------------------------------------------- sending failures


async def send_one(channel: WhatsAppInput) -> str | None:
    return await channel.sender.send(PHONE_NUMBER_ID, text_body(USER, "Habari"))


@pytest.mark.asyncio
@pytest.mark.parametrize("mode", ["429", "500", "drop"])
async def test_transient_errors_are_retried_with_backoff(
    channel: WhatsAppInput, api: FakeGraphAPI, sleep: RecordingSleep, mode: str
) -> None:
    api.set_mode(mode, times=2)
    message_id = await send_one(channel)
    assert message_id and message_id.startswith("wamid.FAKE")
    assert len(api.calls) == 3 and api.calls[-1]["status"] == 200
    assert sleep.delays == [0.5, 1.0]
    await channel.sender.close()


@pytest.mark.asyncio
async def test_retry_after_header_is_honoured(
    channel: WhatsAppInput, api: FakeGraphAPI, sleep: RecordingSleep
) -> None:
    api.set_mode("429", times=1, retry_after=4)
    assert await send_one(channel)
    assert sleep.delays == [4.0]
    await channel.sender.close()


@pytest.mark.asyncio
async def test_retries_are_bounded_and_never_raise(
    channel: WhatsAppInput, api: FakeGraphAPI, sleep: RecordingSleep
) -> None:
    api.set_mode("500")
    assert await send_one(channel) is None
    assert len(api.calls) == RetryPolicy().max_attempts
    await channel.sender.close()


@pytest.mark.asyncio
async def test_invalid_message_is_not_retried(
    channel: WhatsAppInput, api: FakeGraphAPI, sleep: RecordingSleep
) -> None:
    bad = text_body(USER, "x")
    bad["text"]["body"] = "x" * 5000
    assert await channel.sender.send(PHONE_NUMBER_ID, bad) is None
    assert [call["status"] for call in api.calls] == [400] and sleep.delays == []
    await channel.sender.close()


@pytest.mark.asyncio
async def test_wrong_token_is_not_retried(
    settings: WhatsAppSettings, api: FakeGraphAPI, sleep: RecordingSleep
) -> None:
    sender = GraphSender(replace(settings, access_token="nope"), sleep=sleep)
    assert await sender.send(PHONE_NUMBER_ID, text_body(USER, "x")) is None
    assert [call["status"] for call in api.calls] == [401]
    await sender.close()


# --------------------------------------------------------------------------- the fake as a process


def test_fake_graph_api_runs_as_a_process() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.fakes.graph_api", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def call(path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=None if body is None else json.dumps(body).encode(),
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())

    try:
        assert process.stdout is not None and "listening on" in process.stdout.readline()
        status, body = call(f"/v25.0/{PHONE_NUMBER_ID}/messages", text_body(USER, "hi"))
        assert status == 200 and body["messages"][0]["id"].startswith("wamid.")
        assert call("/_mode", {"mode": "500", "times": 1})[0] == 200
        assert call(f"/v25.0/{PHONE_NUMBER_ID}/messages", text_body(USER, "hi"))[0] == 500
        status, calls = call("/_calls")
        assert [c["status"] for c in calls] == [200, 500]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 0
