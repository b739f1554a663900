"""One real stack per test session: knowledge API, action server and Rasa server, started as
separate processes on free ports with their own SQLite files (Rasa needs about a minute to
load a model, so starting it per test would be too slow)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.stack import MODEL, Stack, free_port
from harness.channels import TELEGRAM_SECRET, WHATSAPP_SECRET, WHATSAPP_VERIFY
from harness.chat import REST_CREDENTIALS
from harness.fakes.graph_api import FakeGraphAPI
from harness.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[2]

TELEGRAM_TOKEN = "123456:e2e-fake-token"
WHATSAPP_TOKEN = "e2e-graph-token"


@pytest.fixture(scope="session")
def telegram_api() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(token=TELEGRAM_TOKEN) as api:
        yield api


@pytest.fixture(scope="session")
def graph_api() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(token=WHATSAPP_TOKEN) as api:
        yield api


@pytest.fixture(scope="session")
def stack(
    tmp_path_factory: pytest.TempPathFactory, telegram_api: FakeTelegramAPI, graph_api: FakeGraphAPI
) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make model` (make test does it)")
    running = Stack(
        data_dir=tmp_path_factory.mktemp("stack"),
        rasa_port=free_port(),
        actions_port=free_port(),
        knowledge_port=free_port(),
        credentials=REST_CREDENTIALS,
        extra_env={
            "ADMIN_USER": "admin",
            "ADMIN_PASSWORD": "e2e-secret",
            "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
            "TELEGRAM_API_BASE": telegram_api.base_url,
            "WHATSAPP_ACCESS_TOKEN": WHATSAPP_TOKEN,
            "WHATSAPP_APP_SECRET": WHATSAPP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY,
            "WHATSAPP_PHONE_NUMBER_ID": "1122334455667",
            "WHATSAPP_API_BASE": graph_api.base_url,
        },
    )
    running.start()
    yield running
    assert running.stop() == [], "a process ignored SIGTERM and had to be killed"
