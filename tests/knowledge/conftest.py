"""Fixtures for the knowledge package: real SQLite databases in tmp dirs.

A template database (migrated with Alembic and loaded with the seed catalogue) is built once
per session; each test that needs a database gets its own copy of the file, so tests never
see each other's writes and never pay for migrating again.

The HTTP client drives the ASGI app in process through httpx's ASGITransport (starlette's
TestClient warns about its httpx backend, which -W error would turn into failures).
"""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.app import create_app
from knowledge.catalogue.seed import load_seed
from knowledge.db import create_db_engine
from knowledge.lexicon import Lexicon, get_lexicon
from knowledge.migrate import upgrade
from knowledge.settings import Settings
from tests.knowledge.helpers import ADMIN, Client


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return get_lexicon()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> Path:
    path = tmp_path_factory.mktemp("template") / "knowledge.db"
    upgrade(sqlite_url(path))
    engine = create_db_engine(sqlite_url(path))
    with Session(engine) as session:
        report = load_seed(session, lexicon)
        assert not report.rejected, report.rejected
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def db_url(template_db: Path, tmp_path: Path) -> str:
    """A seeded database of this test's own."""
    path = tmp_path / "knowledge.db"
    shutil.copyfile(template_db, path)
    return sqlite_url(path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = create_db_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def web_dir(tmp_path: Path) -> Path:
    return tmp_path / "web"


@pytest.fixture
def settings(db_url: str, web_dir: Path) -> Settings:
    return Settings(
        knowledge_database_url=db_url,
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        rasa_public_url="https://chat.example.org",
        knowledge_web_dir=web_dir,
    )


@pytest.fixture
def make_client(lexicon: Lexicon) -> Iterator[Callable[[Settings], Client]]:
    made: list[tuple[Client, Any]] = []

    def make(settings: Settings) -> Client:
        app = create_app(settings, lexicon=lexicon)
        client = Client(app)
        made.append((client, app))
        return client

    yield make
    for client, app in made:
        client.close()
        app.state.engine.dispose()


@pytest.fixture
def client(make_client: Callable[[Settings], Client], settings: Settings) -> Client:
    return make_client(settings)


@pytest.fixture
def need_payload() -> Callable[..., dict[str, Any]]:
    """A valid NeedCreate body: a Kenyan cooperative that wants to dry mangoes."""

    def make(**overrides: Any) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "sender_id": "telegram:1001",
            "channel": "telegram",
            "language": "en",
            "org_type": "farmer_cooperative",
            "country": "KE",
            "region": "Makueni",
            "problem": "We lose half of our mangoes after harvest because they rot.",
            "current_practice": "We dry some of them on the ground in the open sun.",
            "desired_outcome": "A solar dryer so we can sell dried mangoes all year.",
            "scale": "2 tonnes of mangoes a week in season",
            "budget_band": "5k-50k",
            "grid_access": "unreliable",
            "water_access": "borehole_or_well",
            "support_sought": ["technology", "finance"],
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "same_channel",
            "title": "Solar drying of mangoes",
        }
        payload.update(overrides)
        return payload

    return make


@pytest.fixture
def create_need(
    client: Client, need_payload: Callable[..., dict[str, Any]]
) -> Callable[..., dict[str, Any]]:
    def create(**overrides: Any) -> dict[str, Any]:
        response = client.post("/api/needs", json=need_payload(**overrides))
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    return create
