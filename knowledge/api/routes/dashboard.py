"""The intermediaries' and staff's dashboard: needs filtered by country, sector, language,
organisation type, status and date; one need with the user's words, its record, what was shown
and its referral history; and the referral's next step, which the user then hears about.

Server-rendered forms under the admin page's rules: session cookie, same-origin check and the
session's CSRF token on every POST, no scripts (the CSP allows none inline)."""

from datetime import date
from typing import Any

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from knowledge.api.deps import SessionDep
from knowledge.api.people import check_enabled, check_same_origin, signed_in
from knowledge.api.routes.admin import _check_form_token, _form_fields, _page
from knowledge.auth.accounts import Person
from knowledge.models import FinanceOffer, Need, ServiceProvider, Technology, TrainingOffer
from knowledge.notify.user_updates import tell_user
from knowledge.registry.dashboard import ACTIONS, NeedFilter, change_referral, list_needs, open_need
from knowledge.registry.follow_ups import follow_ups_of
from knowledge.registry.user_steps import notes_of
from knowledge.vocab import LANGUAGES, ORG_TYPES, REFERRAL_STATUSES, SECTORS

router = APIRouter(tags=["dashboard"], include_in_schema=False)
NEED_STATUSES = ("submitted", "matched", "referred", "closed")
ITEM_TABLES: dict[str, Any] = {
    "technology": Technology,
    "finance": FinanceOffer,
    "training": TrainingOffer,
    "service": ServiceProvider,
}


def _who(request: Request, session: SessionDep) -> tuple[Person, str] | None:
    check_enabled(request, session)
    return signed_in(request, session)


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"{name}: not one of the listed values")
    return value


def _day(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"{name}: a date as YYYY-MM-DD") from None


def _filter(request: Request) -> NeedFilter:
    q = request.query_params
    country = (q.get("country") or "").strip().upper() or None
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "country: a two-letter code such as KE")
    return NeedFilter(
        country=country,
        sector=_choice("sector", q.get("sector"), SECTORS),
        language=_choice("language", q.get("language"), LANGUAGES),
        org_type=_choice("org_type", q.get("org_type"), ORG_TYPES),
        status=_choice("status", q.get("status"), NEED_STATUSES),
        since=_day("since", q.get("since")),
        until=_day("until", q.get("until")),
    )


@router.get("/admin/needs", response_class=HTMLResponse)
def needs_page(request: Request, session: SessionDep) -> Response:
    current = _who(request, session)
    if current is None:
        return RedirectResponse("/admin/login", status.HTTP_303_SEE_OTHER)
    who, csrf_token = current
    wanted = _filter(request)
    return _page(
        "needs.html",
        who=who,
        csrf_token=csrf_token,
        needs=list_needs(session, who, wanted),
        wanted=wanted.active(),
        options={
            "sector": SECTORS,
            "language": LANGUAGES,
            "org_type": ORG_TYPES,
            "status": NEED_STATUSES,
        },
    )


def _item_names(session: SessionDep, need: Need) -> dict[tuple[str, int], str]:
    names: dict[tuple[str, int], str] = {}
    for kind, table in ITEM_TABLES.items():
        ids = [m.item_id for m in need.matches if m.item_kind == kind]
        if ids:
            for item_id, name in session.execute(select(table.id, table.name).where(table.id.in_(ids))):
                names[(kind, item_id)] = name
    return names


@router.get("/admin/needs/{reference}", response_class=HTMLResponse)
def need_page(reference: str, request: Request, session: SessionDep) -> Response:
    current = _who(request, session)
    if current is None:
        return RedirectResponse("/admin/login", status.HTTP_303_SEE_OTHER)
    who, csrf_token = current
    need = open_need(session, who, reference[:16])
    return _page(
        "need.html",
        who=who,
        csrf_token=csrf_token,
        need=need,
        item_names=_item_names(session, need),
        statuses=REFERRAL_STATUSES,
        notes=notes_of(session, need.id),
        follow_ups=follow_ups_of(session, need.id),
    )


@router.post("/admin/referrals/{referral_id}")
async def referral_step(
    referral_id: int, request: Request, session: SessionDep, background: BackgroundTasks
) -> Response:
    check_same_origin(request)
    fields = await _form_fields(request)
    current = _who(request, session)
    if current is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first")
    who, csrf = current
    _check_form_token(request, fields, csrf)
    action = fields.get("action", "status")
    if action not in ("status", "assign", *ACTIONS):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "action: accept, decline, assign or status")
    wanted = ACTIONS.get(action) or (fields.get("status") or None if action == "status" else None)
    if wanted is not None and wanted not in REFERRAL_STATUSES:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"status: one of {', '.join(REFERRAL_STATUSES)}")
    referral, changed = change_referral(
        session, who, min(referral_id, 2**31 - 1), wanted, fields.get("comment"), action == "assign"
    )
    need = referral.need
    session.commit()
    if changed:
        background.add_task(
            tell_user, request.app.state.settings, need.sender_id, need.reference or "", referral.status
        )
    return RedirectResponse(f"/admin/needs/{need.reference}", status.HTTP_303_SEE_OTHER)
