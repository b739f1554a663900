"""The real knowledge app for the security tests: in process (httpx over ASGI) or as a real
uvicorn process, each test on its own copy of a migrated, seeded SQLite database.

Written only against what the app offered before issue 12 too (create_app, Settings, the
migrations and the seed), so that every test here can be run on the old code and seen to fail
there. Server errors come back as 500 answers instead of exceptions, as a real server's would.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import anyio.from_thread
import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import knowledge
from knowledge.app import create_app
from knowledge.catalogue.seed import load_seed
from knowledge.db import create_db_engine
from knowledge.lexicon import Lexicon, get_lexicon
from knowledge.migrate import upgrade
from knowledge.models import Technology
from knowledge.settings import Settings

SERVICE_TOKEN = "security-tests-service-token-0123456789"
SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
ADMIN = ("admin", "correct horse battery staple")
CODE_ROOT = Path(knowledge.__file__).resolve().parents[1]


class Client:
    """A synchronous httpx client over the app (an event loop in a helper thread)."""

    def __init__(self, app: Any, client_address: str = "127.0.0.1"):
        self.app = app
        self._portal_cm = anyio.from_thread.start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(client_address, 50000))
        self._client = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(partial(self._client.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def cookie(self, name: str) -> str | None:
        value: str | None = self._client.cookies.get(name)
        return value

    def set_cookie(self, name: str, value: str) -> None:
        self._client.cookies.set(name, value, domain="testserver.local")

    def close(self) -> None:
        self._portal.call(self._client.aclose)
        self._portal_cm.__exit__(None, None, None)


@pytest.fixture(scope="session")
def knowledge_lexicon() -> Lexicon:
    return get_lexicon()


@pytest.fixture(scope="session")
def knowledge_template_db(tmp_path_factory: pytest.TempPathFactory, knowledge_lexicon: Lexicon) -> Path:
    path = tmp_path_factory.mktemp("security-template") / "knowledge.db"
    upgrade(f"sqlite:///{path}")
    engine = create_db_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        load_seed(session, knowledge_lexicon)
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def knowledge_db_url(knowledge_template_db: Path, tmp_path: Path) -> str:
    path = tmp_path / "knowledge.db"
    shutil.copyfile(knowledge_template_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def knowledge_settings(knowledge_db_url: str) -> Settings:
    return Settings(
        knowledge_database_url=knowledge_db_url,
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        knowledge_service_token=SERVICE_TOKEN,
        rasa_public_url="https://chat.example.org",
        knowledge_web_dir=CODE_ROOT / "knowledge" / "web",
    )


@pytest.fixture
def make_knowledge_client(knowledge_lexicon: Lexicon) -> Iterator[Any]:
    made: list[Client] = []

    def make(settings: Settings, client_address: str = "127.0.0.1") -> Client:
        client = Client(create_app(settings, lexicon=knowledge_lexicon), client_address)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
        client.app.state.engine.dispose()


@pytest.fixture
def knowledge_client(make_knowledge_client: Any, knowledge_settings: Settings) -> Client:
    made: Client = make_knowledge_client(knowledge_settings)
    return made


def technology_count(db_url: str) -> int:
    engine = create_db_engine(db_url)
    try:
        with Session(engine) as session:
            return int(session.scalar(select(func.count()).select_from(Technology)) or 0)
    finally:
        engine.dispose()


def need_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "sender_id": "whatsapp:254700000001",
        "channel": "whatsapp",
        "language": "en",
        "org_type": "farmer_cooperative",
        "country": "KE",
        "problem": "We lose half of our mangoes after harvest because they rot.",
        "consent_store": True,
        "consent_share": True,
        "title": "Solar drying of mangoes",
    }
    payload.update(overrides)
    return payload


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def knowledge_server(knowledge_db_url: str, tmp_path: Path) -> Iterator[tuple[str, int]]:
    """The API as `make run` starts it, on a free port; yields (host, port)."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(CODE_ROOT),
        "KNOWLEDGE_DATABASE_URL": knowledge_db_url,
        "KNOWLEDGE_SERVICE_TOKEN": SERVICE_TOKEN,
        "ADMIN_USER": ADMIN[0],
        "ADMIN_PASSWORD": ADMIN[1],
        "MAX_BODY_BYTES": str(256 * 1024),
        "MAX_IMPORT_BYTES": str(512 * 1024),
    }
    log = (tmp_path / "uvicorn.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "knowledge.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--ws",
            "none",  # as deploy/stack.py starts it
        ],
        cwd=CODE_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {(tmp_path / 'uvicorn.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start within 60 s")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
