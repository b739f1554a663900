"""Web chat session ids the server issues and can recognise again.

A web chat session id used to be a bare random id: whoever learned it (a leaked needs row, a
log line, a shared screen) could join the session and read the replies. Now the server hands
out ``<sender id>.<signature>``, the signature an HMAC-SHA256 of the sender id under a secret
only the Rasa server holds. A socket resumes a session only by presenting the whole signed id
it was given, so knowing the sender id (the tracker's key, stored with the user's needs) is not
enough.

The secret comes from ``SOCKETIO_SESSION_SECRET``; deploy/stack.py keeps one in the data
directory so sessions survive a restart. Unset, a random secret per process is used: sessions
then end when Rasa restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import uuid
from typing import Any

from connectors.process_settings import SECRET_ENV, RasaProcessSettings

logger = logging.getLogger(__name__)

MIN_SECRET_CHARS = 32
# Domain separation: the same secret must never sign anything else into a valid session.
_PURPOSE = b"tna-socketio-session-v1:"
_SIGNED_ID = re.compile(r"([0-9a-f]{32})\.([0-9a-f]{64})")


class SessionSigner:
    """Issues signed session ids and returns the sender id of a genuine one."""

    def __init__(self, secret: str | bytes) -> None:
        key = secret.encode() if isinstance(secret, str) else secret
        if len(key) < MIN_SECRET_CHARS:
            raise ValueError(
                f"{SECRET_ENV} must be at least {MIN_SECRET_CHARS} characters (e.g. `openssl rand -hex 32`)"
            )
        self._key = key

    @classmethod
    def from_settings(cls, settings: RasaProcessSettings) -> SessionSigner:
        secret = settings.socketio_session_secret
        if not secret:
            logger.warning(
                "%s is unset: web chat sessions end when Rasa restarts and cannot be shared "
                "between Rasa replicas.",
                SECRET_ENV,
            )
            return cls(secrets.token_bytes(32))
        return cls(secret)

    def issue(self) -> str:
        """A new session id: a random sender id and its signature."""
        sender_id = uuid.uuid4().hex
        return f"{sender_id}.{self._sign(sender_id)}"

    def sender_of(self, session_id: Any) -> str | None:
        """The sender id inside ``session_id`` if this server signed it, else None."""
        match = _SIGNED_ID.fullmatch(session_id) if isinstance(session_id, str) else None
        if match is None:
            return None
        sender_id, signature = match.groups()
        if not hmac.compare_digest(signature, self._sign(sender_id)):
            return None
        return sender_id

    def _sign(self, sender_id: str) -> str:
        return hmac.new(self._key, _PURPOSE + sender_id.encode(), hashlib.sha256).hexdigest()
