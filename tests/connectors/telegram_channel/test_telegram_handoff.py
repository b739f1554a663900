"""Telegram updates handed to Rasa over real HTTP: commands, callbacks, media, deduplication."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx
import pytest

from connectors.inbound import unsupported_media_text
from connectors.telegram import TelegramInput
from harness.fakes.redate import redated
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.connectors.telegram_channel.helpers import CHAT_ID, load, post_update
from tests.fakes.recorder import MessageRecorder
from tests.fakes.sanic_harness import serve_channel

# --------------------------------------------------------------------------- hand-off to Rasa


@pytest.mark.asyncio
async def test_text_reaches_rasa_with_metadata(channel: TelegramInput, http: httpx.AsyncClient) -> None:
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        response = await post_update(http, base, load("start_deeplink"))
    assert response.status_code == 200
    [message] = recorder.messages
    assert message.text == "/start"
    assert message.sender_id == str(CHAT_ID)
    assert message.input_channel == "telegram"
    assert message.message_id == "10005"
    assert message.metadata["channel"] == "telegram"
    assert message.metadata["language_hint"] == "sw"
    assert message.metadata["start_payload"] == "ref-ke-coop-42"
    assert message.output_channel.name() == "telegram"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("voice", "voice"),
        ("photo", "image"),
        ("sticker", "sticker"),
        ("location", "location"),
        ("contact", "contact"),
        ("document", "document"),
        ("audio", "audio"),
        ("video", "video"),
    ],
)
async def test_media_reaches_rasa_as_unsupported_media(
    channel: TelegramInput, http: httpx.AsyncClient, name: str, kind: str
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        assert (await post_update(http, base, load(name))).status_code == 200
    [message] = recorder.messages
    assert message.text == unsupported_media_text(kind)
    assert message.metadata["media_kind"] == kind


@pytest.mark.asyncio
async def test_rasa_failure_is_released_for_telegrams_retry(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = MessageRecorder(replies=[{"text": "Karibu"}], error=RuntimeError("boom"), error_times=1)
    async with serve_channel(channel, recorder) as base:
        failed = await post_update(http, base, load("text"))
        retried = await post_update(http, base, load("text"))  # Telegram redelivers after a 503
        replayed = await post_update(http, base, load("text"))
    assert (failed.status_code, retried.status_code, replayed.status_code) == (503, 200, 200)
    assert failed.headers["Retry-After"]
    assert len(recorder.messages) == 2  # the failed turn and its retry; the replay started none
    assert [c["params"]["text"] for c in api.calls_to("sendMessage")] == ["Karibu"]
    assert any("failed in Rasa" in r.getMessage() for r in caplog.records)


@pytest.mark.asyncio
async def test_a_turn_that_always_fails_is_dropped_after_three_attempts(
    channel: TelegramInput, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder(error=RuntimeError("boom"))
    async with serve_channel(channel, recorder) as base:
        statuses = [(await post_update(http, base, load("text"))).status_code for _ in range(4)]
    assert statuses == [503, 503, 200, 200]  # acknowledged on the third failure, then a replay
    assert len(recorder.messages) == 3


@pytest.mark.asyncio
async def test_duplicate_delivered_while_the_turn_runs_is_asked_to_retry(
    channel: TelegramInput, http: httpx.AsyncClient
) -> None:
    release = asyncio.Event()

    async def slow_rasa(_: Any) -> None:
        await release.wait()

    recorder = MessageRecorder(before_reply=slow_rasa)
    async with serve_channel(channel, recorder) as base:
        first = asyncio.ensure_future(post_update(http, base, load("text")))
        await asyncio.wait_for(recorder.received.wait(), timeout=5)
        duplicate = await post_update(http, base, load("text"))
        release.set()
        assert (await first).status_code == 200
        later = await post_update(http, base, load("text"))
    assert (duplicate.status_code, later.status_code) == (503, 200)
    assert len(recorder.messages) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["text", "photo", "callback_query"])
async def test_delivery_older_than_the_window_is_acknowledged_but_starts_no_turn(
    channel: TelegramInput,
    api: FakeTelegramAPI,
    http: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    name: str,
) -> None:
    window = channel.settings.max_age_seconds
    stale = redated(load(name), time.time() - window - 60)
    fresh = redated(load(name), time.time() - window + 60)
    recorder = MessageRecorder()
    with caplog.at_level(logging.INFO, logger="connectors"):
        async with serve_channel(channel, recorder) as base:
            refused = await post_update(http, base, stale)
            accepted = await post_update(http, base, fresh)  # same update id: not a replay
    assert (refused.status_code, accepted.status_code) == (200, 200)
    assert len(recorder.messages) == 1
    assert any("outside the" in r.getMessage() for r in caplog.records)


@pytest.mark.asyncio
async def test_logs_hold_neither_text_nor_chat_id(
    channel: TelegramInput,
    http: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DEBUG_LOG_CONTENT", raising=False)
    recorder = MessageRecorder(replies=[{"text": "Asante sana"}])
    with caplog.at_level(logging.DEBUG, logger="connectors"):
        async with serve_channel(channel, recorder) as base:
            await post_update(http, base, load("text"))
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("connectors"))
    assert logged  # something was logged ...
    assert "kikaushio" not in logged and str(CHAT_ID) not in logged  # ... but no content


