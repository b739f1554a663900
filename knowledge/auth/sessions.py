"""Login sessions behind an HttpOnly cookie.

The cookie holds a random 256-bit token; the database holds its SHA-256 and the session's CSRF
token. Nothing can be forged without the token (stronger than a signed cookie, and a logout
really ends the session on every process).
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from knowledge.models import Account, LoginSession
from knowledge.models.base import utcnow

LIFETIME = timedelta(hours=8)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def open_session(session: Session, account: Account, now: datetime | None = None) -> str:
    """Stores a new login session and returns the cookie's token."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    session.add(
        LoginSession(
            token_hash=_digest(token),
            account=account,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    return token


def find_session(session: Session, token: str, now: datetime | None = None) -> LoginSession | None:
    if not token or len(token) > 100:
        return None
    found = session.scalar(
        select(LoginSession)
        .options(joinedload(LoginSession.account))
        .where(LoginSession.token_hash == _digest(token))
    )
    if found is None or found.expires_at <= (now or utcnow()) or not found.account.active:
        return None
    return found


def close_session(session: Session, token: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))
