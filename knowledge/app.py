"""The Knowledge API application factory.

    uvicorn knowledge.app:create_app --factory --port 8000

Settings come from the environment (knowledge/settings.py); tests pass their own.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import inspect

from knowledge.api.edges import docs_urls, install_edges
from knowledge.api.errors import install_error_handlers
from knowledge.api.faces import internal_router, public_router
from knowledge.api.people import bootstrap
from knowledge.api.routes import web
from knowledge.db import create_db_engine, create_session_factory
from knowledge.lexicon import Lexicon, get_lexicon
from knowledge.logs import redact_access_log_queries
from knowledge.notify.follow_ups import follow_up_loop
from knowledge.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def start_follow_ups(app: FastAPI, settings: Settings) -> "asyncio.Task[None] | None":
    """The follow-up sender, when follow-ups are on and Rasa is reachable."""
    if settings.follow_up_days <= 0 or not settings.rasa_url:
        return None
    return asyncio.create_task(follow_up_loop(app.state.session_factory, settings))


def create_app(settings: Settings | None = None, *, lexicon: Lexicon | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = create_db_engine(settings.knowledge_database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not inspect(engine).has_table("needs"):
            logger.warning(
                "knowledge database is not initialised: run `python -m knowledge.cli init-db`"
            )
        if not settings.admin_enabled:
            logger.warning("ADMIN_USER/ADMIN_PASSWORD not set: only users added with the CLI can sign in")
        bootstrap(app)
        if settings.knowledge_service_token is None:
            logger.warning("KNOWLEDGE_SERVICE_TOKEN not set: the internal API (needs, matches) is off")
        follow_ups = start_follow_ups(app, settings)
        yield
        if follow_ups is not None:
            follow_ups.cancel()
        engine.dispose()

    app = FastAPI(
        title="Technology needs – Knowledge API",
        version="1.0.0",
        summary="Catalogue, matching, needs registry and referrals for the assistant.",
        lifespan=lifespan,
        **docs_urls(settings),
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = create_session_factory(engine)
    app.state.lexicon = lexicon or get_lexicon()
    install_error_handlers(app)
    install_edges(app, settings)
    app.include_router(public_router())
    app.include_router(internal_router())
    app.mount(
        "/static",
        web.OptionalStaticFiles(directory=settings.knowledge_web_dir / "static", check_dir=False),
        name="static",
    )
    redact_access_log_queries()
    return app
