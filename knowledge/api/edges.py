"""The app's edges, outermost first: security headers on every answer (413s included), the
body limit, then the strict JSON check (which buffers, so it must come after the limit)."""

from typing import TypedDict

from fastapi import FastAPI

from knowledge.api.body_limit import BodyLimitMiddleware
from knowledge.api.security_headers import SecurityHeadersMiddleware
from knowledge.api.strict_json import StrictJSONMiddleware
from knowledge.settings import Settings

IMPORT_PATH = "/api/catalogue/import"


class DocsUrls(TypedDict):
    docs_url: str | None
    redoc_url: str | None
    openapi_url: str | None


def docs_urls(settings: Settings) -> DocsUrls:
    """FastAPI's docs_url, redoc_url and openapi_url: all off unless KNOWLEDGE_DOCS."""
    if settings.knowledge_docs:
        return {"docs_url": "/docs", "redoc_url": "/redoc", "openapi_url": "/openapi.json"}
    return {"docs_url": None, "redoc_url": None, "openapi_url": None}


def install_edges(app: FastAPI, settings: Settings) -> None:
    # add_middleware wraps what is there: the last one added is the outermost.
    app.add_middleware(StrictJSONMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        per_path={IMPORT_PATH: settings.max_import_bytes},
    )
    docs = ("/docs", "/redoc") if settings.knowledge_docs else ()
    app.add_middleware(SecurityHeadersMiddleware, docs_paths=docs)
