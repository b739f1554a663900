"""FastAPI dependencies. Everything comes from `app.state`, set by `create_app`, so tests
build an app with their own settings, engine and lexicon."""

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPBasic, HTTPBasicCredentials
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

_basic = HTTPBasic(auto_error=False, realm="knowledge admin")


def require_admin(
    settings: SettingsDep,
    credentials: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
) -> str:
    if not settings.admin_enabled or settings.admin_user is None or settings.admin_password is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "admin access is disabled: set ADMIN_USER and ADMIN_PASSWORD",
        )
    challenge = {"WWW-Authenticate": 'Basic realm="knowledge admin"'}
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "credentials required", challenge)
    # Both comparisons always run, in constant time, so timing says nothing about which failed.
    user_ok = secrets.compare_digest(credentials.username.encode(), settings.admin_user.encode())
    password_ok = secrets.compare_digest(
        credentials.password.encode(), settings.admin_password.get_secret_value().encode()
    )
    if not (user_ok and password_ok):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong credentials", challenge)
    return credentials.username


AdminDep = Annotated[str, Depends(require_admin)]
