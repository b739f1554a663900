"""Logs never hold the user's words or sender ids (which can be phone numbers)."""

import logging
from collections.abc import Callable
from typing import Any

import pytest

from knowledge.logs import RedactQueryString
from tests.knowledge.helpers import Client

SECRET_WORDS = "Zanzibar-secret-mango-words"
PHONE = "whatsapp:+255700123456"


def test_need_text_and_sender_never_logged(
    client: Client, create_need: Callable[..., dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    need = create_need(
        sender_id=PHONE,
        problem=f"{SECRET_WORDS}: solar dryer needed",
        current_practice=SECRET_WORDS,
        desired_outcome=SECRET_WORDS,
        title=SECRET_WORDS,
    )
    reference = need["reference"]
    client.post(f"/api/needs/{reference}/matches")
    client.get(f"/api/needs/{reference}/offers")
    client.post(f"/api/needs/{reference}/referrals", json={})
    client.post("/api/needs/analyse", json={"text": SECRET_WORDS})
    client.get("/api/needs", params={"sender_id": PHONE})
    client.get(f"/api/senders/{PHONE}/data")
    client.delete(f"/api/senders/{PHONE}/data")
    # The test's own HTTP client (httpx) logs the URLs it calls: that is the caller's side.
    server_log = "\n".join(r.getMessage() for r in caplog.records if r.name != "httpx")
    assert reference in server_log  # the registry does log, by reference
    assert SECRET_WORDS not in server_log
    assert "255700123456" not in server_log


def test_access_log_query_strings_are_redacted() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/api/needs?sender_id={PHONE}", "1.1", 200),
        None,
    )
    assert RedactQueryString().filter(record)
    assert PHONE not in record.getMessage()
    assert "/api/needs?…" in record.getMessage()


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/api/senders/{PHONE}/data", "/api/senders/…/data"),
        ("/api/senders/whatsapp%3A%2B255700123456/data?x=1", "/api/senders/…/data?…"),
        ("/api/needs/TN-7KQ2M9XD4A", "/api/needs/TN-7KQ2M9XD4A"),
    ],
)
def test_access_log_sender_paths_are_redacted(path: str, logged: str) -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "DELETE", path, "1.1", 200), None,
    )
    assert RedactQueryString().filter(record)
    assert "255700123456" not in record.getMessage() and logged in record.getMessage()
