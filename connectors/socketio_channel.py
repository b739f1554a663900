"""Rasa's socket.io channel with working session persistence, sessions bound to a
server-issued secret, and browsers only from the configured web origins.

Rasa 3.6.21's ``SocketIOInput`` calls ``sio.enter_room(sid, session_id)`` without
awaiting it. On python-socketio's ``AsyncServer`` that method is a coroutine, so the
socket never joins the room named after the session, and every reply (emitted to
that room when ``session_persistence: true``) reaches nobody. It also lets any socket
join any session whose id it knows.

This subclass keeps Rasa's blueprint, event names and output channel and replaces
three handlers on the server Rasa builds:

- ``connect``: refuses a browser whose ``Origin`` is not one of ``RASA_CORS_ORIGINS``
  (connectors/web_origins.py); WebSockets are not covered by CORS, so the check is here.
  Rasa's own handler (its optional JWT check) runs after it.
- ``session_request``: hands out a signed session id (connectors/socketio_session.py) and
  resumes a session only for a client that sends back a genuine one. The socket joins the
  room named after the session's sender id (awaited) and leaves its previous session.
  Rasa's ``jwt_key`` option was not used for this: in 3.6 it only gates the connection
  (any valid token joins any session) and would need a second service to issue tokens.
- the user message event: accepted only with the signed id of a session the socket has
  joined. Rasa's handler then sees only its sender id (the tracker's key), which alone
  never opens the session. Client metadata
  (``{"language": "fr"}``) is read from ``metadata`` (Rasa's key, configurable with
  ``metadata_key``) or ``customData`` (the key the common rasa-webchat widget sends).

Registered in credentials.yml as ``connectors.socketio_channel.SocketIOChannel``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from socketio import AsyncServer

from connectors.inbound import clean_text
from connectors.process_settings import RasaProcessSettings
from connectors.socketio_session import SessionSigner
from connectors.web_origins import origin_allowed

logger = logging.getLogger(__name__)

# What rasa-webchat and older widgets call the per-message metadata.
LEGACY_METADATA_KEY = "customData"

# A widget message longer than this is not something a person typed; the NLU would still have to
# read it all (engine.io itself accepts packets up to 1 MB).
MAX_MESSAGE_CHARS = 4096
# Client metadata is copied into every stored turn: a few flat, short values (the widget sends
# `{"language": "fr"}`), never a client's whole object, however deep or large.
MAX_METADATA_KEYS = 16
MAX_METADATA_CHARS = 256
# engine.io refuses a polling body over its own limit (1,000,000 bytes) by closing the socket
# and waiting for the client to fetch the CLOSE packet: the request hangs until the ping
# timeout. Sanic's limit (MAX_BODY_BYTES, set by bot/server.py) answers 413 at once, so engine.io
# gets the same limit and never sees a body over it.

SocketHandler = Callable[[str, Any], Awaitable[None]]
ConnectHandler = Callable[[str, dict[str, Any], Any], Awaitable[bool]]


def client_metadata(data: dict[str, Any], metadata_key: str) -> dict[str, Any]:
    """Metadata a client attached to a message, as a dict (empty when unusable).

    Rasa itself passes whatever it finds on, and ``json.loads`` fails on a
    malformed string: a bad client must not break the message it came with.
    """
    raw = data.get(metadata_key)
    if raw is None:
        raw = data.get(LEGACY_METADATA_KEY)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            return {}
    if not isinstance(raw, dict):
        return {}
    kept: dict[str, Any] = {}
    for key, value in raw.items():
        if len(kept) == MAX_METADATA_KEYS:
            break
        if isinstance(value, str):
            value = clean_text(value)[:MAX_METADATA_CHARS]
        elif not (isinstance(value, (bool, int)) or value is None):
            continue  # objects, lists, floats (NaN): not metadata a widget sends
        kept[clean_text(key)[:MAX_METADATA_CHARS]] = value
    return kept


class SocketIOChannel(SocketIOInput):
    """``SocketIOInput`` whose sessions deliver replies and belong to one client."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = RasaProcessSettings.from_environ()
        self.signer = SessionSigner.from_settings(self.settings)
        self.allowed_origins = list(self.settings.cors_origins)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Build Rasa's blueprint, then replace the faulty handlers."""
        blueprint: Blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()
        sio.eio.max_http_buffer_size = self.settings.max_body_bytes
        namespace = self.namespace or "/"
        rasa_connect: ConnectHandler = sio.handlers[namespace]["connect"]
        rasa_handle_message: SocketHandler = sio.handlers[namespace][self.user_message_evt]
        sio.on("connect", self._connect(rasa_connect), namespace=namespace)
        sio.on("session_request", self._session_request(sio), namespace=namespace)
        sio.on(
            self.user_message_evt,
            self._user_message(sio, rasa_handle_message),
            namespace=namespace,
        )
        return blueprint

    def _connect(self, rasa_connect: ConnectHandler) -> ConnectHandler:
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            if not origin_allowed(environ.get("HTTP_ORIGIN"), self.allowed_origins):
                logger.warning("Refused a socket.io connection from an origin not in RASA_CORS_ORIGINS.")
                return False
            return await rasa_connect(sid, environ, auth)

        return connect

    def _session_request(self, sio: AsyncServer) -> SocketHandler:
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if self.signer.sender_of(requested) else self.signer.issue()
            if self.session_persistence:
                sender_id = self.signer.sender_of(session_id)
                # One session per socket: a widget that starts a new conversation
                # must stop receiving (and sending for) the previous one.
                for room in sio.rooms(sid, namespace=self.namespace):
                    if room not in (sid, sender_id):
                        await sio.leave_room(sid, room, namespace=self.namespace)
                await sio.enter_room(sid, sender_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            logger.debug("Socket %s joined its session.", sid)

        return session_request

    def _user_message(self, sio: AsyncServer, rasa_handle_message: SocketHandler) -> SocketHandler:
        metadata_key = self.metadata_key or "metadata"

        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                logger.warning("Ignored a socket.io message that is not an object.")
                return
            message = data.get("message")
            if not isinstance(message, str) or not message.strip() or len(message) > MAX_MESSAGE_CHARS:
                logger.warning(
                    "Ignored a socket.io message that is not text of 1-%d characters.", MAX_MESSAGE_CHARS
                )
                return
            sender_id = self.signer.sender_of(data.get("session_id"))
            if self.session_persistence and (
                sender_id is None or sender_id not in sio.rooms(sid, namespace=self.namespace)
            ):
                # Also covers messages a client flushes after reconnecting but
                # before its new socket has asked for the session again.
                logger.warning(
                    "Ignored a message from socket %s for a session it has not "
                    "joined; the client must send session_request first.",
                    sid,
                )
                return
            normalised = {
                "message": clean_text(message),  # a lone surrogate would break the tracker store
                "session_id": sender_id,
                metadata_key: client_metadata(data, metadata_key),
            }
            await rasa_handle_message(sid, normalised)

        return handle_message
