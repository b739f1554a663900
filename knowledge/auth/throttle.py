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

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key_hash=key, failures=0, window_started=now)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # another process inserted it first
            row = session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
            assert row is not None
    locked = row.locked_until is not None and row.locked_until > now
    if not locked and now - row.window_started > WINDOW:
        row.failures, row.window_started, row.locked_until = 0, now, None
    row.failures += 1
    beyond = row.failures - FREE_FAILURES
    if beyond >= 0:
        row.locked_until = now + min(BASE_LOCK * 2 ** min(beyond, 20), MAX_LOCK)


def record_success(session: Session, login: Keys) -> None:
    row = session.get(LoginThrottle, login.account)
    if row is not None:
        session.delete(row)
