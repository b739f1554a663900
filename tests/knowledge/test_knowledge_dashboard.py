"""The intermediaries' dashboard: filters, one need with its history, and a referral's next
step, which reaches Rasa's external-event API for the user (here a recording HTTP server on
127.0.0.1 stands in for Rasa; the real round trip is in tests/e2e)."""

import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.auth.accounts import save_account
from knowledge.models import Referral, ReferralEvent, ServiceProvider, Technology
from knowledge.settings import Settings
from tests.knowledge.helpers import ADMIN, Client

ORIGIN = {"origin": "http://testserver"}
BROKER = ("broker-ke", "a long enough password")
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
RASA_TOKEN = "rasa-token-for-tests-123"


def _sign_in(client: Client, username: str, password: str) -> str:
    form = client.get("/admin/login")
    token = _TOKEN.search(form.text)
    assert token
    done = client.post(
        "/admin/login",
        data={"csrf_token": token.group(1), "username": username, "password": password},
        headers=ORIGIN,
    )
    assert done.status_code == 303, done.text
    page = client.get("/admin")  # its sign-out form carries the session's CSRF token
    assert page.status_code == 200
    csrf = _TOKEN.search(page.text)
    assert csrf
    return csrf.group(1)


class FakeRasa:
    """Records the external events the dashboard sends."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length", 0))
                owner.calls.append((self.path, json.loads(self.rfile.read(length))))
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def dash(make_client: Callable[..., Client], settings: Settings, rasa: FakeRasa) -> Client:
    return make_client(
        settings.model_copy(update={"rasa_url": rasa.url, "rasa_auth_token": SecretStr(RASA_TOKEN)})
    )


def _need(client: Client, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/needs", json=payload)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_filters_and_what_an_intermediary_may_see(
    dash: Client, need_payload: Callable[..., dict[str, Any]], session: Session
) -> None:
    _need(dash, need_payload(title="Kenya mango dryer", country="KE", language="sw"))
    _need(dash, need_payload(title="Kenya private", country="KE", consent_share=False))
    _need(dash, need_payload(title="Ghana cold room", country="GH", org_type="sme"))
    save_account(session, BROKER[0], BROKER[1], "intermediary", ["KE"])
    session.commit()
    _sign_in(dash, *ADMIN)
    everything = dash.get("/admin/needs").text
    assert all(t in everything for t in ("Kenya mango dryer", "Kenya private", "Ghana cold room"))
    by_country = dash.get("/admin/needs", params={"country": "gh"}).text
    assert "Ghana cold room" in by_country and "Kenya" not in by_country.split("<table")[-1]
    by_language = dash.get("/admin/needs", params={"language": "sw", "since": "2000-01-01"}).text
    assert "Kenya mango dryer" in by_language and "Ghana cold room" not in by_language
    by_org = dash.get("/admin/needs", params={"org_type": "sme", "until": "2000-01-01"}).text
    assert "No needs match" in by_org
    assert dash.get("/admin/needs", params={"sector": "bananas"}).status_code == 400
    assert dash.get("/admin/needs", params={"since": "yesterday"}).status_code == 400

    broker = dash  # the same app, another person: sign out by signing in again as the broker
    _sign_in(broker, *BROKER)
    page = broker.get("/admin/needs").text
    assert "Kenya mango dryer" in page
    assert "Kenya private" not in page and "Ghana cold room" not in page


def test_open_a_need_and_change_its_referral_the_user_hears_back(
    dash: Client, need_payload: Callable[..., dict[str, Any]], session: Session, rasa: FakeRasa
) -> None:
    need = _need(dash, need_payload(sender_id="telegram:777", language="fr", title="Séchoir solaire"))
    reference = need["reference"]
    first = dash.post(f"/api/needs/{reference}/matches").json()["items"][0]
    assert first["kind"] == "technology"
    technology = session.get(Technology, first["id"])
    assert technology is not None
    shown = technology.name  # staff see the catalogue's own name, the user saw it in French
    referral = dash.post(f"/api/needs/{reference}/referrals", json={}).json()
    csrf = _sign_in(dash, *ADMIN)
    page = dash.get(f"/admin/needs/{reference}")
    assert page.status_code == 200
    assert "We lose half of our mangoes" in page.text and "Séchoir solaire" in page.text
    assert shown in page.text  # what the user was shown
    assert "telegram:777" not in page.text  # never the sender id
    assert "script-src 'self';" in page.headers["content-security-policy"]

    url = f"/admin/referrals/{referral['id']}"
    # No CSRF token, or another site: refused, nothing changes, nobody is told.
    assert dash.post(url, data={"action": "accept"}, headers=ORIGIN).status_code == 403
    refused = dash.post(
        url, data={"action": "accept", "csrf_token": csrf}, headers={"origin": "https://evil.example"}
    )
    assert refused.status_code == 403 and rasa.calls == []

    step = dash.post(
        url,
        data={"action": "status", "status": "in_progress", "comment": "Visit planned", "csrf_token": csrf},
        headers=ORIGIN,
    )
    assert step.status_code == 303 and step.headers["location"] == f"/admin/needs/{reference}"
    assigned = dash.post(url, data={"action": "assign", "csrf_token": csrf}, headers=ORIGIN)
    assert assigned.status_code == 303
    assert len(rasa.calls) == 1  # assigning is not news for the user
    path, body = rasa.calls[0]
    assert path == f"/conversations/telegram%3A777/trigger_intent?token={RASA_TOKEN}&output_channel=latest"
    assert body == {
        "name": "EXTERNAL_referral_update",
        "entities": {"need_reference": reference, "referral_status": "in_progress"},
    }
    session.expire_all()
    stored = session.get(Referral, referral["id"])
    assert stored is not None and stored.status == "in_progress" and stored.assignee_id is not None
    history = session.scalars(
        select(ReferralEvent).where(ReferralEvent.referral_id == stored.id).order_by(ReferralEvent.id)
    ).all()
    assert [(e.status, e.actor) for e in history] == [
        ("new", "assistant"),
        ("in_progress", ADMIN[0]),
        ("in_progress", ADMIN[0]),
    ]
    assert history[1].comment == "Visit planned"
    again = dash.get(f"/admin/needs/{reference}").text
    assert "Visit planned" in again and "Assigned to admin" in again

    bad = dash.post(url, data={"action": "status", "status": "done", "csrf_token": csrf}, headers=ORIGIN)
    assert bad.status_code == 400


def test_an_intermediary_cannot_open_or_change_what_is_not_theirs(
    dash: Client, need_payload: Callable[..., dict[str, Any]], session: Session, rasa: FakeRasa
) -> None:
    ghana = _need(dash, need_payload(country="GH"))
    kipi = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kipi"))
    assert kipi is not None
    referral = dash.post(
        f"/api/needs/{ghana['reference']}/referrals", json={"service_provider_id": kipi.id}
    ).json()
    save_account(session, BROKER[0], BROKER[1], "intermediary", ["KE"])
    session.commit()
    csrf = _sign_in(dash, *BROKER)
    assert dash.get(f"/admin/needs/{ghana['reference']}").status_code == 404
    step = dash.post(
        f"/admin/referrals/{referral['id']}",
        data={"action": "decline", "csrf_token": csrf},
        headers=ORIGIN,
    )
    assert step.status_code == 404 and rasa.calls == []


def test_signed_out_visitors_are_sent_to_the_login(dash: Client) -> None:
    response = dash.get("/admin/needs")
    assert response.status_code == 303 and response.headers["location"] == "/admin/login"
    assert dash.post("/admin/referrals/1", data={"action": "accept"}, headers=ORIGIN).status_code == 401
