"""Roles: an administrator sees every need; an intermediary only the needs of their countries
(and sectors, if they have some) whose authors agreed to share them, and cannot import."""

from typing import Any

from sqlalchemy.orm import Session

from knowledge.auth.accounts import save_account
from knowledge.db import create_db_engine
from knowledge.settings import Settings
from tests.security.admin_helpers import sign_in
from tests.security.knowledge_app import SERVICE, Client, need_payload

BROKER = ("broker-ke", "a long enough password")


def _add_intermediary(db_url: str, countries: list[str], sectors: list[str] | None = None) -> None:
    engine = create_db_engine(db_url)
    with Session(engine) as session:
        save_account(session, BROKER[0], BROKER[1], "intermediary", countries, sectors)
        session.commit()
    engine.dispose()


def _needs(client: Client) -> list[str]:
    titles = {
        "Kenya shared": need_payload(title="Kenya shared", country="KE"),
        "Kenya private": need_payload(title="Kenya private", country="KE", consent_share=False),
        "Ghana shared": need_payload(title="Ghana shared", country="GH"),
    }
    for body in titles.values():
        assert client.post("/api/needs", json=body, headers=SERVICE).status_code == 201
    return list(titles)


def test_an_intermediary_sees_only_shared_needs_of_their_countries(
    knowledge_client: Client, knowledge_db_url: str
) -> None:
    _needs(knowledge_client)
    _add_intermediary(knowledge_db_url, ["KE"])
    admin_page = knowledge_client.get("/admin", auth=("admin", "correct horse battery staple")).text
    assert all(t in admin_page for t in ("Kenya shared", "Kenya private", "Ghana shared"))
    broker_page = knowledge_client.get("/admin", auth=BROKER).text
    assert "Kenya shared" in broker_page
    assert "Kenya private" not in broker_page and "Ghana shared" not in broker_page


def test_an_intermediary_with_sectors_sees_only_those(
    knowledge_client: Client, knowledge_db_url: str
) -> None:
    body = need_payload(title="Kenya water", country="KE")
    assert knowledge_client.post("/api/needs", json=body, headers=SERVICE).status_code == 201
    _add_intermediary(knowledge_db_url, ["KE"], ["energy_generation"])
    page = knowledge_client.get("/admin", auth=BROKER).text
    assert "Kenya water" not in page and "shared needs of KE (energy_generation)" in page


def test_an_intermediary_cannot_import(knowledge_client: Client, knowledge_db_url: str) -> None:
    _add_intermediary(knowledge_db_url, ["KE"])
    response = knowledge_client.post(
        "/api/catalogue/import",
        params={"source": "partner-i", "kind": "technology"},
        content=b"[]",
        headers={"content-type": "application/json"},
        auth=BROKER,
    )
    assert response.status_code == 403


def test_intermediaries_alone_can_run_the_dashboard(
    make_knowledge_client: Any, knowledge_settings: Settings, knowledge_db_url: str
) -> None:
    # No ADMIN_USER: people added with the CLI can still sign in.
    settings = Settings(**{**knowledge_settings.model_dump(), "admin_user": None, "admin_password": None})
    client = make_knowledge_client(settings)
    assert client.get("/admin", auth=BROKER).status_code == 403  # nobody yet: admin is off
    _add_intermediary(knowledge_db_url, ["KE"])
    assert sign_in(client, *BROKER).status_code == 303
    assert client.get("/admin").status_code == 200
