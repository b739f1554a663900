"""Exports in the platform record shape, the open-data shape without personal fields, CSV
formula escaping, and the gap report (needs without a good match, by sector and country)."""

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from knowledge.auth.accounts import save_account
from knowledge.registry.exports import FULL_FIELDS, OPEN_FIELDS, escape_cell
from tests.knowledge.helpers import ADMIN, Client
from tests.knowledge.test_knowledge_dashboard import _sign_in

Payload = Callable[..., dict[str, Any]]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_and_json_in_the_platform_shape_with_formulas_escaped(
    client: Client, need_payload: Payload
) -> None:
    evil = need_payload(title='=HYPERLINK("http://evil")', problem="+1 rot", region="@home")
    client.post("/api/needs", json=evil)
    client.post("/api/needs", json=need_payload(title="Ghana cold room", country="GH", problem="-5 degrees"))
    assert client.get("/admin/export/needs.csv").status_code == 401
    _sign_in(client, *ADMIN)
    response = client.get("/admin/export/needs.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = _rows(response.text)
    assert tuple(rows[0]) == FULL_FIELDS
    assert FULL_FIELDS[:4] == ("title", "description", "sector", "country")
    first = rows[0]
    assert first["title"] == "'=HYPERLINK(\"http://evil\")" and first["description"] == "'+1 rot"
    assert first["region"] == "'@home" and first["support_sought"] == "technology;finance"
    assert rows[1]["description"] == "'-5 degrees"
    as_json = client.get("/admin/export/needs.json", params={"country": "GH"}).json()
    assert [r["title"] for r in as_json] == ["Ghana cold room"]
    assert as_json[0]["description"] == "-5 degrees"  # JSON is not a spreadsheet: kept as written
    assert client.get("/admin/export/needs.xml").status_code in (404, 422)


def test_open_data_leaves_out_personal_fields(client: Client, need_payload: Payload) -> None:
    phone = need_payload(sender_id="254700000001", channel="whatsapp", region="Makueni")
    client.post("/api/needs", json=phone)
    _sign_in(client, *ADMIN)
    text = client.get("/admin/export/open-needs.csv").text
    rows = _rows(text)
    assert tuple(rows[0]) == OPEN_FIELDS and len(rows[0]["created_month"]) == 7
    for secret in ("254700000001", "Makueni", "mangoes", "TN-", "telegram", "whatsapp"):
        assert secret not in text
    records = client.get("/admin/export/open-needs.json").json()
    assert set(records[0]) == set(OPEN_FIELDS)


def test_an_intermediary_exports_only_what_they_may_see(
    client: Client, need_payload: Payload, session: Session
) -> None:
    client.post("/api/needs", json=need_payload(title="Kenya shared"))
    client.post("/api/needs", json=need_payload(title="Ghana shared", country="GH"))
    save_account(session, "broker-ke", "a long enough password", "intermediary", ["KE"])
    session.commit()
    _sign_in(client, "broker-ke", "a long enough password")
    titles = [r["title"] for r in client.get("/admin/export/needs.json").json()]
    assert titles == ["Kenya shared"]


def test_gap_report_counts_needs_without_a_good_match(client: Client, need_payload: Payload) -> None:
    mango = client.post("/api/needs", json=need_payload()).json()
    assert client.post(f"/api/needs/{mango['reference']}/matches").status_code == 200
    odd_fields = {"problem": "Our penguins need snow machines.", "current_practice": None}
    odd_body = need_payload(title="Snow", country="GH", scale=None, desired_outcome=None, **odd_fields)
    odd = client.post("/api/needs", json=odd_body).json()
    client.post(f"/api/needs/{odd['reference']}/matches")
    never_shown = need_payload(title="Never shown", country="GH")
    client.post("/api/needs", json=never_shown)
    _sign_in(client, *ADMIN)
    report = client.get("/admin/gaps.json").json()
    assert report["needs"] == 3 and report["without_good_match"] == 2
    assert report["by_country"] == {"GH": 2}
    assert sum(p["needs"] for p in report["by_sector_and_country"]) == 2


def test_escape_cell() -> None:
    values = ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain", None, ["a", "b"])
    assert [escape_cell(v) for v in values] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "plain",
        "",
        "a;b",
    ]
    assert json.loads(json.dumps(escape_cell("é"))) == "é"


def test_chart_figures_and_page(client: Client, need_payload: Payload) -> None:
    first = client.post("/api/needs", json=need_payload()).json()
    client.post("/api/needs", json=need_payload(country="GH", language="fr"))
    referral = client.post(f"/api/needs/{first['reference']}/referrals", json={}).json()
    assert client.get("/admin/charts.json").status_code == 401
    csrf = _sign_in(client, *ADMIN)
    step = client.post(
        f"/admin/referrals/{referral['id']}",
        data={"action": "status", "status": "transferred", "csrf_token": csrf},
        headers={"origin": "http://testserver"},
    )
    assert step.status_code == 303
    data = client.get("/admin/charts.json").json()
    # No interview was started through the bot here: the funnel starts at 0 (issue 9).
    assert data["funnel"] == {"started": 0, "submitted": 2, "referred": 1, "in_progress": 1, "transferred": 1}
    assert data["by_country"] == {"KE": 1, "GH": 1} and data["by_language"] == {"en": 1, "fr": 1}
    assert sum(data["over_time"].values()) == 2 and data["by_sector"]
    assert client.get("/admin/charts.json", params={"country": "GH"}).json()["funnel"]["submitted"] == 1
    page = client.get("/admin/charts", params={"country": "GH"})
    assert page.status_code == 200
    assert '<script src="/static/vendor/chart.umd.min.js"' in page.text
    assert 'data-source="/admin/charts.json?country=GH"' in page.text
    assert "script-src 'self';" in page.headers["content-security-policy"]
