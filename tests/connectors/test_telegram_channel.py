"""The Telegram channel over real HTTP: webhook refusals, Rasa hand-off, round trips through the
fake Bot API, retries."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from telegram.warnings import PTBDeprecationWarning

from connectors.inbound import unsupported_media_text
from connectors.retry import RetryPolicy
from connectors.telegram import TelegramInput, TelegramOutput
from connectors.telegram.sender import TelegramSender
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.translate import SendMessage
from harness.fakes.redate import redated
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.recorder import MessageRecorder, RecordingSleep
from tests.fakes.sanic_harness import serve_channel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"
TOKEN = "123456:TEST-token"
SECRET = "s3cret_TOKEN-1"
CHAT_ID = 1111111


def load(name: str) -> dict[str, Any]:
    """A recorded payload, sent now (older ones are refused as replays)."""
    return redated(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns inside RetryAfter's own constructor unless the bot opts in to timedelta
    periods; the bot environment sets PTB_TIMEDELTA=true (see test_flood_control_without_opt_in)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="module")
def telegram_api() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(token=TOKEN) as api:
        yield api  # type: ignore[misc]


@pytest.fixture
def api(telegram_api: FakeTelegramAPI) -> FakeTelegramAPI:
    telegram_api.reset()
    return telegram_api


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def settings(api: FakeTelegramAPI) -> TelegramSettings:
    return TelegramSettings(token=TOKEN, secret_token=SECRET, api_base=api.base_url)


@pytest.fixture
def channel(settings: TelegramSettings, sleep: RecordingSleep) -> TelegramInput:
    sender = TelegramSender(settings, RetryPolicy(), sleep=sleep, timeout_seconds=5)
    return TelegramInput(settings, sender=sender)


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


async def post_update(
    http: httpx.AsyncClient,
    base: str,
    payload: Any,
    secret: str | None = SECRET,
    raw: bytes | None = None,
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    body = raw if raw is not None else json.dumps(payload).encode("utf-8")
    return await http.post(f"{base}/webhook", content=body, headers=headers)


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


# --------------------------------------------------------------------------- round trips


@pytest.mark.asyncio
async def test_reply_with_buttons_becomes_an_inline_keyboard(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    reply = {
        "text": "Je, wewe ni nani?",
        "buttons": [
            {"title": "Chama cha wakulima", "payload": '/inform{"org":"coop"}'},
            {"title": "Biashara ndogo", "payload": '/inform{"org":"sme"}'},
        ],
    }
    recorder = MessageRecorder(replies=[reply])
    async with serve_channel(channel, recorder) as base:
        assert (await post_update(http, base, load("text"))).status_code == 200
    [call] = api.calls_to("sendMessage")
    assert call["token"] == TOKEN
    assert call["params"]["chat_id"] == str(CHAT_ID)
    assert call["params"]["text"] == "Je, wewe ni nani?"
    assert call["params"]["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Chama cha wakulima", "callback_data": '/inform{"org":"coop"}'}],
            [{"text": "Biashara ndogo", "callback_data": '/inform{"org":"sme"}'}],
        ]
    }


@pytest.mark.asyncio
async def test_button_tap_is_answered_and_reaches_rasa_as_payload(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder(replies=[{"text": "Sawa"}])
    async with serve_channel(channel, recorder) as base:
        assert (await post_update(http, base, load("callback_query"))).status_code == 200
    assert recorder.texts == ["/affirm"]
    [answer] = api.calls_to("answerCallbackQuery")
    assert answer["params"]["callback_query_id"] == "4382bfdwdsb323b2d9"
    methods = [call["method"] for call in api.calls]
    assert methods == ["answerCallbackQuery", "sendMessage"]  # spinner stops before Rasa runs


@pytest.mark.asyncio
async def test_long_payload_round_trip(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    payload = '/choose_technology{"technology_id":"solar-dryer-cabinet-type-ke-0042","rank":1}'
    assert len(payload.encode()) > 64
    reply = {"text": "Options", "buttons": [{"title": "Dryer", "payload": payload}]}
    recorder = MessageRecorder(replies=[reply])
    async with serve_channel(channel, recorder) as base:
        await post_update(http, base, load("text"))
        [sent] = api.calls_to("sendMessage")
        data = sent["params"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        tap = load("callback_query")
        tap["update_id"] = 20000
        tap["callback_query"]["data"] = data
        await post_update(http, base, tap)
    assert recorder.texts[-1] == payload


@pytest.mark.asyncio
async def test_long_reply_is_split_under_the_limit(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    text = "\n".join(f"{i}. Solar dryer supplier in Kisumu with training offer" for i in range(200))
    recorder = MessageRecorder(replies=[{"text": text}])
    async with serve_channel(channel, recorder) as base:
        await post_update(http, base, load("text"))
    calls = api.calls_to("sendMessage")
    assert len(calls) >= 3 and all(call["status"] == 200 for call in calls)
    assert "\n".join(call["params"]["text"] for call in calls) == text


@pytest.mark.asyncio
async def test_image_is_sent_as_photo(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder(replies=[{"image": "https://example.org/dryer.jpg"}])
    async with serve_channel(channel, recorder) as base:
        await post_update(http, base, load("text"))
    [call] = api.calls_to("sendPhoto")
    assert call["params"]["photo"] == "https://example.org/dryer.jpg"


# --------------------------------------------------------------------------- sending failures


async def send_one(channel: TelegramInput, text: str = "Habari") -> bool:
    return await channel.sender.send_message(SendMessage(CHAT_ID, text))


@pytest.mark.asyncio
async def test_flood_control_waits_retry_after_then_delivers(
    channel: TelegramInput, api: FakeTelegramAPI, sleep: RecordingSleep
) -> None:
    api.set_mode("429", times=1, retry_after=3)
    assert await send_one(channel)
    assert [call["status"] for call in api.calls] == [429, 200]
    assert sleep.delays == [3.0]
    await channel.sender.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("mode", ["500", "drop"])
async def test_transient_errors_are_retried_with_backoff(
    channel: TelegramInput, api: FakeTelegramAPI, sleep: RecordingSleep, mode: str
) -> None:
    api.set_mode(mode, times=2)
    assert await send_one(channel)
    assert len(api.calls) == 3 and api.calls[-1]["status"] == 200
    assert sleep.delays == [0.5, 1.0]
    await channel.sender.close()


@pytest.mark.asyncio
async def test_retries_are_bounded_and_never_raise(
    channel: TelegramInput, api: FakeTelegramAPI, sleep: RecordingSleep
) -> None:
    api.set_mode("500")
    assert await send_one(channel) is False
    assert len(api.calls) == RetryPolicy().max_attempts
    assert len(sleep.delays) == RetryPolicy().max_attempts - 1
    await channel.sender.close()


@pytest.mark.asyncio
async def test_flood_control_without_opt_in_still_retries(
    channel: TelegramInput,
    api: FakeTelegramAPI,
    sleep: RecordingSleep,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA")
    api.set_mode("429", times=1, retry_after=2)
    with pytest.warns(PTBDeprecationWarning, match="retry_after"):
        assert await send_one(channel)
    assert sleep.delays == [2.0]
    await channel.sender.close()


@pytest.mark.asyncio
async def test_too_long_flood_wait_is_given_up(
    channel: TelegramInput, api: FakeTelegramAPI, sleep: RecordingSleep
) -> None:
    api.set_mode("429", retry_after=3600)
    assert await send_one(channel) is False
    assert len(api.calls) == 1 and sleep.delays == []
    await channel.sender.close()


@pytest.mark.asyncio
async def test_blocked_user_is_not_retried(
    channel: TelegramInput, api: FakeTelegramAPI, sleep: RecordingSleep
) -> None:
    api.set_mode("blocked")
    assert await send_one(channel) is False
    assert len(api.calls) == 1 and sleep.delays == []
    await channel.sender.close()


@pytest.mark.asyncio
async def test_reply_survives_a_flaky_network_end_to_end(
    channel: TelegramInput, api: FakeTelegramAPI, http: httpx.AsyncClient
) -> None:
    recorder = MessageRecorder(replies=[{"text": "Karibu"}])
    async with serve_channel(channel, recorder) as base:
        api.set_mode("drop", times=1)
        assert (await post_update(http, base, load("text"))).status_code == 200
    delivered = [call for call in api.calls_to("sendMessage") if call["status"] == 200]
    assert [call["params"]["text"] for call in delivered] == ["Karibu"]
