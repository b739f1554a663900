"""The WhatsApp webhook's gate over real HTTP: off without settings, Meta's verification handshake,
refused deliveries (signature, size, type, replays)."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from connectors.whatsapp import WhatsAppInput, WhatsAppOutput
from harness.fakes.graph_api import FakeGraphAPI
from tests.connectors.whatsapp_channel.helpers import (
    ACCESS_TOKEN,
    APP_SECRET,
    PHONE_NUMBER_ID,
    VERIFY_TOKEN,
    deliver,
    load,
)
from tests.fakes.recorder import MessageRecorder
from tests.fakes.sanic_harness import serve_channel

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


