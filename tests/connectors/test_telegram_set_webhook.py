"""`python -m connectors.telegram.set_webhook` against the fake Bot API, and the fake itself
run as a process."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connectors.telegram.set_webhook import ALLOWED_UPDATES, main
from harness.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token"


@pytest.fixture
def api() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(token=TOKEN) as fake:
        yield fake  # type: ignore[misc]


def environment(api: FakeTelegramAPI, **extra: str) -> dict:
    env = {
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_SECRET_TOKEN": "s3cret_TOKEN-1",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
        "TELEGRAM_API_BASE": api.base_url,
    }
    env.update(extra)
    return env


def test_sets_webhook_with_secret_and_allowed_updates(api: FakeTelegramAPI) -> None:
    assert main([], environment(api)) == 0
    [call] = api.calls_to("setWebhook")
    assert call["params"]["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert call["params"]["secret_token"] == "s3cret_TOKEN-1"
    assert call["params"]["allowed_updates"] == ALLOWED_UPDATES == ["message", "callback_query"]


def test_deletes_webhook(api: FakeTelegramAPI) -> None:
    assert main(["--delete", "--drop-pending-updates"], environment(api)) == 0
    [call] = api.calls_to("deleteWebhook")
    assert call["params"]["drop_pending_updates"] == "true"


@pytest.mark.parametrize("missing", ["TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN", "TELEGRAM_WEBHOOK_URL"])
def test_refuses_to_run_without_settings(
    api: FakeTelegramAPI, missing: str, capsys: pytest.CaptureFixture
) -> None:
    assert main([], environment(api, **{missing: ""})) == 2
    assert missing in capsys.readouterr().err
    assert api.calls == []


def test_reports_telegram_refusal(api: FakeTelegramAPI, capsys: pytest.CaptureFixture) -> None:
    api.set_mode("blocked")
    assert main([], environment(api)) == 1
    assert "Telegram refused" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(url: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    method = "GET" if body is None else "POST"
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_fake_runs_as_a_process_with_control_endpoints() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.fakes.telegram_api", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert "listening on" in process.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        assert request(f"{base}/_calls") == (200, [])
        status, body = request(f"{base}/botX/sendMessage", {"chat_id": 5, "text": "hi"})
        assert status == 200 and body["ok"] and body["result"]["text"] == "hi"
        assert request(f"{base}/_mode", {"mode": "429", "times": 1, "retry_after": 7})[0] == 200
        status, body = request(f"{base}/botX/sendMessage", {"chat_id": 5, "text": "hi"})
        assert status == 429 and body["parameters"] == {"retry_after": 7}
        status, calls = request(f"{base}/_calls")
        assert [call["status"] for call in calls] == [200, 429]
        assert calls[0]["params"] == {"chat_id": 5, "text": "hi"}
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 0
