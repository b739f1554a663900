"""The Rasa process's own settings, read once from the environment and checked (the channels'
tokens are in their own settings objects: connectors/telegram/settings.py and
connectors/whatsapp/settings.py). `bot.server` reads them before Rasa starts, so a bad value
stops the start with a clear message; the socket.io channel reads the same object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from connectors.web_origins import ORIGINS_ENV, parse_origins

TOKEN_ENV = "RASA_AUTH_TOKEN"
BODY_LIMIT_ENV = "MAX_BODY_BYTES"
SECRET_ENV = "SOCKETIO_SESSION_SECRET"
DEFAULT_BODY_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class RasaProcessSettings:
    auth_token: str = field(default="", repr=False)
    # Origins of the pages that embed the widget: Rasa's CORS headers and the socket.io check.
    cors_origins: tuple[str, ...] = ()
    # Largest request body Sanic and engine.io read (413 beyond it).
    max_body_bytes: int = DEFAULT_BODY_LIMIT
    # Signs web chat session ids; empty: a random key per process (sessions end at a restart).
    socketio_session_secret: str = field(default="", repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> RasaProcessSettings:
        env = os.environ if environ is None else environ
        raw = env.get(BODY_LIMIT_ENV, "").strip()
        if raw and (not (raw.isascii() and raw.isdigit()) or int(raw) <= 0):
            raise ValueError(f"{BODY_LIMIT_ENV} must be a positive whole number of bytes")
        return cls(
            auth_token=env.get(TOKEN_ENV, ""),
            cors_origins=tuple(parse_origins(env.get(ORIGINS_ENV, ""))),
            max_body_bytes=int(raw) if raw else DEFAULT_BODY_LIMIT,
            socketio_session_secret=env.get(SECRET_ENV, ""),
        )
