"""The action server's HTTP client never logs request lines (they carry sender ids) unless
DEBUG_LOG_CONTENT=1."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from actions.log_privacy import HTTP_CLIENT_LOGGERS, quiet_http_client_logs


@pytest.fixture(autouse=True)
def restore_levels() -> Iterator[None]:
    levels = {name: logging.getLogger(name).level for name in HTTP_CLIENT_LOGGERS}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_request_lines_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger("httpx").setLevel(logging.INFO)
    quiet_http_client_logs({})
    with caplog.at_level(logging.INFO):
        logging.getLogger("httpx").info("HTTP Request: GET /api/needs?sender_id=254712345678")
    assert "254712345678" not in caplog.text


def test_debug_log_content_keeps_them() -> None:
    logging.getLogger("httpx").setLevel(logging.INFO)
    quiet_http_client_logs({"DEBUG_LOG_CONTENT": "1"})
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.INFO
