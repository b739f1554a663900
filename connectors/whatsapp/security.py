"""Webhook authentication for the WhatsApp Cloud API, in constant time. Pure functions."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_PREFIX = "sha256="


def expected_signature(app_secret: str, raw_body: bytes) -> str:
    digest = hmac.new(app_secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def signature_is_valid(app_secret: str, raw_body: bytes, header: str | None) -> bool:
    """Checks `sha256=<hex HMAC-SHA256 of the raw body keyed with the app secret>`.

    Must run on the bytes as received, before any JSON parsing: re-serialized JSON would not
    match byte for byte.
    """
    if not app_secret or not header:
        return False
    presented = header.strip().lower()
    return hmac.compare_digest(
        presented.encode("ascii", "replace"), expected_signature(app_secret, raw_body).encode()
    )


def subscription_challenge(verify_token: str, query: Mapping[str, str]) -> str | None:
    """The `hub.challenge` to echo for a genuine subscription check, else None."""
    if not verify_token or query.get("hub.mode") != "subscribe":
        return None
    presented = query.get("hub.verify_token") or ""
    if not hmac.compare_digest(presented.encode("utf-8"), verify_token.encode("utf-8")):
        return None
    return query.get("hub.challenge") or None
