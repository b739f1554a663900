"""The Telegram webhook's gate over real HTTP: off without settings, refused updates (secret token,
size, type, replays)."""

from __future__ import annotations

import logging

import httpx
import pytest

from connectors.telegram import TelegramInput, TelegramOutput
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.connectors.telegram_channel.helpers import SECRET, TOKEN, load, post_update
from tests.fakes.recorder import MessageRecorder
from tests.fakes.sanic_harness import serve_channel

# --------------------------------------------------------------------------- switched off


@pytest.mark.asyncio
async def test_missing_credentials_keep_the_channel_off_and_say_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, http: httpx.AsyncClient
) -> None:
    for name in ("TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with caplog.at_level(logging.WARNING, logger="connectors.telegram.channel"):
        channel = TelegramInput.from_credentials({"access_token": "", "secret_token": None})
    warnings = [r for r in caplog.records if r.name == "connectors.telegram.channel"]
    assert len(warnings) == 1 and "Telegram channel is off" in warnings[0].getMessage()
    assert channel.get_output_channel() is None

    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        assert (await http.get(f"{base}/")).json() == {"status": "disabled"}
        response = await post_update(http, base, load("text"))
        assert response.status_code == 503
    assert recorder.messages == []


def test_from_credentials_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", SECRET)
    monkeypatch.setenv("TELEGRAM_API_BASE", "http://127.0.0.1:1")
    channel = TelegramInput.from_credentials(None)
    assert channel.enabled
    assert channel.settings.api_base == "http://127.0.0.1:1"
    assert isinstance(channel.get_output_channel(), TelegramOutput)
    assert channel.url_prefix() == "telegram"


# --------------------------------------------------------------------------- refusals


@pytest.mark.asyncio
@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET.upper()])
async def test_wrong_or_missing_secret_is_refused(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient, secret: str | None
) -> None:
    recorder = MessageRecorder(replies=[{"text": "should not be sent"}])
    async with serve_channel(channel, recorder) as base:
        response = await post_update(http, base, load("text"), secret=secret)
    assert response.status_code == 403
    assert recorder.messages == [] and api.calls == []


@pytest.mark.asyncio
@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"text"', b'{"message": {}}', b"\xff\xfe"])
async def test_malformed_body_is_refused(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient, raw: bytes
) -> None:
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        response = await post_update(http, base, None, raw=raw)
    assert response.status_code == 400
    assert recorder.messages == [] and api.calls == []


@pytest.mark.asyncio
async def test_update_that_ptb_cannot_read_is_acknowledged_and_dropped(
    channel: TelegramInput, http: httpx.AsyncClient
) -> None:
    broken = load("text")
    del broken["message"]["chat"]  # valid JSON, not a valid Update
    recorder = MessageRecorder()
    async with serve_channel(channel, recorder) as base:
        response = await post_update(http, base, broken)
    assert response.status_code == 200  # a 4xx would make Telegram redeliver it forever
    assert recorder.messages == []


@pytest.mark.asyncio
async def test_replayed_update_is_processed_once(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder(replies=[{"text": "Karibu"}])
    async with serve_channel(channel, recorder) as base:
        first = await post_update(http, base, load("text"))
        again = await post_update(http, base, load("text"))
    assert (first.status_code, again.status_code) == (200, 200)
    assert len(recorder.messages) == 1
    assert len(api.calls_to("sendMessage")) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["edited_message", "group_message", "my_chat_member_blocked"])
async def test_ignored_updates_get_200_and_no_reply(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient, name: str
) -> None:
    recorder = MessageRecorder(replies=[{"text": "no"}])
    async with serve_channel(channel, recorder) as base:
        response = await post_update(http, base, load(name))
    assert response.status_code == 200
    assert recorder.messages == [] and api.calls == []


