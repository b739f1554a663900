"""Finding 10: no Content-Security-Policy or X-Frame-Options, and /docs public. Now every
answer carries the security headers; the web page's policy lets it load only its own scripts
and talk only to itself and Rasa; the API docs are off unless KNOWLEDGE_DOCS is set."""

from typing import Any

import pytest

from knowledge.settings import Settings
from tests.security.knowledge_app import Client


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (item.split() for item in policy.split(";") if item.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize(
    "path", ["/", "/health", "/api/technologies", "/static/widget.js", "/admin/login", "/nowhere"]
)
def test_finding_10_every_answer_has_the_security_headers(knowledge_client: Client, path: str) -> None:
    headers = knowledge_client.get(path).headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    policy = _directives(headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]


def test_finding_10_the_web_page_may_run_only_its_own_scripts(knowledge_client: Client) -> None:
    response = knowledge_client.get("/")
    assert response.status_code == 200
    policy = _directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert any(source.startswith("'sha256-") for source in policy["style-src"])  # its <style>
    assert policy["connect-src"] == ["'self'", "https://chat.example.org", "wss://chat.example.org"]
    assert policy["object-src"] == ["'none'"]
    assert '<script src="/static/widget.js"' in response.text


def test_the_widget_script_stays_embeddable_by_other_sites(knowledge_client: Client) -> None:
    response = knowledge_client.get("/static/widget.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]  # nosniff needs the right type
    assert "cross-origin-resource-policy" not in response.headers


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_finding_10_api_docs_are_off_by_default(knowledge_client: Client, path: str) -> None:
    assert knowledge_client.get(path).status_code == 404


def test_api_docs_when_switched_on(make_knowledge_client: Any, knowledge_settings: Settings) -> None:
    client = make_knowledge_client(Settings(**{**knowledge_settings.model_dump(), "knowledge_docs": True}))
    assert client.get("/openapi.json").status_code == 200
    assert "cdn.jsdelivr.net" in client.get("/docs").headers["content-security-policy"]
