"""The two faces of the API. Public: health, the open catalogue, the web page (and the admin
routes, behind their own login). Internal: everything that reads or writes what users told us,
behind the service credential, checked once for the whole router."""

from fastapi import APIRouter, Depends

from knowledge.api.routes import (
    admin,
    catalogue,
    dashboard,
    exports,
    health,
    matches,
    needs,
    offers,
    referrals,
    senders,
    user_steps,
    web,
)
from knowledge.api.service_auth import require_service


def public_router() -> APIRouter:
    router = APIRouter()
    for module in (health, catalogue, admin, dashboard, exports, web):
        router.include_router(module.router)
    return router


def internal_router() -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_service)])
    for module in (needs, matches, offers, referrals, senders, user_steps):
        router.include_router(module.router)
    return router
