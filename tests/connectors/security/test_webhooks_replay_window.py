"""Issue 12, finding 12: a captured webhook delivery (signature and secret header included)
could be replayed once the deduplication store had forgotten its id (24 h, or a restart of an
in-memory store) and started a turn again: the words of a real user, said again.

Deliveries older than the replay window (WEBHOOK_MAX_AGE_SECONDS, at most the deduplication
TTL) are now acknowledged and dropped. Written against the code of commit b7e7237, where both
tests fail; self-contained so that they run unchanged against that code.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from connectors.dedup import MemoryDeduplicator
from connectors.telegram import TelegramInput
from connectors.telegram.settings import TelegramSettings
from connectors.whatsapp import WhatsAppInput
from connectors.whatsapp.settings import WhatsAppSettings
from harness.fakes.graph_api import FakeGraphAPI, sign_delivery
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.sanic_harness import serve_channel

TOKEN = "123456:TEST-token"
SECRET = "s3cret_TOKEN-1"
APP_SECRET = "0123456789abcdef0123456789abcdef"
PHONE_NUMBER_ID = "1122334455667"
DAY = 24 * 3600


class Clock:
    """The deduplication store's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def remembering(clock: Clock) -> MemoryDeduplicator:
    """A 24-hour store on the given clock. It already holds one id: b7e7237's channels took
    `deduplicator or default`, and an empty store is falsy (len 0), so it was replaced."""
    store = MemoryDeduplicator(ttl_seconds=DAY, clock=clock)
    store.seen_sync("another-update")
    return store


class Rasa:
    def __init__(self) -> None:
        self.turns: list[str] = []

    async def __call__(self, message: Any) -> None:
        self.turns.append(message.text)


@pytest.mark.asyncio
async def test_telegram_update_replayed_after_the_dedup_window_starts_no_turn() -> None:
    sent_at = time.time() - DAY - 3600  # captured a little over a day ago
    update = {
        "update_id": 880001,
        "message": {
            "message_id": 3,
            "date": int(sent_at),
            "chat": {"id": 5151, "type": "private"},
            "from": {"id": 5151, "is_bot": False, "first_name": "Juma"},
            "text": "Futa data yangu",  # "delete my data"
        },
    }
    dedup_clock = Clock()
    rasa = Rasa()
    with FakeTelegramAPI(token=TOKEN) as api:
        settings = TelegramSettings(token=TOKEN, secret_token=SECRET, api_base=api.base_url)
        channel = TelegramInput(settings, deduplicator=remembering(dedup_clock))
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with serve_channel(channel, rasa) as base, httpx.AsyncClient(timeout=10) as http:
            channel.clock = lambda: sent_at + 5  # the genuine delivery, as it happened
            assert (await http.post(f"{base}/webhook", json=update, headers=headers)).status_code == 200
            dedup_clock.now += DAY + 3600  # now: the store has forgotten the id
            channel.clock = time.time
            replay = await http.post(f"{base}/webhook", json=update, headers=headers)
        await channel.sender.close()
    assert replay.status_code == 200  # acknowledged, so a platform would not retry it either
    assert rasa.turns == ["Futa data yangu"]  # the genuine delivery only


@pytest.mark.asyncio
async def test_whatsapp_delivery_replayed_after_the_dedup_window_starts_no_turn() -> None:
    sent_at = time.time() - DAY - 3600
    message = {
        "from": "254712345678",
        "id": "wamid.replayed-capture",
        "timestamp": str(int(sent_at)),
        "type": "text",
        "text": {"body": "Ndiyo, futa"},  # "yes, delete"
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": PHONE_NUMBER_ID},
        "messages": [message],
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    raw, headers = sign_delivery(body, APP_SECRET)
    dedup_clock = Clock()
    rasa = Rasa()
    with FakeGraphAPI(token="EAAGtest") as api:
        settings = WhatsAppSettings(
            access_token="EAAGtest",
            app_secret=APP_SECRET,
            verify_token="verify",
            phone_number_id=PHONE_NUMBER_ID,
            api_base=api.base_url,
        )
        channel = WhatsAppInput(settings, deduplicator=remembering(dedup_clock))
        async with serve_channel(channel, rasa) as base, httpx.AsyncClient(timeout=10) as http:
            channel.clock = lambda: sent_at + 5
            assert (await http.post(f"{base}/webhook", content=raw, headers=headers)).status_code == 200
            await channel.drain()
            dedup_clock.now += DAY + 3600
            channel.clock = time.time
            replay = await http.post(f"{base}/webhook", content=raw, headers=headers)
            await channel.drain()
    assert replay.status_code == 200  # 200: Meta stops retrying a delivery this old
    assert rasa.turns == ["Ndiyo, futa"]
