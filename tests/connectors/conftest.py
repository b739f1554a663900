"""Fixtures shared by the channel tests: an HTTP client for the served webhooks, and a sleep
that records the delays a sender asked for instead of waiting."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from tests.fakes.recorder import RecordingSleep


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client
