"""Signing in through the admin login form, as a browser does (cookies kept by the client)."""

import re
from typing import Any

from tests.security.knowledge_app import Client

ORIGIN = {"origin": "http://testserver"}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: Client, username: str, password: str) -> Any:
    form = client.get("/admin/login")
    assert form.status_code == 200, form.status_code
    data = {"csrf_token": form_token(form.text), "username": username, "password": password}
    return client.post("/admin/login", data=data, headers=ORIGIN)
