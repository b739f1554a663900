"""Which web pages may talk to the Rasa server from a browser.

One setting, ``RASA_CORS_ORIGINS``: the origins (``scheme://host[:port]``) of the pages that
embed the chat widget, separated by spaces or commas. It feeds both Rasa's HTTP CORS headers
(``--cors``, through bot/server.py) and the socket.io channel's check of the ``Origin`` of a
connecting browser, which CORS does not cover for WebSockets. Unset or empty, no other origin
is allowed. ``*`` allows every origin and is meant for local experiments only.
"""

from __future__ import annotations

import re

ORIGINS_ENV = "RASA_CORS_ORIGINS"
ANY_ORIGIN = "*"


def parse_origins(raw: str) -> list[str]:
    """The allowed origins, without trailing slashes (browsers send none)."""
    return [origin.rstrip("/") for origin in re.split(r"[\s,]+", raw) if origin]


def origin_allowed(origin: str | None, allowed: list[str]) -> bool:
    """A request without an Origin header is not from a browser page: CORS is no concern."""
    if not origin:
        return True
    return ANY_ORIGIN in allowed or origin in allowed
