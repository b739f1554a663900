"""Needs routes: create, list, get, delete, analyse; 404s and 422s."""

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.models import Match, Need, Referral
from tests.knowledge.helpers import Client

NeedFactory = Callable[..., dict[str, Any]]


def test_create_need(client: Client, need_payload: NeedFactory) -> None:
    response = client.post("/api/needs", json=need_payload())
    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == f"TN-{body['id']:06d}"
    assert body["status"] == "submitted"
    assert body["sector"] == "agriculture_food"  # inferred from the words
    assert body["problem"] == need_payload()["problem"]
    assert body["support_sought"] == ["technology", "finance"]
    assert body["created_at"].endswith(("Z", "+00:00"))


@pytest.mark.parametrize("channel", ["rest", "socketio", "whatsapp", "web"])
def test_rasa_channel_names_are_accepted(
    client: Client, need_payload: NeedFactory, channel: str
) -> None:
    response = client.post("/api/needs", json=need_payload(channel=channel))
    assert response.status_code == 201 and response.json()["channel"] == channel


def test_explicit_sector_is_kept_and_country_normalised(
    client: Client, need_payload: NeedFactory
) -> None:
    body = client.post("/api/needs", json=need_payload(sector="health", country="ke")).json()
    assert body["sector"] == "health" and body["country"] == "KE"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "Kenya"}, "country"),
        ({"org_type": "company"}, "org_type"),
        ({"budget_band": "1M"}, "budget_band"),
        ({"grid_access": "sometimes"}, "grid_access"),
        ({"support_sought": ["money"]}, "support_sought"),
        ({"channel": "pigeon"}, "channel"),
        ({"problem": ""}, "problem"),
        ({"problem": "x" * 4097}, "problem"),
        ({"title": "t" * 121}, "title"),
        ({"language": "English"}, "language"),
        ({"consent_store": False}, "consent_store"),
    ],
)
def test_create_need_rejects_bad_input(
    client: Client, need_payload: NeedFactory, override: dict[str, Any], field: str
) -> None:
    response = client.post("/api/needs", json=need_payload(**override))
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_create_need_requires_fields(client: Client, need_payload: NeedFactory) -> None:
    payload = need_payload()
    del payload["problem"], payload["consent_store"]
    response = client.post("/api/needs", json=payload)
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"problem", "consent_store"}
    assert (
        client.post(
            "/api/needs", content=b"not json", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )


def test_list_needs_of_a_sender_newest_first(client: Client, create_need: NeedFactory) -> None:
    first = create_need(title="First")
    second = create_need(title="Second")
    create_need(sender_id="someone-else")
    response = client.get("/api/needs", params={"sender_id": "telegram:1001"})
    assert response.status_code == 200
    assert [n["reference"] for n in response.json()] == [second["reference"], first["reference"]]
    assert client.get("/api/needs", params={"sender_id": "nobody"}).json() == []
    assert client.get("/api/needs").status_code == 422


def test_get_need_by_reference(client: Client, create_need: NeedFactory) -> None:
    need = create_need()
    response = client.get(f"/api/needs/{need['reference']}")
    assert response.status_code == 200 and response.json() == need
    assert client.get(f"/api/needs/{need['reference'].lower()}").json()["id"] == need["id"]
    missing = client.get("/api/needs/TN-999999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no need with reference TN-999999"}
    assert client.get("/api/needs/42").status_code == 422


def test_delete_needs_of_a_sender(
    client: Client, create_need: NeedFactory, session: Session
) -> None:
    mine = create_need()
    create_need()
    other = create_need(sender_id="other")
    client.get(f"/api/needs/{mine['reference']}/matches")
    assert client.post(f"/api/needs/{mine['reference']}/referrals", json={}).status_code == 201
    response = client.delete("/api/needs", params={"sender_id": "telegram:1001"})
    assert response.status_code == 200 and response.json() == {"deleted": 2}
    assert client.get(f"/api/needs/{mine['reference']}").status_code == 404
    assert client.get(f"/api/needs/{other['reference']}").status_code == 200
    assert session.scalar(select(func.count()).select_from(Need)) == 1
    assert session.scalar(select(func.count()).select_from(Match)) == 0
    assert session.scalar(select(func.count()).select_from(Referral)) == 0
    assert client.delete("/api/needs", params={"sender_id": "telegram:1001"}).json() == {
        "deleted": 0
    }
    assert client.delete("/api/needs").status_code == 422


def test_analyse(client: Client) -> None:
    response = client.post(
        "/api/needs/analyse", json={"text": "séchage solaire des mangues", "language": "fr"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "title": "Séchage solaire – fruits et légumes",
        "sector": "agriculture_food",
        "concepts": ["solar_drying", "fruits_vegetables"],
    }
    english = client.post(
        "/api/needs/analyse", json={"text": "We cook with firewood and the smoke hurts"}
    )
    assert english.json()["sector"] is not None
    assert english.json()["title"] == "Clean cooking – smoke in the kitchen"


def test_analyse_rejects_bad_input(client: Client) -> None:
    assert client.post("/api/needs/analyse", json={"text": ""}).status_code == 422
    assert client.post("/api/needs/analyse", json={"text": "x" * 4097}).status_code == 422
    assert client.post("/api/needs/analyse", json={"language": "fr"}).status_code == 422
