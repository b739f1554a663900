"""Log privacy: pseudonyms for phone numbers and chat ids, message lengths instead of texts,
unless `DEBUG_LOG_CONTENT=1`."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from typing import Any

_HASH_KEY = secrets.token_bytes(16)


def log_content_enabled(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get("DEBUG_LOG_CONTENT", "") == "1"


def redact(value: Any, environ: Mapping[str, str] | None = None) -> str:
    """A stable pseudonym for a phone number, chat id or text, for logs.

    Keyed with LOG_HASH_KEY when set (so pseudonyms match across replicas and restarts), else with
    a random per-process key: an unkeyed hash of a phone number is reversible by enumeration.
    """
    environ = os.environ if environ is None else environ
    text = "" if value is None else str(value)
    if log_content_enabled(environ):
        return text
    configured = environ.get("LOG_HASH_KEY", "")
    key = configured.encode() if configured else _HASH_KEY
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"h:{digest[:12]}"


def describe_text(text: str | None) -> str:
    """How a message text may appear in logs: its length, or itself when debugging."""
    if text is None:
        return "<none>"
    if log_content_enabled():
        return repr(text)
    return f"<{len(text)} chars>"
