"""Keeps personal data out of logs: query strings carry sender ids, which can be phone
numbers (WhatsApp), so the access log keeps only the path."""

import logging

ACCESS_LOGGER = "uvicorn.access"


class RedactQueryString(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access record args: (client, method, path with query, http version, status)
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            if isinstance(args[2], str) and "?" in args[2]:
                args[2] = args[2].split("?", 1)[0] + "?…"
                record.args = tuple(args)
        return True


def redact_access_log_queries() -> None:
    access = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactQueryString) for f in access.filters):
        access.addFilter(RedactQueryString())
