"""The admin dashboard: a plain server-rendered page of needs and referrals."""

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from knowledge.api.deps import AdminDep, SessionDep
from knowledge.catalogue.queries import count
from knowledge.models import (
    FinanceOffer,
    Need,
    Referral,
    ServiceProvider,
    Technology,
    TrainingOffer,
)

router = APIRouter(tags=["admin"])
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
RECENT = 200


@lru_cache
def _templates() -> Environment:
    # Autoescaping matters: titles are the users' own words.
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@router.get("/admin", response_class=HTMLResponse)
def dashboard(session: SessionDep, admin: AdminDep) -> HTMLResponse:
    needs = session.scalars(
        select(Need)
        .options(selectinload(Need.referrals))
        .order_by(Need.created_at.desc(), Need.id.desc())
        .limit(RECENT)
    ).all()
    referrals = session.scalars(
        select(Referral)
        .options(selectinload(Referral.need), selectinload(Referral.service_provider))
        .order_by(Referral.created_at.desc(), Referral.id.desc())
        .limit(RECENT)
    ).all()
    catalogue = {
        "technologies": count(session, Technology),
        "finance offers": count(session, FinanceOffer),
        "training offers": count(session, TrainingOffer),
        "service providers": count(session, ServiceProvider),
    }
    html = (
        _templates()
        .get_template("admin.html")
        .render(admin=admin, needs=needs, referrals=referrals, catalogue=catalogue)
    )
    # The page holds personal data: never cache it anywhere.
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})
