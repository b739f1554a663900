"""Helpers shared by the knowledge tests."""

from functools import partial
from pathlib import Path
from typing import Any

import anyio.from_thread
import httpx
from sqlalchemy.orm import Session

from knowledge.catalogue.importer import import_rows
from knowledge.catalogue.seed import SEED_SOURCE
from knowledge.db import create_db_engine
from knowledge.lexicon import Lexicon
from knowledge.migrate import upgrade

ADMIN = ("admin", "correct horse battery staple")
# What the action server holds in production: the internal face answers only this.
SERVICE_TOKEN = "test-service-token-4f1c9a7e2b"


class Client:
    """Synchronous facade over httpx.AsyncClient + ASGITransport (an event loop in a
    helper thread, as TestClient does). It calls as the action server does, with the service
    token, unless made with `token=None` (a stranger)."""

    def __init__(self, app: Any, token: str | None = SERVICE_TOKEN):
        self._portal_cm = anyio.from_thread.start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=headers
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(partial(self._client.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        self._portal.call(self._client.aclose)
        self._portal_cm.__exit__(None, None, None)


def assert_loads_into_fresh_database(tmp_path: Path, rows: list[dict[str, Any]], lexicon: Lexicon) -> None:
    """Every row imports into a freshly migrated SQLite database: none rejected, all created."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = create_db_engine(url)
    try:
        with Session(engine) as session:
            report = import_rows(session, rows, SEED_SOURCE, lexicon)
            assert report.rejected == [] and report.rejected_count == 0
            assert report.created == len(rows)
            session.commit()
    finally:
        engine.dispose()
