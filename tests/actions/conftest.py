"""Action tests talk to the real knowledge API app, in process (httpx.ASGITransport), on a
seeded SQLite database of their own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from actions.base import BaseAction
from actions.knowledge_client import KnowledgeClient
from knowledge.app import create_app
from knowledge.settings import Settings
from tests.knowledge.conftest import db_url, lexicon, settings, template_db, web_dir  # noqa: F401
from tests.knowledge.helpers import SERVICE_TOKEN


@pytest.fixture
async def knowledge(settings: Settings, lexicon) -> AsyncIterator[KnowledgeClient]:  # noqa: F811
    app = create_app(settings, lexicon=lexicon)
    transport = httpx.ASGITransport(app=app)
    client = KnowledgeClient("http://knowledge.test", transport=transport, token=SERVICE_TOKEN)
    BaseAction.client_override = client
    yield client
    BaseAction.client_override = None
    await client.aclose()
    app.state.engine.dispose()


@pytest.fixture
def knowledge_down() -> Iterator[None]:
    """A knowledge API that refuses every connection."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    BaseAction.client_override = KnowledgeClient("http://down.test", transport=httpx.MockTransport(refuse))
    yield
    BaseAction.client_override = None
