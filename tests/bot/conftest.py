"""Tracker stores on both databases the project supports: a SQLite file, and a database of its
own on the PostgreSQL server on localhost (skipped, saying why, where there is none)."""

from __future__ import annotations

import contextlib
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

POSTGRES_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def postgres_reachable() -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 5432)) == 0


@contextlib.contextmanager
def temporary_postgres_database() -> Iterator[str]:
    """Creates a database on the local server, yields its name, drops it afterwards."""
    if not postgres_reachable():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is needed")
    name = f"tna_privacy_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as db:
            db.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def tracker_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """SQLTrackerStore keyword arguments (as in the endpoints files) and an `url` to inspect rows."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        yield {"store": {"dialect": "sqlite", "db": str(path)}, "url": f"sqlite:///{path}"}
        return
    with temporary_postgres_database() as name:
        yield {
            "store": {"dialect": "postgresql", "host": "127.0.0.1", "port": 5432, "db": name,
                      "username": "postgres", "password": ""},
            "url": f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}",
        }
