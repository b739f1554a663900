"""Scale-out is configuration: the same code on PostgreSQL (tracker store and knowledge DB) and a
Redis lock store, with two Sanic workers, which Rasa refuses without Redis."""

from __future__ import annotations

import re
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from harness.chat import REST_CREDENTIALS, RestUser, choose, texts
from tests.e2e.conftest import ROOT, Stack, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]
ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def reachable(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def databases() -> Iterator[tuple[str, str]]:
    if not (reachable(5432) and reachable(6379)):
        pytest.skip("PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 are needed")
    names = (f"tna_tracker_{uuid.uuid4().hex[:8]}", f"tna_knowledge_{uuid.uuid4().hex[:8]}")
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        for name in names:
            db.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield names
    with admin.connect() as db:
        for name in names:
            db.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def scaled(databases: tuple[str, str], data_dir: Path) -> Stack:
    tracker_db, knowledge_db = databases
    return Stack(
        data_dir=data_dir,
        rasa_port=free_port(),
        actions_port=free_port(),
        knowledge_port=free_port(),
        endpoints=ROOT / "deploy" / "endpoints.scale.yml",
        credentials=REST_CREDENTIALS,
        extra_env={
            "KNOWLEDGE_DATABASE_URL": f"postgresql+psycopg2://postgres@127.0.0.1:5432/{knowledge_db}",
            "TRACKER_DB_HOST": "127.0.0.1",
            "TRACKER_DB_PORT": "5432",
            "TRACKER_DB_NAME": tracker_db,
            "TRACKER_DB_USER": "postgres",
            "TRACKER_DB_PASSWORD": "",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": "6379",
            "REDIS_DB": "7",
            "SANIC_WORKERS": "2",
        },
    )


@pytest.fixture(scope="module")
def scaled_stack(databases: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = scaled(databases, tmp_path_factory.mktemp("scaled")).start()
    yield running
    assert running.stop() == [], "a process ignored SIGTERM and had to be killed"


def test_two_workers_stop_on_sigterm_while_loading_the_model(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    """Sanic 21.12's forked workers inherited a SIGTERM handler that swallowed the signal while
    the model loaded; one worker then served on and ignored every later SIGTERM (bot/server.py)."""
    stack = scaled(databases, tmp_path).start(wait=False)
    log = tmp_path / "rasa.log"
    try:
        deadline = time.monotonic() + 240
        while log.read_text(errors="replace").count("Loading model") < 2:
            assert stack.processes["rasa"].poll() is None, log.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "the two workers never started loading the model"
            time.sleep(0.2)
    finally:
        killed = stack.stop()
    assert killed == [], "Rasa ignored SIGTERM and had to be killed"


def test_interview_on_postgresql_and_redis_with_two_workers(scaled_stack: Stack, databases) -> None:
    user = RestUser(scaled_stack.rasa_url)
    assert "Who are you?" in texts(user.say("hello"))
    for answer in (choose("ngo"), "Tanzania", "Arusha",
                   "Villages have no clean drinking water and children get sick.",
                   "We boil water with firewood.", "Safe water for 2000 people.", "2000 people",
                   "$8000", choose("unreliable"), choose("borehole_or_well"), "1", "yes", "yes"):
        user.say(answer)
    summary = texts(user.say(choose("phone_call")))
    assert "Here is your need" in summary and "Tanzania" in summary
    saved = texts(user.say("/confirm"))
    reference = re.search(r"TN-[0-9A-Z]{6,}", saved)
    assert reference and "Why:" in saved

    tracker_db, knowledge_db = databases
    with sa.create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{tracker_db}").connect() as db:
        events = db.execute(
            sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": user.sender}
        ).scalar_one()
    with sa.create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{knowledge_db}").connect() as db:
        country = db.execute(
            sa.text("SELECT country FROM needs WHERE reference = :r"), {"r": reference[0]}
        ).scalar_one()
    assert events > 30 and country == "TZ"
