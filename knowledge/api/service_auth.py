"""The service credential of the internal face: only the action server holds it.

Needs, matches, referrals and sender data hold people's words and their phone numbers, and the
same app serves the public web page, so every internal route requires
`Authorization: Bearer <KNOWLEDGE_SERVICE_TOKEN>`. With the setting unset the internal face is
closed (503), never open.
"""

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from knowledge.api.deps import SettingsDep

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ServiceToken",
    description="KNOWLEDGE_SERVICE_TOKEN, held by the action server",
)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="knowledge internal"'}


def require_service(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    token = settings.knowledge_service_token
    if token is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "the internal API is off: KNOWLEDGE_SERVICE_TOKEN is not set",
        )
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "service token required", _CHALLENGE)
    # Bytes, not str: compare_digest refuses non-ASCII str, and a header may hold any byte.
    if not hmac.compare_digest(
        credentials.credentials.encode("utf-8", "surrogateescape"),
        token.get_secret_value().encode("utf-8", "surrogateescape"),
    ):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong service token", _CHALLENGE)
