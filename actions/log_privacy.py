"""Keeps sender ids out of the action server's log.

httpx logs every request line at INFO ("HTTP Request: GET http://…/api/needs?sender_id=…"), and
the knowledge API's URLs carry the sender id, which on WhatsApp is the user's phone number. Unless
`DEBUG_LOG_CONTENT=1`, the HTTP client libraries log warnings and errors only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from connectors.log_privacy import log_content_enabled

HTTP_CLIENT_LOGGERS = ("httpx", "httpcore")


def quiet_http_client_logs(environ: Mapping[str, str] | None = None) -> None:
    if log_content_enabled(environ):
        return
    for name in HTTP_CLIENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
