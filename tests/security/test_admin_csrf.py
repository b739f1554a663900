"""Finding 10: the catalogue import accepted a text/plain body (which any web page can make a
browser send, cross-site, with the admin's credentials). Now the import takes only its own
media types, every state-changing admin request must come from this site (Origin, Referer,
Sec-Fetch-Site), and a cookie-authenticated one must carry the session's CSRF token."""

from typing import Any

import pytest

from tests.security.admin_helpers import ORIGIN, form_token, sign_in
from tests.security.knowledge_app import ADMIN, Client

IMPORT = "/api/catalogue/import"
ROWS = (
    b'[{"external_id": "c1", "name": "N", "summary": "S", "provider": "P", "regions": ["global"],'
    b' "illustrative": true, "languages": ["sw"]}]'
)


def _import(client: Client, media: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
    return client.post(
        IMPORT,
        params={"source": "partner-c", "kind": "training", "format": "json"},
        content=ROWS,
        headers={"content-type": media, **(headers or {})},
        **kwargs,
    )


@pytest.mark.parametrize("media", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_finding_10_the_import_refuses_what_a_cross_site_form_can_send(
    knowledge_client: Client, media: str
) -> None:
    assert _import(knowledge_client, media, auth=ADMIN).status_code == 415


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"referer": "https://evil.example/page.html"},
        {"sec-fetch-site": "cross-site"},
    ],
)
def test_finding_10_cross_site_posts_are_refused(knowledge_client: Client, headers: dict[str, str]) -> None:
    response = _import(knowledge_client, "application/json", headers, auth=ADMIN)
    assert response.status_code == 403
    assert "cross-site" in response.json()["detail"]


def test_behind_a_proxy_the_forwarded_host_counts_as_this_site(knowledge_client: Client) -> None:
    headers = {"origin": "https://needs.example.org", "x-forwarded-host": "needs.example.org"}
    assert _import(knowledge_client, "application/json", headers, auth=ADMIN).status_code == 200


def test_a_script_with_basic_credentials_and_no_origin_may_import(knowledge_client: Client) -> None:
    response = _import(knowledge_client, "application/json", auth=ADMIN)
    assert response.status_code == 200 and response.json()["created"] == 1


def test_a_signed_in_browser_needs_the_csrf_token_to_import(knowledge_client: Client) -> None:
    assert sign_in(knowledge_client, *ADMIN).status_code == 303
    assert _import(knowledge_client, "application/json", ORIGIN).status_code == 403
    wrong = {**ORIGIN, "x-csrf-token": "guess"}
    assert _import(knowledge_client, "application/json", wrong).status_code == 403
    token = form_token(knowledge_client.get("/admin").text)
    right = {**ORIGIN, "x-csrf-token": token}
    assert _import(knowledge_client, "application/json", right).status_code == 200


def test_the_login_form_needs_its_csrf_token(knowledge_client: Client) -> None:
    knowledge_client.get("/admin/login")
    data = {"csrf_token": "forged", "username": ADMIN[0], "password": ADMIN[1]}
    assert knowledge_client.post("/admin/login", data=data, headers=ORIGIN).status_code == 403
    cross = knowledge_client.post("/admin/login", data=data, headers={"origin": "https://evil.example"})
    assert cross.status_code == 403


def test_signing_out_ends_the_session(knowledge_client: Client) -> None:
    assert sign_in(knowledge_client, *ADMIN).status_code == 303
    page = knowledge_client.get("/admin")
    assert page.status_code == 200
    session_cookie = knowledge_client.cookie("knowledge_session")
    assert session_cookie
    forged = knowledge_client.post("/admin/logout", data={"csrf_token": "forged"}, headers=ORIGIN)
    assert forged.status_code == 403
    out = knowledge_client.post("/admin/logout", data={"csrf_token": form_token(page.text)}, headers=ORIGIN)
    assert out.status_code == 303
    # The old cookie, replayed, opens nothing: the session is gone from the database.
    assert knowledge_client.cookie("knowledge_session") is None
    knowledge_client.set_cookie("knowledge_session", session_cookie)
    replay = knowledge_client.get("/admin")
    assert replay.status_code == 303 and replay.headers["location"] == "/admin/login"
