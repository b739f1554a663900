"""Catalogue listings and the admin import endpoint (HTTP basic auth)."""

import json
from collections.abc import Callable

import pytest

from knowledge.settings import Settings
from tests.knowledge.helpers import ADMIN, Client

IMPORT = "/api/catalogue/import"
CSV = (
    "kind,external_id,name,summary,sectors,regions,illustrative,provider\n"
    "technology,t1,Test dryer,Dries things,agriculture_food,global,true,Maker\n"
    "technology,t2,Broken,Text,nowhere,global,true,Maker\n"
)


def _all_items(client: Client, path: str, **filters: str) -> list[dict]:
    """Every row of a listing, page by page (the real catalogue is longer than one page)."""
    items: list[dict] = []
    while True:
        page = client.get(path, params={**filters, "limit": 200, "offset": len(items)}).json()
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


def test_technologies_listing(client: Client) -> None:
    page = client.get("/api/technologies").json()
    assert page["total"] >= 40
    assert len(page["items"]) == min(50, page["total"])
    item = page["items"][0]
    assert {
        "id",
        "name",
        "provider",
        "cost_min_usd",
        "needs_grid",
        "readiness",
        "translations",
    } <= set(item)
    health = client.get("/api/technologies", params={"sector": "health"}).json()
    assert health["total"] > 0 and all("health" in i["sectors"] for i in health["items"])
    mexico = _all_items(client, "/api/technologies", country="mx")
    kenya = _all_items(client, "/api/technologies", country="KE")
    isla_urbana = "Isla Urbana household rainwater harvesting systems (Mexico)"
    assert isla_urbana in [i["name"] for i in mexico]
    assert isla_urbana not in [i["name"] for i in kenya]
    second = client.get("/api/technologies", params={"offset": 2, "limit": 2}).json()
    assert [i["id"] for i in second["items"]] == [i["id"] for i in page["items"][2:4]]


@pytest.mark.parametrize(
    "path",
    ["/api/technologies", "/api/finance-offers", "/api/training-offers", "/api/service-providers"],
)
def test_every_listing_answers_and_validates(client: Client, path: str) -> None:
    page = client.get(path, params={"limit": 200}).json()
    # The real catalogue grows past one page of 200: a full page, or every row when fewer.
    assert page["total"] >= 10 and len(page["items"]) == min(page["total"], 200)
    assert all(i["source"] == "seed" for i in page["items"])
    assert client.get(path, params={"limit": 0}).status_code == 422
    assert client.get(path, params={"country": "Kenya"}).status_code == 422


def test_listing_filters_specific_to_kinds(client: Client) -> None:
    assert client.get("/api/technologies", params={"sector": "space"}).status_code == 422
    legal = client.get("/api/service-providers", params={"kind": "legal"}).json()
    assert legal["total"] >= 1 and {i["kind"] for i in legal["items"]} == {"legal"}
    assert client.get("/api/service-providers", params={"kind": "wizard"}).status_code == 422
    finance = client.get("/api/finance-offers", params={"country": "TH"}).json()
    assert "iTAP Industrial Technology Assistance Program" in [i["name"] for i in finance["items"]]


def test_import_csv_with_admin_credentials(client: Client) -> None:
    response = client.post(
        IMPORT,
        params={"source": "partner-x"},
        content=CSV.encode(),
        headers={"content-type": "text/csv"},
        auth=ADMIN,
    )
    assert response.status_code == 200
    report = response.json()
    assert (report["created"], report["updated"], report["unchanged"]) == (1, 0, 0)
    assert report["rejected"] == [
        {
            "row": 2,
            "kind": "technology",
            "external_id": "t2",
            "reasons": ["sectors: unknown sector 'nowhere'"],
        }
    ]
    listed = _all_items(client, "/api/technologies")
    assert any(i["source"] == "partner-x" and i["name"] == "Test dryer" for i in listed)
    again = client.post(
        IMPORT,
        params={"source": "partner-x"},
        content=CSV.encode(),
        headers={"content-type": "text/csv"},
        auth=ADMIN,
    ).json()
    assert (again["created"], again["unchanged"]) == (0, 1)


def test_import_json_and_format_parameter(client: Client) -> None:
    rows = [
        {
            "external_id": "j1",
            "name": "J",
            "summary": "S",
            "provider": "P",
            "regions": ["global"],
            "illustrative": True,
            "languages": ["sw"],
        }
    ]
    response = client.post(
        IMPORT,
        params={"source": "partner-j", "kind": "training", "format": "json"},
        content=json.dumps(rows).encode(),
        headers={"content-type": "application/json"},
        auth=ADMIN,
    )
    assert response.status_code == 200 and response.json()["created"] == 1


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_import_refuses_what_a_cross_site_form_can_send(client: Client, content_type: str) -> None:
    response = client.post(
        IMPORT,
        params={"source": "partner-j", "kind": "training", "format": "json"},
        content=b"[]",
        headers={"content-type": content_type},
        auth=ADMIN,
    )
    assert response.status_code == 415


def test_import_rejects_unreadable_payloads(client: Client) -> None:
    def post(body: bytes, content_type: str, source: str = "partner-y") -> int:
        return client.post(
            IMPORT,
            params={"source": source},
            content=body,
            headers={"content-type": content_type},
            auth=ADMIN,
        ).status_code

    assert post(b"{broken", "application/json") == 422
    assert post(b"<xml/>", "application/xml") == 415
    assert post(b"\xff\xfe\xfa", "text/csv") == 422
    assert post(CSV.encode(), "text/csv", source="Bad Source") == 422
    assert post(b"x" * (5 * 1024 * 1024 + 1), "text/csv") == 413


def test_import_needs_a_source(client: Client) -> None:
    response = client.post(
        IMPORT, content=CSV.encode(), headers={"content-type": "text/csv"}, auth=ADMIN
    )
    assert response.status_code == 422


@pytest.mark.parametrize("auth", [None, ("admin", "wrong"), ("root", ADMIN[1]), ("", "")])
def test_import_refused_without_valid_credentials(
    client: Client, auth: tuple[str, str] | None
) -> None:
    response = client.post(
        IMPORT,
        params={"source": "partner-z"},
        content=CSV.encode(),
        headers={"content-type": "text/csv"},
        auth=auth,
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert {i["source"] for i in _all_items(client, "/api/technologies")} == {"seed"}


def test_import_refused_when_admin_is_not_configured(
    make_client: Callable[[Settings], Client], settings: Settings
) -> None:
    client = make_client(settings.model_copy(update={"admin_user": None, "admin_password": None}))
    response = client.post(
        IMPORT,
        params={"source": "partner-z"},
        content=CSV.encode(),
        headers={"content-type": "text/csv"},
        auth=ADMIN,
    )
    assert response.status_code == 403
    assert "ADMIN_USER" in response.json()["detail"]
