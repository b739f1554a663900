"""Exports of the needs a signed-in person may see (CSV or JSON; `open` for the open-data shape
without personal fields), the gap report and the charts. Same filters as /admin/needs."""

from typing import Literal

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from knowledge.api.deps import SessionDep
from knowledge.api.routes.admin import _page
from knowledge.api.routes.dashboard import _filter, _who
from knowledge.auth.accounts import Person
from knowledge.registry.charts import chart_data
from knowledge.registry.dashboard import all_needs
from knowledge.registry.exports import FULL_FIELDS, OPEN_FIELDS, gap_report, record, to_csv, to_json
from knowledge.registry.interview_starts import started_in_view

router = APIRouter(tags=["dashboard"], include_in_schema=False)
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _signed_in(request: Request, session: SessionDep) -> Person:
    current = _who(request, session)
    if current is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first")
    return current[0]


@router.get("/admin/export/{shape}.{fmt}")
def export(
    shape: Literal["needs", "open-needs"], fmt: Literal["csv", "json"], request: Request, session: SessionDep
) -> Response:
    who = _signed_in(request, session)
    open_data = shape == "open-needs"
    records = [record(n, open_data) for n in all_needs(session, who, _filter(request))]
    body = to_csv(records, OPEN_FIELDS if open_data else FULL_FIELDS) if fmt == "csv" else to_json(records)
    headers = {
        "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="{shape}.{fmt}"',
    }
    return Response(body, media_type=MEDIA[fmt], headers=headers)


@router.get("/admin/gaps.json")
def gaps(request: Request, session: SessionDep) -> Response:
    who = _signed_in(request, session)
    report = gap_report(all_needs(session, who, _filter(request)))
    return Response(to_json(report), media_type=MEDIA["json"], headers={"Cache-Control": "no-store"})


@router.get("/admin/charts", response_class=HTMLResponse)
def charts_page(request: Request, session: SessionDep) -> Response:
    current = _who(request, session)
    if current is None:
        return RedirectResponse("/admin/login", status.HTTP_303_SEE_OTHER)
    return _page("charts.html", who=current[0], query=request.url.query)


@router.get("/admin/charts.json")
def charts_json(request: Request, session: SessionDep) -> Response:
    who = _signed_in(request, session)
    wanted = _filter(request)
    data = chart_data(all_needs(session, who, wanted), started_in_view(session, who, wanted))
    return Response(to_json(data), media_type=MEDIA["json"], headers={"Cache-Control": "no-store"})
