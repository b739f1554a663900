"""Needs routes: create, list, get, delete, analyse; 404s and 422s."""

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.models import Match, Need, Referral
from knowledge.settings import Settings
from tests.knowledge.helpers import Client

NeedFactory = Callable[..., dict[str, Any]]


def test_create_need(client: Client, need_payload: NeedFactory) -> None:
    response = client.post("/api/needs", json=need_payload())
    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"TN-[0-9A-HJKMNP-TV-Z]{10}", body["reference"])  # random, not the id
    assert "sender_id" not in body  # goes in, never comes out
    assert body["consent_at"] and body["consent_version"] is None  # consent time defaults to now
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
        ({"language": "en-" + "a" * 14}, "language"),  # 17 characters, the column holds 16
        ({"consent_version": "v" * 33}, "consent_version"),
        ({"consent_at": "yesterday"}, "consent_at"),
        ({"sender_id": "s" * 129}, "sender_id"),
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
    # Typed with the letters Crockford's alphabet leaves out, read as the digits they look like.
    typed = need["reference"][:3] + need["reference"][3:].replace("0", "O").replace("1", "l")
    assert client.get(f"/api/needs/{typed}").json()["id"] == need["id"]
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
    client.post(f"/api/needs/{mine['reference']}/matches")
    client.post(f"/api/needs/{other['reference']}/matches")
    assert client.post(f"/api/needs/{mine['reference']}/referrals", json={}).status_code == 201
    response = client.delete("/api/senders/telegram:1001/data")
    assert response.status_code == 200
    assert response.json() == {"needs": 2, "matches": 3, "referrals": 1}
    assert client.get(f"/api/needs/{mine['reference']}").status_code == 404
    assert client.get(f"/api/needs/{other['reference']}").status_code == 200
    assert session.scalar(select(func.count()).select_from(Need)) == 1
    assert session.scalar(select(func.count()).select_from(Match)) == 3  # the other sender's
    assert session.scalar(select(func.count()).select_from(Referral)) == 0
    assert client.delete("/api/senders/telegram:1001/data").json() == {
        "needs": 0,
        "matches": 0,
        "referrals": 0,
    }
    # The old route is gone: one way to delete, with every count.
    assert client.delete("/api/needs", params={"sender_id": "other"}).status_code == 405


def test_sender_data_holds_everything_stored_about_the_sender(
    client: Client, create_need: NeedFactory
) -> None:
    assert client.get("/api/senders/telegram:1001/data").json() == {"needs": [], "referrals": []}
    first = create_need(title="First")
    second = create_need(title="Second", consent_version="2026-11")
    create_need(sender_id="someone-else")
    referral = client.post(f"/api/needs/{first['reference']}/referrals", json={}).json()
    response = client.get("/api/senders/telegram:1001/data")
    assert response.status_code == 200
    data = response.json()
    assert [n["reference"] for n in data["needs"]] == [second["reference"], first["reference"]]
    assert data["needs"][0]["consent_version"] == "2026-11"
    assert data["needs"][1] == client.get(f"/api/needs/{first['reference']}").json()
    assert data["referrals"] == [
        {
            "reference": first["reference"],
            "provider": referral["provider"]["name"],
            "status": "new",
            "created_at": referral["created_at"],
        }
    ]
    assert "telegram:1001" not in response.text


@pytest.mark.parametrize("sender_id", ["whatsapp:+255700123456", "rest/a b?c#d", "ünï"])
def test_any_sender_id_reaches_its_own_data(
    client: Client, create_need: NeedFactory, sender_id: str
) -> None:
    need = create_need(sender_id=sender_id)
    create_need(sender_id="other")
    path = f"/api/senders/{quote(sender_id, safe='')}/data"
    assert [n["reference"] for n in client.get(path).json()["needs"]] == [need["reference"]]
    assert client.delete(path).json()["needs"] == 1


def test_sender_data_rejects_a_bad_sender_id(client: Client) -> None:
    assert client.get(f"/api/senders/{'s' * 129}/data").status_code == 422
    assert client.get("/api/senders//data").status_code in (404, 422)


def test_analyse(client: Client) -> None:
    response = client.post(
        "/api/needs/analyse", json={"text": "séchage solaire des mangues", "language": "fr"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "title": "Séchage solaire – mangues",  # the product in the user's own word
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


@pytest.mark.postgres
def test_sender_data_and_its_deletion_on_postgresql(
    make_client: Callable[..., Client], postgres_settings: Settings, need_payload: NeedFactory
) -> None:
    client = make_client(postgres_settings)
    mine = client.post("/api/needs", json=need_payload(sender_id="whatsapp:+255700000009")).json()
    other = client.post("/api/needs", json=need_payload(sender_id="other")).json()
    for need in (mine, other):
        assert client.post(f"/api/needs/{need['reference']}/matches").status_code == 200
    assert client.post(f"/api/needs/{mine['reference']}/referrals", json={}).status_code == 201
    path = f"/api/senders/{quote('whatsapp:+255700000009', safe='')}/data"
    data = client.get(path).json()
    assert [n["reference"] for n in data["needs"]] == [mine["reference"]] and len(data["referrals"]) == 1
    assert client.delete(path).json() == {"needs": 1, "matches": 3, "referrals": 1}
    assert client.get(path).json() == {"needs": [], "referrals": []}
    assert client.get(f"/api/needs/{other['reference']}").status_code == 200
