"""Fixtures of the tests in this folder: the fake API server, the channel, an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.retry import RetryPolicy
from connectors.telegram import TelegramInput
from connectors.telegram.sender import TelegramSender
from connectors.telegram.settings import TelegramSettings
from harness.fakes.telegram_api import FakeTelegramAPI
from tests.connectors.telegram_channel.helpers import SECRET, TOKEN
from tests.fakes.recorder import RecordingSleep


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
def settings(api: FakeTelegramAPI) -> TelegramSettings:
    return TelegramSettings(token=TOKEN, secret_token=SECRET, api_base=api.base_url)


@pytest.fixture
def channel(settings: TelegramSettings, sleep: RecordingSleep) -> TelegramInput:
    sender = TelegramSender(settings, RetryPolicy(), sleep=sleep, timeout_seconds=5)
    return TelegramInput(settings, sender=sender)


