"""FastAPI dependencies. Everything comes from `app.state`, set by `create_app`, so tests
build an app with their own settings, engine and lexicon. Who may call the admin routes is
decided in knowledge/api/people.py."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from knowledge.lexicon import Lexicon
from knowledge.settings import Settings


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.session_factory() as session:
        yield session


def get_lexicon(request: Request) -> Lexicon:
    lexicon: Lexicon = request.app.state.lexicon
    return lexicon


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
LexiconDep = Annotated[Lexicon, Depends(get_lexicon)]
