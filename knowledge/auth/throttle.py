"""Failed logins slow down, per account name and per client address, in the database so that
every API process sees the same counts.

The FREE_FAILURES-th failure within WINDOW locks the key for BASE_LOCK, and each failure after
that for twice as long as the one before (2x, 4x, ... up to MAX_LOCK). While a key is
locked, logins are refused with 429 before the password is even checked, so a locked attacker
also stops costing us argon2 time. A success clears the account's count, not the address's.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, or_, update
from sqlalchemy.orm import Session

from knowledge.db import insert_new_rows
from knowledge.models import LoginThrottle
from knowledge.models.base import utcnow

FREE_FAILURES = 5
WINDOW = timedelta(minutes=15)
BASE_LOCK = timedelta(seconds=2)
MAX_LOCK = timedelta(minutes=15)


@dataclass(frozen=True)
class Keys:
    account: str
    address: str

    def both(self) -> tuple[str, str]:
        return self.account, self.address


def keys(username: str, address: str) -> Keys:
    return Keys(_digest(f"account:{username}"), _digest(f"address:{address}"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def retry_after(session: Session, login: Keys, now: datetime | None = None) -> int:
    """Seconds until a login may be tried again (0: now)."""
    now = now or utcnow()
    waits = [0.0]
    for key in login.both():
        row = session.get(LoginThrottle, key)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            waits.append((row.locked_until - now).total_seconds())
    return math.ceil(max(waits))


def record_failure(session: Session, login: Keys, now: datetime | None = None) -> None:
    now = now or utcnow()
    for key in login.both():
        _fail(session, key, now)
    session.commit()


def _fail(session: Session, key: str, now: datetime) -> None:
    # One INSERT that cannot conflict and one UPDATE computed by the database: processes
    # racing on the same key serialise on the row (PostgreSQL) or the file (SQLite) and lose no
    # failure, which a read-then-write would.
    insert_new_rows(session, LoginThrottle, [{"key_hash": key, "failures": 0, "window_started": now}])
    row = LoginThrottle
    stale = and_(or_(row.locked_until.is_(None), row.locked_until <= now), row.window_started < now - WINDOW)
    session.execute(
        update(row)
        .where(row.key_hash == key)
        .values(
            failures=case((stale, 1), else_=row.failures + 1),
            window_started=case((stale, now), else_=row.window_started),
        )
        .execution_options(synchronize_session=False)
    )
    counted = session.get(LoginThrottle, key, populate_existing=True)
    assert counted is not None
    beyond = counted.failures - FREE_FAILURES
    if beyond >= 0:
        counted.locked_until = now + min(BASE_LOCK * 2 ** min(beyond, 20), MAX_LOCK)
    session.flush()


def record_success(session: Session, login: Keys) -> None:
    row = session.get(LoginThrottle, login.account)
    if row is not None:
        session.delete(row)
