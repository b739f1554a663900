"""Keeps personal data out of logs: sender ids, which can be phone numbers (WhatsApp), travel
in query strings and in the path of the sender-data routes, so the access log keeps neither."""

import logging
import re

ACCESS_LOGGER = "uvicorn.access"
_SENDER_PATH = re.compile(r"^(/api/senders/).+(/data)$")


def redact_path(path: str) -> str:
    bare, query = (path.split("?", 1)[0], "?…") if "?" in path else (path, "")
    return _SENDER_PATH.sub(r"\1…\2", bare) + query


class RedactQueryString(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access record args: (client, method, path with query, http version, status)
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            if isinstance(args[2], str):
                args[2] = redact_path(args[2])
                record.args = tuple(args)
        return True


def redact_access_log_queries() -> None:
    access = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactQueryString) for f in access.filters):
        access.addFilter(RedactQueryString())
