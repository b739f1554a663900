"""WhatsApp deliveries handed to Rasa over real HTTP: fast acknowledgement, deduplication, what
each kind of message becomes."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any

import httpx
import pytest

from connectors.inbound import unsupported_media_text
from connectors.retry import RetryPolicy
from connectors.whatsapp import WhatsAppInput
from connectors.whatsapp.sender import GraphSender
from connectors.whatsapp.settings import WhatsAppSettings
from harness.fakes.graph_api import FakeGraphAPI
from harness.fakes.redate import redated
from tests.connectors.whatsapp_channel.helpers import USER, deliver, load, with_text
from tests.fakes.recorder import MessageRecorder, RecordingSleep
from tests.fakes.sanic_harness import serve_channel

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


