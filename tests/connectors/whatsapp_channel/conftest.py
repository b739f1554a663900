"""Fixtures of the tests in this folder: the fake API server, the channel, an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.retry import RetryPolicy
from connectors.whatsapp import WhatsAppInput
from connectors.whatsapp.sender import GraphSender
from connectors.whatsapp.settings import WhatsAppSettings
from harness.fakes.graph_api import FakeGraphAPI
from tests.connectors.whatsapp_channel.helpers import ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN
from tests.fakes.recorder import RecordingSleep


@pytest.fixture(scope="module")
def graph_api() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(token=ACCESS_TOKEN) as api:
        yield api  # type: ignore[misc]


@pytest.fixture
def api(graph_api: FakeGraphAPI) -> FakeGraphAPI:
    graph_api.reset()
    return graph_api


@pytest.fixture
def settings(api: FakeGraphAPI) -> WhatsAppSettings:
    return WhatsAppSettings(
        access_token=ACCESS_TOKEN,
        app_secret=APP_SECRET,
        verify_token=VERIFY_TOKEN,
        phone_number_id=PHONE_NUMBER_ID,
        api_base=api.base_url,
        api_version="v25.0",
    )


@pytest.fixture
def channel(settings: WhatsAppSettings, sleep: RecordingSleep) -> WhatsAppInput:
    return WhatsAppInput(settings, sender=GraphSender(settings, RetryPolicy(), sleep=sleep))


