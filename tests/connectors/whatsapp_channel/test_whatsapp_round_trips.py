"""WhatsApp round trips through the fake Graph API: replies, buttons and lists, retries and
failures, the fake as a process of its own."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request
from dataclasses import replace
from typing import Any

import httpx
import pytest

from connectors.retry import RetryPolicy
from connectors.whatsapp import WhatsAppInput
from connectors.whatsapp.sender import GraphSender
from connectors.whatsapp.settings import WhatsAppSettings
from connectors.whatsapp.translate import text_body
from harness.fakes.graph_api import FakeGraphAPI
from tests.connectors.whatsapp_channel.helpers import (
    ACCESS_TOKEN,
    PHONE_NUMBER_ID,
    ROOT,
    USER,
    deliver,
    load,
    with_text,
)
from tests.fakes.recorder import MessageRecorder, RecordingSleep
from tests.fakes.sanic_harness import serve_channel

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
