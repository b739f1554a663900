"""Fixtures for the knowledge package: real SQLite databases in tmp dirs.

A template database (migrated with Alembic and loaded with the seed catalogue) is built once
per session; each test that needs a database gets its own copy of the file, so tests never
see each other's writes and never pay for migrating again.

The HTTP client drives the ASGI app in process through httpx's ASGITransport (starlette's
TestClient warns about its httpx backend, which -W error would turn into failures).
"""

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from knowledge.app import create_app
from knowledge.catalogue.seed import load_seed
from knowledge.db import create_db_engine
from knowledge.lexicon import Lexicon, get_lexicon
from knowledge.migrate import upgrade
from knowledge.settings import Settings
from tests.knowledge.helpers import ADMIN, SERVICE_TOKEN, Client

POSTGRES_URL = os.environ.get(
    "KNOWLEDGE_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@localhost:5432/test"
)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A throw-away database on the local PostgreSQL server, dropped afterwards."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error.orig}")
    name = f"knowledge_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrate_and_seed(url: str, lexicon: Lexicon) -> None:
    upgrade(url)
    engine = create_db_engine(url)
    with Session(engine) as session:
        load_seed(session, lexicon)
        session.commit()
    engine.dispose()


@pytest.fixture
def postgres_settings(postgres_database: str, lexicon: Lexicon, web_dir: Path) -> Settings:
    """Settings of an app on a migrated, seeded PostgreSQL database of this test's own."""
    migrate_and_seed(postgres_database, lexicon)
    return Settings(
        knowledge_database_url=postgres_database,
        knowledge_service_token=SERVICE_TOKEN,
        knowledge_web_dir=web_dir,
    )


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
        knowledge_service_token=SERVICE_TOKEN,
        rasa_public_url="https://chat.example.org",
        knowledge_web_dir=web_dir,
    )


@pytest.fixture
def make_client(lexicon: Lexicon) -> Iterator[Callable[..., Client]]:
    """`make(settings)` calls as the action server; `make(settings, token=None)` as a stranger."""
    made: list[tuple[Client, Any]] = []

    def make(settings: Settings, token: str | None = SERVICE_TOKEN) -> Client:
        app = create_app(settings, lexicon=lexicon)
        client = Client(app, token=token)
        made.append((client, app))
        return client

    yield make
    for client, app in made:
        client.close()
        app.state.engine.dispose()


@pytest.fixture
def client(make_client: Callable[..., Client], settings: Settings) -> Client:
    return make_client(settings)


@pytest.fixture
def stranger(make_client: Callable[..., Client], settings: Settings) -> Client:
    """Anyone on the network: no service token."""
    return make_client(settings, token=None)


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
