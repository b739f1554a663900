"""Both channels loaded the way `rasa run --credentials credentials.yml` loads them."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from rasa.core.channels.channel import register
from rasa.core.run import create_http_input_channels
from rasa.shared.exceptions import RasaException

from connectors.telegram import TelegramInput
from connectors.whatsapp import WhatsAppInput
from harness.fakes.graph_api import sign_delivery
from tests.fakes.sanic_harness import new_app, serve_app

# What to put in credentials.yml: the class paths, no values (settings come from the environment).
CREDENTIALS = """\
connectors.telegram.TelegramInput:
connectors.whatsapp.WhatsAppInput:
"""
ENVIRONMENT = {
    "TELEGRAM_TOKEN": "123456:TEST-token",
    "TELEGRAM_SECRET_TOKEN": "s3cret_TOKEN-1",
    "WHATSAPP_ACCESS_TOKEN": "EAAGtest",
    "WHATSAPP_APP_SECRET": "app-secret",
    "WHATSAPP_VERIFY_TOKEN": "verify-me",
}


def credentials_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "credentials.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.asyncio
async def test_rasa_loads_and_mounts_both_channels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    channels = create_http_input_channels(None, credentials_file(tmp_path, CREDENTIALS))
    assert [type(channel) for channel in channels] == [TelegramInput, WhatsAppInput]
    assert all(channel.enabled for channel in channels)

    received: list[Any] = []

    async def handle_message(message: Any) -> None:
        received.append(message)

    app = new_app()
    app.ctx.agent = SimpleNamespace(handle_message=handle_message)
    register(channels, app, route="/webhooks/")
    async with serve_app(app) as base, httpx.AsyncClient(timeout=10) as http:
        assert (await http.get(f"{base}/webhooks/telegram/")).json() == {"status": "ok"}
        assert (await http.get(f"{base}/webhooks/whatsapp/")).json() == {"status": "ok"}
        update = {
            "update_id": 1,
            "message": {
                "message_id": 5,
                "date": int(time.time()),  # older deliveries are refused as replays
                "text": "/help",
                "chat": {"id": 42, "type": "private"},
                "from": {"id": 42, "is_bot": False, "first_name": "A", "language_code": "fr"},
            },
        }
        response = await http.post(
            f"{base}/webhooks/telegram/webhook",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": ENVIRONMENT["TELEGRAM_SECRET_TOKEN"]},
        )
        assert response.status_code == 200
        challenge = await http.get(
            f"{base}/webhooks/whatsapp/webhook",
            params={"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"},
        )
        assert challenge.text == "42"
        raw, headers = sign_delivery({"object": "whatsapp_business_account", "entry": []}, "app-secret")
        response = await http.post(f"{base}/webhooks/whatsapp/webhook", content=raw, headers=headers)
        assert response.status_code == 200
    assert [(m.text, m.input_channel, m.metadata["language_hint"]) for m in received] == [
        ("/help", "telegram", "fr")
    ]


def test_without_environment_both_channels_load_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    channels = create_http_input_channels(None, credentials_file(tmp_path, CREDENTIALS))
    assert [channel.enabled for channel in channels] == [False, False]


def test_env_placeholders_for_unset_variables_stop_rasa(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why credentials.yml should not say `access_token: ${TELEGRAM_TOKEN}`: Rasa 3.6 refuses to
    start when that variable is unset, instead of leaving the channel off."""
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    text = "connectors.telegram.TelegramInput:\n  access_token: ${TELEGRAM_TOKEN}\n"
    with pytest.raises(RasaException, match="TELEGRAM_TOKEN"):
        create_http_input_channels(None, credentials_file(tmp_path, text))
