"""Health, OpenAPI docs, the web page and its assets, and the admin dashboard."""

from collections.abc import Callable
from html import escape as html_escape
from pathlib import Path

import pytest

from knowledge.settings import Settings
from tests.knowledge.helpers import ADMIN, Client


def test_health(client: Client) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_openapi_docs_only_when_switched_on(
    client: Client, make_client: Callable[[Settings], Client], settings: Settings
) -> None:
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(path).status_code == 404
    client = make_client(settings.model_copy(update={"knowledge_docs": True}))
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/needs",
        "/api/needs/analyse",
        "/api/needs/{reference}",
        "/api/needs/{reference}/matches",
        "/api/needs/{reference}/offers",
        "/api/needs/{reference}/referrals",
        "/api/technologies",
        "/api/finance-offers",
        "/api/training-offers",
        "/api/service-providers",
        "/api/catalogue/import",
    ):
        assert path in paths


def test_web_page_gets_the_rasa_url(client: Client, web_dir: Path) -> None:
    web_dir.mkdir()
    (web_dir / "index.html").write_text(
        '<html><script>const RASA = "{{RASA_URL}}";</script></html>', encoding="utf-8"
    )
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'const RASA = "https://chat.example.org";' in response.text
    assert "{{RASA_URL}}" not in response.text


def test_web_page_and_assets_missing_are_404(client: Client) -> None:
    assert client.get("/").status_code == 404
    assert client.get("/static/widget.js").status_code == 404


def test_static_assets_served(client: Client, web_dir: Path) -> None:
    (web_dir / "static").mkdir(parents=True)
    (web_dir / "static" / "widget.js").write_text("console.log('hi');", encoding="utf-8")
    response = client.get("/static/widget.js")
    assert response.status_code == 200 and response.text == "console.log('hi');"
    assert client.get("/static/other.js").status_code == 404
    assert client.get("/static/../index.html").status_code == 404


def test_rasa_url_must_be_plain() -> None:
    with pytest.raises(ValueError):
        Settings(rasa_public_url='http://x"/><script>')
    with pytest.raises(ValueError):
        Settings(rasa_public_url="javascript:alert(1)")
    assert (
        Settings(rasa_public_url="https://bot.example.org/").rasa_public_url
        == "https://bot.example.org"
    )


def test_admin_dashboard_lists_needs_and_referrals(
    client: Client, create_need: Callable[..., dict]
) -> None:
    need = create_need(title="<script>alert('x')</script> Dryer")
    referral = client.post(f"/api/needs/{need['reference']}/referrals", json={}).json()
    response = client.get("/admin", auth=ADMIN)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert need["reference"] in html
    assert html_escape(referral["provider"]["name"]) in html
    assert "referred" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "technologies" in html


@pytest.mark.parametrize("auth", [("admin", "nope"), ("someone", ADMIN[1])])
def test_admin_dashboard_refuses_bad_credentials(
    client: Client, auth: tuple[str, str] | None
) -> None:
    response = client.get("/admin", auth=auth)
    assert response.status_code == 401
    assert "TN-" not in response.text


def test_admin_dashboard_sends_strangers_to_the_login_form(client: Client) -> None:
    response = client.get("/admin")
    assert response.status_code == 303 and response.headers["location"] == "/admin/login"


def test_admin_dashboard_off_without_configuration(
    make_client: Callable[[Settings], Client], settings: Settings
) -> None:
    client = make_client(settings.model_copy(update={"admin_password": None}))
    assert client.get("/admin", auth=ADMIN).status_code == 403
