"""People accounts: passwords, the login throttle (on SQLite and PostgreSQL, with processes
racing for the same counter) and login sessions, below the HTTP layer."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.auth import throttle
from knowledge.auth.accounts import authenticate, save_account
from knowledge.auth.passwords import verify_password
from knowledge.auth.sessions import LIFETIME, close_session, find_session, open_session
from knowledge.db import create_db_engine
from knowledge.migrate import upgrade
from knowledge.models import LoginThrottle
from knowledge.models.base import utcnow


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def accounts_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'accounts.db'}"
    else:
        url = request.getfixturevalue("postgres_database")
    upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


def test_passwords_are_compared_after_unicode_normalisation(accounts_engine: Engine) -> None:
    composed, decomposed = "caf\u00e9 au lait!", "cafe\u0301 au lait!"
    with Session(accounts_engine) as session:
        account = save_account(session, "amina", composed, "administrator")
        session.commit()
        assert authenticate(session, "amina", decomposed) is not None
        assert authenticate(session, "amina", "cafe au lait!") is None
        assert authenticate(session, "nobody", composed) is None
        assert not verify_password(account.password_hash, "x" * 2000)


def test_the_throttle_locks_at_five_and_doubles(accounts_engine: Engine) -> None:
    keys = throttle.keys("amina", "192.0.2.1")
    now = utcnow()
    with Session(accounts_engine) as session:
        for _ in range(4):
            throttle.record_failure(session, keys, now)
        assert throttle.retry_after(session, keys, now) == 0
        throttle.record_failure(session, keys, now)
        assert throttle.retry_after(session, keys, now) == 2
        throttle.record_failure(session, keys, now)
        assert throttle.retry_after(session, keys, now) == 4
        later = now + throttle.WINDOW + timedelta(seconds=5)
        assert throttle.retry_after(session, keys, later) == 0
        # A failure after the window starts a new count.
        throttle.record_failure(session, keys, later)
        assert throttle.retry_after(session, keys, later) == 0
        throttle.record_success(session, keys)
        session.commit()
        assert session.get(LoginThrottle, keys.account) is None
        assert session.get(LoginThrottle, keys.address) is not None


def test_racing_processes_lose_no_failure(accounts_engine: Engine) -> None:
    keys = throttle.keys("amina", "192.0.2.1")
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def fail() -> None:
        try:
            with Session(accounts_engine) as session:
                start.wait()
                throttle.record_failure(session, keys)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=fail) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(accounts_engine) as session:
        row = session.get(LoginThrottle, keys.account)
        assert row is not None and row.failures == 4


def test_sessions_open_expire_and_close(accounts_engine: Engine) -> None:
    with Session(accounts_engine) as session:
        account = save_account(session, "amina", "long enough password", "intermediary", ["ke"])
        token = open_session(session, account)
        session.commit()
        found = find_session(session, token)
        assert found is not None and found.account.countries == ["KE"]
        assert find_session(session, token + "x") is None
        assert find_session(session, token, utcnow() + LIFETIME + timedelta(seconds=1)) is None
        close_session(session, token)
        session.commit()
        assert find_session(session, token) is None
