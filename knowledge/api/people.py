"""Who is calling, for the admin routes: a signed-in person (session cookie, for browsers) or
HTTP basic credentials (for scripts that import catalogue files).

Browsers attach cookies to cross-site requests, so every state-changing request is checked
twice: its Origin (or Referer) must be this site, and a cookie-authenticated one must carry
the session's CSRF token. Basic credentials are never attached by a browser unless a user typed
them into its prompt; the origin check still applies to them.
"""

import base64
import binascii
import logging
import secrets
import threading
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Request, status
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.api.deps import SessionDep
from knowledge.auth import throttle
from knowledge.auth.accounts import Person, authenticate, bootstrap_administrator, person
from knowledge.auth.sessions import find_session
from knowledge.models import Account
from knowledge.settings import Settings

logger = logging.getLogger(__name__)
SESSION_COOKIE = "knowledge_session"
LOGIN_CSRF_COOKIE = "knowledge_login_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
_CHALLENGE = {"WWW-Authenticate": 'Basic realm="knowledge admin", charset="UTF-8"'}
_bootstrap_lock = threading.Lock()


def bootstrap(app: FastAPI) -> None:
    """Saves the ADMIN_USER administrator once per app (at start-up, or at the first admin
    request when the app was started without its lifespan, as in tests)."""
    if getattr(app.state, "admin_bootstrapped", False):
        return
    with _bootstrap_lock:
        if getattr(app.state, "admin_bootstrapped", False):
            return
        settings: Settings = app.state.settings
        if not inspect(app.state.engine).has_table("accounts"):
            return  # not migrated yet: try again at the next admin request
        if settings.admin_enabled:
            assert settings.admin_user is not None and settings.admin_password is not None
            password = settings.admin_password.get_secret_value()
            # Two replicas starting together may both insert the account: the loser reads the
            # winner's row on its second try.
            for attempt in (1, 2):
                with app.state.session_factory() as session:
                    try:
                        bootstrap_administrator(session, settings.admin_user, password)
                        session.commit()
                        break
                    except IntegrityError:
                        session.rollback()
                        if attempt == 2:
                            raise
                    except ValueError as error:  # a user name the accounts refuse
                        logger.error("ADMIN_USER not used: %s", error)
                        break
        app.state.admin_bootstrapped = True


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _origin_of(request: Request) -> str | None:
    origin = request.headers.get("origin")
    if origin is not None:
        return origin
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}"
    return None


def check_same_origin(request: Request) -> None:
    """Refuses a state-changing request that a browser says comes from another site. Only the
    host and port are compared: behind a TLS proxy the app itself sees http. A proxy that
    rewrites Host passes the public one in X-Forwarded-Host, which a cross-site page cannot set
    without a CORS preflight this API never grants."""
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site request refused")
    origin = _origin_of(request)
    if origin is None:
        return
    hosts = {request.headers.get("host", "").lower()}
    forwarded = request.headers.get("x-forwarded-host")
    if forwarded:
        hosts.add(forwarded.split(",")[0].strip().lower())
    if origin == "null" or urlsplit(origin).netloc.lower() not in hosts:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site request refused")


def parse_basic(header: str | None) -> tuple[str, str] | None:
    """User and password of an HTTP basic header, decoded as UTF-8 (RFC 7617's charset):
    FastAPI's own HTTPBasic decodes ASCII only, so no non-ASCII password could ever log in."""
    if not header:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "malformed basic credentials", _CHALLENGE) from None
    username, colon, password = decoded.partition(":")
    if not colon:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "malformed basic credentials", _CHALLENGE)
    return username, password


def login(session: Session, username: str, password: str, address: str) -> Person:
    """Checks a password under the throttle; raises 429 while locked, 401 when wrong."""
    keys = throttle.keys(username, address)
    wait = throttle.retry_after(session, keys)
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many failed logins: try again in {wait} s",
            {"Retry-After": str(wait)},
        )
    account = authenticate(session, username, password)
    if account is None:
        throttle.record_failure(session, keys)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong user name or password", _CHALLENGE)
    throttle.record_success(session, keys)
    who = person(account)
    session.commit()
    return who


def signed_in(request: Request, session: Session) -> tuple[Person, str] | None:
    """The person of the session cookie and the session's CSRF token, if any."""
    token = request.cookies.get(SESSION_COOKIE)
    found = find_session(session, token) if token else None
    return (person(found.account), found.csrf_token) if found else None


def require_person(request: Request, session: SessionDep) -> Person:
    """For admin API routes: basic credentials, or a session cookie plus its CSRF token on
    anything but GET."""
    check_enabled(request, session)
    changes_state = request.method not in ("GET", "HEAD", "OPTIONS")
    if changes_state:
        check_same_origin(request)
    credentials = parse_basic(request.headers.get("authorization"))
    if credentials is not None:
        return login(session, *credentials, client_address(request))
    current = signed_in(request, session)
    if current is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "credentials required", _CHALLENGE)
    who, csrf = current
    if changes_state and not secrets.compare_digest(
        request.headers.get(CSRF_HEADER, "").encode(), csrf.encode()
    ):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")
    return who


def check_enabled(request: Request, session: Session) -> None:
    """Saves the ADMIN_USER administrator if needed, and refuses (403) while nobody could
    ever sign in."""
    bootstrap(request.app)
    settings: Settings = request.app.state.settings
    if not settings.admin_enabled and session.scalar(select(Account.id).limit(1)) is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "admin access is disabled: set ADMIN_USER and ADMIN_PASSWORD or add a user",
        )


def require_administrator(who: Annotated[Person, Depends(require_person)]) -> Person:
    if not who.is_administrator:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "administrators only")
    return who


PersonDep = Annotated[Person, Depends(require_person)]
AdministratorDep = Annotated[Person, Depends(require_administrator)]
