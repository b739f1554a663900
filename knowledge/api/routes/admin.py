"""The admin dashboard: sign-in, sign-out, and a plain server-rendered page of needs and
referrals. An administrator sees everything; an intermediary only the shared needs of their
countries (and sectors)."""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from starlette.concurrency import run_in_threadpool

from knowledge.api.deps import SessionDep
from knowledge.api.people import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    bootstrap,
    check_enabled,
    check_same_origin,
    client_address,
    login,
    parse_basic,
    signed_in,
)
from knowledge.api.security_headers import page_policy
from knowledge.auth.accounts import Person, visible_needs
from knowledge.auth.sessions import LIFETIME, close_session, open_session
from knowledge.catalogue.queries import count
from knowledge.models import (
    Account,
    FinanceOffer,
    Need,
    Referral,
    ServiceProvider,
    Technology,
    TrainingOffer,
)

router = APIRouter(tags=["admin"], include_in_schema=False)
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
RECENT = 200
FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FIELD = 1024


@lru_cache
def _templates() -> Environment:
    # Autoescaping matters: titles are the users' own words.
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def _page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = _templates().get_template(template).render(**context)
    # The pages hold personal data or a login form: never cache them anywhere.
    headers = {"Cache-Control": "no-store", "Content-Security-Policy": page_policy(html)}
    return HTMLResponse(html, status_code=status_code, headers=headers)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _login_page(request: Request, message: str | None = None, status_code: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = _page("login.html", status_code, csrf_token=token, message=message)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


@router.get("/admin/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


async def _form_fields(request: Request) -> dict[str, str]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in FORM_MEDIA:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send the form itself")
    form = await request.form(max_files=0, max_fields=10)
    return {k: v[:MAX_FIELD] for k, v in form.items() if isinstance(v, str)}


def _check_form_token(request: Request, fields: dict[str, str], expected: str | None) -> None:
    sent = fields.get(CSRF_FIELD, "")
    if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token: reload the form")


@router.post("/admin/login", response_class=HTMLResponse)
async def login_submit(request: Request, session: SessionDep) -> Response:
    check_same_origin(request)
    fields = await _form_fields(request)
    _check_form_token(request, fields, request.cookies.get(LOGIN_CSRF_COOKIE))
    bootstrap(request.app)
    try:
        who = await run_in_threadpool(
            login, session, fields.get("username", ""), fields.get("password", ""), client_address(request)
        )
    except HTTPException as refused:
        return _login_page(request, str(refused.detail), refused.status_code)
    account = session.get(Account, who.id)
    assert account is not None
    token = open_session(session, account)
    session.commit()
    response = RedirectResponse("/admin", status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/admin")
    return response


@router.post("/admin/logout")
async def logout(request: Request, session: SessionDep) -> Response:
    check_same_origin(request)
    fields = await _form_fields(request)
    current = signed_in(request, session)
    if current is not None:
        _check_form_token(request, fields, current[1])
        close_session(session, request.cookies.get(SESSION_COOKIE, ""))
        session.commit()
    response = RedirectResponse("/admin/login", status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/admin", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep) -> Response:
    """For browsers signed in with the form; scripts may send basic credentials instead."""
    check_enabled(request, session)
    credentials = parse_basic(request.headers.get("authorization"))
    csrf_token: str | None = None
    if credentials is not None:
        who = login(session, *credentials, client_address(request))
    else:
        current = signed_in(request, session)
        if current is None:
            return RedirectResponse("/admin/login", status.HTTP_303_SEE_OTHER)
        who, csrf_token = current
    needs = session.scalars(
        visible_needs(select(Need), who)
        .options(selectinload(Need.referrals))
        .order_by(Need.created_at.desc(), Need.id.desc())
        .limit(RECENT)
    ).all()
    referrals = session.scalars(
        select(Referral)
        .where(Referral.need_id.in_(visible_needs(select(Need.id), who).scalar_subquery()))
        .options(selectinload(Referral.need), selectinload(Referral.service_provider))
        .order_by(Referral.created_at.desc(), Referral.id.desc())
        .limit(RECENT)
    ).all()
    return _page(
        "admin.html",
        admin=who.username,
        who=who,
        scope=_scope(who),
        csrf_token=csrf_token,
        needs=needs,
        referrals=referrals,
        catalogue=_catalogue_counts(session),
    )


def _scope(who: Person) -> str:
    if who.is_administrator:
        return "administrator: every need"
    scope = ", ".join(who.countries)
    if who.sectors:
        scope += f" ({', '.join(who.sectors)})"
    return f"intermediary: shared needs of {scope}"


def _catalogue_counts(session: SessionDep) -> dict[str, int]:
    return {
        "technologies": count(session, Technology),
        "finance offers": count(session, FinanceOffer),
        "training offers": count(session, TrainingOffer),
        "service providers": count(session, ServiceProvider),
    }
