"""Matches, offers and referrals routes."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import Match, Referral, ServiceProvider
from tests.knowledge.helpers import Client

NeedFactory = Callable[..., dict[str, Any]]
RESULT_KEYS = {
    "kind",
    "id",
    "name",
    "provider",
    "summary",
    "url",
    "illustrative",
    "language",
    "translated",
    "score",
    "reasons",
    "category",
    "checked",
    "availability",
    "deadline",
    "application_languages",
}


def test_matches_are_ranked_paginated_and_recorded(
    client: Client, create_need: NeedFactory, session: Session
) -> None:
    need = create_need()
    reference = need["reference"]
    first = client.post(f"/api/needs/{reference}/matches")
    assert first.status_code == 200
    page = first.json()
    assert page["total"] > 3 and len(page["items"]) == 3
    top = page["items"][0]
    assert set(top) == RESULT_KEYS
    assert top["kind"] == "technology" and top["name"].startswith("Solar mango dryer")
    assert top["illustrative"] is False and top["language"] == "en" and top["translated"] is False
    codes = [r["code"] for r in top["reasons"]]
    assert codes[0] == "concept" and "country" in codes and "budget" in codes
    assert {"code": "country", "params": {"country": "Kenya"}} in top["reasons"]

    more = client.post(f"/api/needs/{reference}/matches", params={"offset": 3, "limit": 3}).json()
    assert more["total"] == page["total"]
    assert not {i["id"] for i in more["items"]} & {i["id"] for i in page["items"]}
    assert more["items"][0]["score"] <= page["items"][-1]["score"]

    shown = session.scalars(select(Match).order_by(Match.rank)).all()
    assert [m.rank for m in shown] == [1, 2, 3, 4, 5, 6]
    assert shown[0].item_id == top["id"] and shown[0].item_kind == "technology"
    assert shown[0].reasons == top["reasons"]
    assert client.get(f"/api/needs/{reference}").json()["status"] == "matched"
    # Showing the same pages again records nothing more: an item is recorded once per need.
    again = client.post(f"/api/needs/{reference}/matches", params={"limit": 6}).json()
    assert again["items"][:3] == page["items"] and again["items"][3:] == more["items"]
    assert [m.id for m in session.scalars(select(Match).order_by(Match.rank))] == [m.id for m in shown]


def test_reading_matches_writes_nothing(
    client: Client, create_need: NeedFactory, session: Session
) -> None:
    need = create_need()
    for offset in (0, 3, 0):
        page = client.get(f"/api/needs/{need['reference']}/matches", params={"offset": offset})
        assert page.status_code == 200 and len(page.json()["items"]) == 3
    assert session.scalars(select(Match)).all() == []
    assert client.get(f"/api/needs/{need['reference']}").json()["status"] == "submitted"


def test_matches_in_another_language(client: Client, create_need: NeedFactory) -> None:
    need = create_need()
    page = client.get(f"/api/needs/{need['reference']}/matches", params={"language": "sw"}).json()
    top = page["items"][0]
    assert top["language"] == "sw" and top["translated"] is True
    assert {"code": "concept", "params": {"concept": "kukausha kwa jua"}} in top["reasons"]


def test_matches_default_to_the_need_language(client: Client, create_need: NeedFactory) -> None:
    need = create_need(language="fr", problem="séchage solaire des mangues", title="Séchage")
    top = client.get(f"/api/needs/{need['reference']}/matches").json()["items"][0]
    assert top["language"] == "fr" and top["name"].startswith("Séchoir solaire")


def test_matches_errors(client: Client, create_need: NeedFactory) -> None:
    assert client.get("/api/needs/TN-999999/matches").status_code == 404
    assert client.post("/api/needs/TN-999999/matches").status_code == 404
    need = create_need()
    for params in (
        {"limit": 0},
        {"limit": 51},
        {"offset": -1},
        {"language": "French"},
        {"language": "en-" + "a" * 14},  # 17 characters: longer than the column
    ):
        for method in ("GET", "POST"):
            url = f"/api/needs/{need['reference']}/matches"
            assert client.request(method, url, params=params).status_code == 422


def test_past_the_last_page_is_empty_and_keeps_status(
    client: Client, create_need: NeedFactory
) -> None:
    need = create_need()
    page = client.post(f"/api/needs/{need['reference']}/matches", params={"offset": 1000}).json()
    assert page["items"] == [] and page["total"] > 0
    assert client.get(f"/api/needs/{need['reference']}").json()["status"] == "submitted"


def test_offers(client: Client, create_need: NeedFactory) -> None:
    need = create_need()
    response = client.get(f"/api/needs/{need['reference']}/offers")
    assert response.status_code == 200
    offers = response.json()
    assert set(offers) == {"finance", "training", "services"}
    assert all(0 < len(v) <= 5 for v in offers.values())
    finance_names = [o["name"] for o in offers["finance"]]
    assert "GEF Small Grants Programme" in finance_names  # open to farmers' cooperatives
    assert all(o["kind"] == "finance" for o in offers["finance"])
    assert any(r["code"] == "eligible" for r in offers["finance"][0]["reasons"])
    assert offers["training"][0]["name"].startswith("Solar dryer construction")
    services = offers["services"]
    assert services[0]["category"] == "intermediary"
    assert {"code": "local", "params": {"country": "Kenya"}} in services[0]["reasons"]
    assert {s["category"] for s in services} >= {"intermediary", "ip", "testing"}


def test_offers_eligibility_depends_on_the_requester(
    client: Client, create_need: NeedFactory
) -> None:
    sme = create_need(org_type="sme", problem="We want a solar dryer", budget_band=None)
    names = [
        o["name"] for o in client.get(f"/api/needs/{sme['reference']}/offers").json()["finance"]
    ]
    assert "GEF Small Grants Programme" not in names
    thai = create_need(
        org_type="sme", country="TH", problem="energy saving in our factory", budget_band=None
    )
    thai_finance = client.get(
        f"/api/needs/{thai['reference']}/offers", params={"limit": 20}
    ).json()["finance"]
    assert "iTAP Industrial Technology Assistance Program" in [o["name"] for o in thai_finance]


def test_offers_errors(client: Client) -> None:
    assert client.get("/api/needs/TN-999999/offers").status_code == 404
    assert client.get("/api/needs/TN-000001/offers", params={"limit": 0}).status_code == 422


def test_referral_to_best_local_intermediary(client: Client, create_need: NeedFactory) -> None:
    need = create_need()
    response = client.post(f"/api/needs/{need['reference']}/referrals", json={})
    assert response.status_code == 201
    referral = response.json()
    assert referral["need_reference"] == need["reference"]
    assert referral["status"] == "new"
    # Both are Kenyan intermediaries working in Swahili and English; KCIC also works in the
    # need's sector (agriculture), so it is the nearest fitting one (issue 9).
    assert referral["provider"]["name"] == "Kenya Climate Innovation Center (KCIC)"
    assert referral["provider"]["category"] == "intermediary"
    assert {r["code"] for r in referral["provider"]["reasons"]} >= {"local", "country", "sector"}
    assert client.get(f"/api/needs/{need['reference']}").json()["status"] == "referred"
    # A body is optional; asked again, the need is not referred a second time.
    again = client.post(f"/api/needs/{need['reference']}/referrals")
    assert again.status_code == 200 and again.json() == referral


def test_a_second_referral_to_the_same_provider_returns_the_first(
    client: Client, create_need: NeedFactory, session: Session
) -> None:
    kipi = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kipi"))
    assert kipi is not None
    need = create_need()
    url = f"/api/needs/{need['reference']}/referrals"
    first = client.post(url, json={"service_provider_id": kipi.id})
    second = client.post(url, json={"service_provider_id": kipi.id})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    other = client.post(url, json={})  # the best intermediary is another provider: a new one
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert len(session.scalars(select(Referral)).all()) == 2


def test_referral_to_a_chosen_provider(
    client: Client, create_need: NeedFactory, session: Session
) -> None:
    kipi = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kipi"))
    assert kipi is not None
    need = create_need(language="sw")
    response = client.post(
        f"/api/needs/{need['reference']}/referrals", json={"service_provider_id": kipi.id}
    )
    assert response.status_code == 201
    assert response.json()["provider"]["id"] == kipi.id
    assert response.json()["provider"]["category"] == "ip"


def test_referral_errors(client: Client, create_need: NeedFactory) -> None:
    need = create_need()
    reference = need["reference"]
    unknown = client.post(
        f"/api/needs/{reference}/referrals", json={"service_provider_id": 999_999}
    )
    assert unknown.status_code == 404
    assert client.post("/api/needs/TN-999999/referrals", json={}).status_code == 404
    bad = client.post(f"/api/needs/{reference}/referrals", json={"service_provider_id": "abc"})
    assert bad.status_code == 422
    huge = client.post(f"/api/needs/{reference}/referrals", json={"service_provider_id": 2**70})
    assert huge.status_code == 422
    private = create_need(consent_share=False)
    refused = client.post(f"/api/needs/{private['reference']}/referrals", json={})
    assert refused.status_code == 409
    assert "consent_share" in refused.json()["detail"]
    assert client.get(f"/api/needs/{private['reference']}").json()["status"] == "submitted"


def test_offers_are_not_recorded_as_matches(
    client: Client, create_need: NeedFactory, session: Session
) -> None:
    need = create_need()
    client.post(f"/api/needs/{need['reference']}/matches")
    client.get(f"/api/needs/{need['reference']}/offers")
    assert len(session.scalars(select(Match)).all()) == 3
    assert client.get(f"/api/needs/{need['reference']}").json()["status"] == "matched"
