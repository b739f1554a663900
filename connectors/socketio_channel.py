"""Rasa's socket.io channel with working session persistence.

Rasa 3.6.21's ``SocketIOInput`` calls ``sio.enter_room(sid, session_id)`` without
awaiting it. On python-socketio's ``AsyncServer`` that method is a coroutine, so the
socket never joins the room named after the session, and every reply (emitted to
that room when ``session_persistence: true``) reaches nobody.

This subclass keeps Rasa's blueprint, event names and output channel and replaces
only two handlers on the server Rasa builds:

- ``session_request``: awaits ``enter_room``, leaves the socket's previous session
  room, and accepts a client's stored session id only when it looks like one we
  hand out (a client could otherwise pick a room name such as another socket's sid).
- the user message event: normalises the payload and hands it to Rasa's own
  handler. Client metadata (``{"language": "fr"}``) is read from ``metadata``
  (Rasa's key, configurable with ``metadata_key``) or ``customData`` (the key the
  common rasa-webchat widget sends). With session persistence, a socket may only
  speak for a session it has joined through ``session_request``.

Registered in credentials.yml as ``connectors.socketio_channel.SocketIOChannel``.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from socketio import AsyncServer

logger = logging.getLogger(__name__)

# What rasa-webchat and older widgets call the per-message metadata.
LEGACY_METADATA_KEY = "customData"

# uuid4().hex, as issued here and by Rasa. Socket ids (20 characters of
# base64url) never match, so a client cannot ask for another socket's room.
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")

SocketHandler = Callable[[str, Any], Awaitable[None]]


def valid_session_id(candidate: Any) -> str | None:
    """Return the client's session id when it is acceptable, else None."""
    if isinstance(candidate, str) and _SESSION_ID.match(candidate):
        return candidate
    return None


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
        except ValueError:
            return {}
    return dict(raw) if isinstance(raw, dict) else {}


class SocketIOChannel(SocketIOInput):
    """``SocketIOInput`` whose session persistence delivers replies."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Build Rasa's blueprint, then replace the two faulty handlers."""
        blueprint: Blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()
        namespace = self.namespace or "/"
        rasa_handle_message: SocketHandler = sio.handlers[namespace][self.user_message_evt]
        sio.on("session_request", self._session_request(sio), namespace=namespace)
        sio.on(
            self.user_message_evt,
            self._user_message(sio, rasa_handle_message),
            namespace=namespace,
        )
        return blueprint

    def _session_request(self, sio: AsyncServer) -> SocketHandler:
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = valid_session_id(requested) or uuid.uuid4().hex
            if self.session_persistence:
                # One session per socket: a widget that starts a new conversation
                # must stop receiving (and sending for) the previous one.
                for room in sio.rooms(sid, namespace=self.namespace):
                    if room not in (sid, session_id):
                        await sio.leave_room(sid, room, namespace=self.namespace)
                await sio.enter_room(sid, session_id, namespace=self.namespace)
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
            normalised = {
                "message": message if isinstance(message, str) else "",
                "session_id": data.get("session_id"),
                metadata_key: client_metadata(data, metadata_key),
            }
            if self.session_persistence and normalised["session_id"] not in sio.rooms(
                sid, namespace=self.namespace
            ):
                # Also covers messages a client flushes after reconnecting but
                # before its new socket has asked for the session again.
                logger.warning(
                    "Ignored a message from socket %s for a session it has not "
                    "joined; the client must send session_request first.",
                    sid,
                )
                return
            await rasa_handle_message(sid, normalised)

        return handle_message
