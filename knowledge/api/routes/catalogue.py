from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from knowledge.api.deps import LexiconDep, SessionDep
from knowledge.api.people import AdministratorDep
from knowledge.catalogue.importer import SOURCE_PATTERN, ImportReport, import_rows
from knowledge.catalogue.queries import listing
from knowledge.catalogue.readers import PayloadError, decode, parse_payload
from knowledge.models import FinanceOffer, ServiceProvider, Technology, TrainingOffer
from knowledge.schemas.catalogue import (
    FinanceOfferOut,
    Page,
    ServiceProviderOut,
    TechnologyOut,
    TrainingOfferOut,
)
from knowledge.vocab import Sector, ServiceKind

router = APIRouter(prefix="/api", tags=["catalogue"])

Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=200)]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="available in")]


@router.get("/technologies")
def technologies(
    session: SessionDep,
    sector: Sector | None = None,
    country: Country = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[TechnologyOut]:
    total, items = listing(
        session, Technology, sector=sector, country=_upper(country), offset=offset, limit=limit
    )
    return Page(total=total, items=[TechnologyOut.model_validate(i) for i in items])


@router.get("/finance-offers")
def finance_offers(
    session: SessionDep,
    sector: Sector | None = None,
    country: Country = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[FinanceOfferOut]:
    total, items = listing(
        session, FinanceOffer, sector=sector, country=_upper(country), offset=offset, limit=limit
    )
    return Page(total=total, items=[FinanceOfferOut.model_validate(i) for i in items])


@router.get("/training-offers")
def training_offers(
    session: SessionDep,
    sector: Sector | None = None,
    country: Country = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[TrainingOfferOut]:
    total, items = listing(
        session, TrainingOffer, sector=sector, country=_upper(country), offset=offset, limit=limit
    )
    return Page(total=total, items=[TrainingOfferOut.model_validate(i) for i in items])


@router.get("/service-providers")
def service_providers(
    session: SessionDep,
    kind: ServiceKind | None = None,
    country: Country = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[ServiceProviderOut]:
    total, items = listing(session, ServiceProvider, country=_upper(country), limit=10**6)
    if kind:
        items = [i for i in items if i.kind == kind]
        total = len(items)
    page = items[offset : offset + limit]
    return Page(total=total, items=[ServiceProviderOut.model_validate(i) for i in page])


def _upper(country: str | None) -> str | None:
    return country.upper() if country else None


# Only these: a cross-site HTML form can send text/plain, urlencoded or multipart bodies, never
# these types, and a cross-site fetch of them needs a CORS preflight that this API never grants.
_FORMATS = {
    "text/csv": "csv",
    "application/json": "json",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
}
_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {media: {"schema": {"type": "string"}} for media in _FORMATS},
        "description": "The file itself: CSV with a header row, or JSON/YAML rows.",
    }
}


@router.post("/catalogue/import", openapi_extra=_IMPORT_BODY)
async def import_catalogue(
    request: Request,
    session: SessionDep,
    lexicon: LexiconDep,
    _admin: AdministratorDep,
    source: Annotated[str, Query(pattern=SOURCE_PATTERN, description="partner name")],
    fmt: Annotated[str | None, Query(alias="format", pattern="^(csv|json|yaml)$")] = None,
    kind: Annotated[str | None, Query(max_length=32, description="kind of rows that do not say")] = None,
) -> ImportReport:
    """Validates every row, upserts the good ones by (source, external_id) and reports the
    rejected ones with their reasons. A file that cannot be read as a whole is refused (422,
    naming the line or row) and changes nothing. Its size limit is MAX_IMPORT_BYTES."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _FORMATS:
        raise HTTPException(415, "send text/csv, application/json or application/x-yaml")
    fmt = fmt or _FORMATS[media]
    body = await request.body()
    try:
        rows = await run_in_threadpool(parse_payload, decode(body), fmt, kind)
    except PayloadError as error:
        raise HTTPException(422, str(error)) from error

    def run() -> ImportReport:
        report = import_rows(session, rows, source, lexicon)
        session.commit()
        return report

    return await run_in_threadpool(run)
