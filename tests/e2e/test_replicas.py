"""Two Rasa replicas behind nginx on PostgreSQL and Redis (issue 11's failure tests).

One stack for the module: two Rasa replicas, one action server and one knowledge API behind
nginx (deploy/balancer.py). The lock store is a Redis server of its own on a spare port, and
both databases are reached through a TCP proxy, so that each can be taken away and given back.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from deploy.balancer import nginx_binary
from deploy.stack import Scale
from harness.chat import REST_CREDENTIALS, RestUser, choose, texts
from tests.e2e.conftest import ROOT, Stack, free_port
from tests.e2e.outages import RedisServer, TcpProxy, reachable

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]
POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:{port}/{db}"
SERVICE_DOWN = yaml.safe_load((ROOT / "conversation" / "locales" / "en.yml").read_text())["responses"][
    "utter_service_down"
]["text"]

PROBLEM = "We dry mangoes in the open sun and lose a third of the harvest to rain and insects."
# (what the user says, what the next reply must hold): each answer moves to the right question.
STEPS = [
    ("hello", "Who are you?"),
    (choose("farmer_cooperative"), "Which country"),
    ("Kenya", "region"),
    ("Nakuru", "problem"),
    (PROBLEM, "today"),
    ("We dry them on mats on the ground.", "result"),
    ("Dry mangoes fast and clean, even in the rainy season.", "How big"),
    ("500 kg of fresh mangoes a day", "money"),
    ("$20,000", "electricity"),
    (choose("none"), "water"),
    (choose("borehole_or_well"), "What help"),
    ("1 and 2", "keep your answers"),
    ("yes", "share"),
    (choose("yes"), "contact"),
    (choose("same_channel"), "Here is your need"),
    ("/confirm", "TN-"),
]
STORED = {
    "org_type": "farmer_cooperative", "country": "KE", "region": "Nakuru", "problem": PROBLEM,
    "scale": "500 kg of fresh mangoes a day", "budget_band": "5k-50k", "grid_access": "none",
    "water_access": "borehole_or_well", "consent_share": True, "contact_preference": "same_channel",
}


def advance(say: Callable[[str], list[dict[str, Any]]], steps: list[tuple[str, str]]) -> None:
    for text, expected in steps:
        reply = texts(say(text))
        assert expected in reply, f"after {text!r}: {reply!r}"


class Databases:
    """A tracker database and a knowledge database of their own on the local server."""

    def __init__(self) -> None:
        self.tracker = f"tna_tracker_{uuid.uuid4().hex[:8]}"
        self.knowledge = f"tna_knowledge_{uuid.uuid4().hex[:8]}"
        self.admin = sa.create_engine(POSTGRES.format(port=5432, db="postgres"), isolation_level="AUTOCOMMIT")

    def run(self, statement: str) -> None:
        with self.admin.connect() as db:
            for name in (self.tracker, self.knowledge):
                db.execute(sa.text(statement.format(name=name)))

    def query(self, db: str, sql: str, **params: Any) -> list[sa.Row[Any]]:
        engine = sa.create_engine(POSTGRES.format(port=5432, db=db))
        try:
            with engine.connect() as connection:
                return list(connection.execute(sa.text(sql), params))
        finally:
            engine.dispose()

    def needs(self, sender: str) -> list[dict[str, Any]]:
        columns = ", ".join(STORED)
        rows = self.query(self.knowledge, f"SELECT {columns} FROM needs WHERE sender_id = :s", s=sender)
        return [dict(row._mapping) for row in rows]

    def events(self, sender: str) -> int:
        rows = self.query(self.tracker, "SELECT count(*) FROM events WHERE sender_id = :s", s=sender)
        return int(rows[0][0])


@pytest.fixture(scope="module")
def databases() -> Iterator[Databases]:
    if not reachable(5432):
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is needed")
    if not RedisServer.available() or nginx_binary() is None:
        pytest.skip("redis-server and nginx are needed (deploy/system-deps test installs nginx)")
    databases = Databases()
    databases.run('CREATE DATABASE "{name}"')
    yield databases
    databases.run('DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    databases.admin.dispose()


@pytest.fixture(scope="module")
def redis_server(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres_proxy(databases: Databases) -> Iterator[TcpProxy]:
    proxy = TcpProxy(5432)
    proxy.restore()
    yield proxy
    proxy.cut()


@pytest.fixture(scope="module")
def replicated(
    databases: Databases, redis_server: RedisServer, postgres_proxy: TcpProxy,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    stack = Stack(
        data_dir=Path(tmp_path_factory.mktemp("replicas")),
        rasa_port=free_port(), actions_port=free_port(), knowledge_port=free_port(),
        scale=Scale(rasa=2, actions=1, knowledge=1),
        endpoints=ROOT / "deploy" / "endpoints.scale.yml",
        credentials=REST_CREDENTIALS,
        extra_env={
            "KNOWLEDGE_DATABASE_URL": POSTGRES.format(port=postgres_proxy.port, db=databases.knowledge),
            "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": str(postgres_proxy.port),
            "TRACKER_DB_NAME": databases.tracker, "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "",
            "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis_server.port), "REDIS_DB": "0",
        },
    )
    stack.start()
    yield stack
    assert stack.stop() == [], "a process ignored SIGTERM and had to be killed"


def test_messages_alternating_between_two_replicas_make_one_conversation_and_one_need(
    replicated: Stack, databases: Databases
) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:12]}"
    users = [RestUser(replicated.replica_url(name), sender=sender) for name in ("rasa-1", "rasa-2")]
    for n, step in enumerate(STEPS):
        advance(users[n % 2].say, [step])
    assert databases.needs(sender) == [STORED]


def test_a_replica_killed_mid_interview_loses_no_answer(replicated: Stack, databases: Databases) -> None:
    user = RestUser(replicated.rasa_url)  # through nginx: round robin over both replicas
    advance(user.say, STEPS[:7])
    killed = replicated.processes["rasa-1"]
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    advance(user.say, STEPS[7:])
    assert databases.needs(user.sender) == [STORED]


def test_everything_stopped_and_started_again_the_user_goes_on(
    replicated: Stack, databases: Databases
) -> None:
    done = RestUser(replicated.rasa_url)
    advance(done.say, STEPS)
    halfway = RestUser(replicated.rasa_url)
    advance(halfway.say, STEPS[:9])

    assert replicated.stop() == []
    replicated.start()

    advance(halfway.say, STEPS[9:])
    assert databases.needs(halfway.sender) == [STORED]
    assert databases.needs(done.sender) == [STORED]


def test_redis_gone_for_a_moment_the_user_is_asked_to_try_again(
    replicated: Stack, databases: Databases, redis_server: RedisServer
) -> None:
    user = RestUser(replicated.rasa_url)
    advance(user.say, STEPS[:3])
    events = databases.events(user.sender)
    redis_server.stop()
    try:
        reply = texts(user.say(STEPS[3][0]))
    finally:
        redis_server.start()
    assert reply == SERVICE_DOWN
    assert databases.events(user.sender) == events
    advance(user.say, STEPS[3:5])


def test_postgresql_gone_at_confirm_the_user_is_asked_to_try_again_and_nothing_is_half_written(
    replicated: Stack, databases: Databases, postgres_proxy: TcpProxy
) -> None:
    user = RestUser(replicated.rasa_url)
    advance(user.say, STEPS[:-1])
    events = databases.events(user.sender)
    postgres_proxy.cut()
    try:
        reply = texts(user.say("/confirm"))
    finally:
        postgres_proxy.restore()
    assert reply == SERVICE_DOWN
    assert databases.events(user.sender) == events and databases.needs(user.sender) == []
    # Connections cut while pooled fail once more each before the pool opens new ones.
    for _ in range(3):
        reply = texts(user.say("/confirm"))
        if reply != SERVICE_DOWN:
            break
    assert "TN-" in reply
    assert databases.needs(user.sender) == [STORED]
