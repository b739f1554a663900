"""Telegram round trips through the fake Bot API: replies and buttons, retries and failures."""

from __future__ import annotations

import httpx
import pytest
from telegram.warnings import PTBDeprecationWarning

from connectors.retry import RetryPolicy
from connectors.telegram import TelegramInput
from connectors.telegram.translate import SendMessage
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.connectors.telegram_channel.helpers import CHAT_ID, TOKEN, load, post_update
from tests.fakes.recorder import MessageRecorder, RecordingSleep
from tests.fakes.sanic_harness import serve_channel

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
