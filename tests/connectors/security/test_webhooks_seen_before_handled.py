"""Issue 12, finding 12: Telegram and WhatsApp marked a message as seen before handling it, so a
turn that crashed was answered 200 (nothing to retry) and the platform's redelivery was then
dropped as a replay: the user's message vanished without a trace.

Written against the code of commit b7e7237, where both tests fail. Self-contained on purpose
(payloads built here, handler defined here) so they run unchanged against that code.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

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


class CrashesOnce:
    """Rasa's message handler, failing on its first turn only (a restart, a lost database)."""

    def __init__(self) -> None:
        self.calls = 0
        self.handled: list[str] = []

    async def __call__(self, message: Any) -> None:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("tracker store unavailable")
        self.handled.append(message.text)


def telegram_update() -> dict[str, Any]:
    return {
        "update_id": 777001,
        "message": {
            "message_id": 9,
            "date": int(time.time()),
            "chat": {"id": 4242, "type": "private"},
            "from": {"id": 4242, "is_bot": False, "first_name": "Amina", "language_code": "sw"},
            "text": "Tunahitaji kikaushio cha jua",
        },
    }


def whatsapp_delivery() -> dict[str, Any]:
    message = {
        "from": "254712345678",
        "id": "wamid.seen-before-handled",
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": "Tunahitaji kikaushio cha jua"},
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


@pytest.mark.asyncio
async def test_telegram_turn_that_crashed_is_run_again_on_redelivery(http: httpx.AsyncClient) -> None:
    rasa = CrashesOnce()
    with FakeTelegramAPI(token=TOKEN) as api:
        channel = TelegramInput(TelegramSettings(token=TOKEN, secret_token=SECRET, api_base=api.base_url))
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        update = telegram_update()
        async with serve_channel(channel, rasa) as base:
            first = await http.post(f"{base}/webhook", json=update, headers=headers)
            # Telegram redelivers only what was not acknowledged with a 2xx.
            assert first.status_code >= 500, "a crashed turn was acknowledged: Telegram will not retry"
            await http.post(f"{base}/webhook", json=update, headers=headers)
        await channel.sender.close()
    assert rasa.handled == ["Tunahitaji kikaushio cha jua"]


@pytest.mark.asyncio
async def test_whatsapp_turn_that_crashed_is_run_again_on_redelivery(http: httpx.AsyncClient) -> None:
    rasa = CrashesOnce()
    with FakeGraphAPI(token="EAAGtest") as api:
        settings = WhatsAppSettings(
            access_token="EAAGtest",
            app_secret=APP_SECRET,
            verify_token="verify",
            phone_number_id=PHONE_NUMBER_ID,
            api_base=api.base_url,
        )
        channel = WhatsAppInput(settings)
        raw, headers = sign_delivery(whatsapp_delivery(), APP_SECRET)
        async with serve_channel(channel, rasa) as base:
            first = await http.post(f"{base}/webhook", content=raw, headers=headers)
            await channel.drain()
            # Meta redelivers (for up to 7 days) only what was not acknowledged with a 200.
            assert first.status_code >= 500, "a crashed turn was acknowledged: Meta will not retry"
            await http.post(f"{base}/webhook", content=raw, headers=headers)
            await channel.drain()
    assert rasa.handled == ["Tunahitaji kikaushio cha jua"]
