"""Finding 3: anyone could POST referrals (three calls, three rows), and a GET on matches wrote
Match rows (20 anonymous calls added 560 rows): a GET that writes, without bound. Now both are
internal; reading matches writes nothing; recording what was shown is a POST that records an
item once per need; a second referral to the same provider returns the first. On SQLite and
on PostgreSQL (the "insert unless already there" differs between them)."""

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.db import create_db_engine
from knowledge.models import Match, Referral
from knowledge.settings import Settings
from tests.knowledge.conftest import migrate_and_seed, postgres_database  # noqa: F401  (fixture)
from tests.security.knowledge_app import SERVICE, Client, need_payload


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, knowledge_db_url: str, knowledge_lexicon: Any) -> str:  # noqa: F811
    if request.param == "sqlite":
        return knowledge_db_url
    url: str = request.getfixturevalue("postgres_database")
    migrate_and_seed(url, knowledge_lexicon)
    return url


@pytest.fixture
def api(make_knowledge_client: Any, knowledge_settings: Settings, database: str) -> Client:  # noqa: F811
    made: Client = make_knowledge_client(
        knowledge_settings.model_copy(update={"knowledge_database_url": database})
    )
    return made


def _count(url: str, model: Any) -> int:
    engine = create_db_engine(url)
    try:
        with Session(engine) as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def _need(api: Client) -> str:
    response = api.post("/api/needs", json=need_payload(), headers=SERVICE)
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def test_finding_3_a_stranger_can_neither_refer_nor_read_matches(api: Client, database: str) -> None:
    reference = _need(api)
    assert api.post(f"/api/needs/{reference}/referrals", json={}).status_code == 401
    assert api.get(f"/api/needs/{reference}/matches").status_code == 401
    assert api.post(f"/api/needs/{reference}/matches").status_code == 401
    assert (_count(database, Referral), _count(database, Match)) == (0, 0)


def test_finding_3_reading_matches_writes_nothing(api: Client, database: str) -> None:
    reference = _need(api)
    for _ in range(20):
        assert api.get(f"/api/needs/{reference}/matches", headers=SERVICE).status_code == 200
    assert _count(database, Match) == 0


def test_finding_3_recording_what_was_shown_is_an_idempotent_post(api: Client, database: str) -> None:
    reference = _need(api)
    pages = [api.post(f"/api/needs/{reference}/matches", headers=SERVICE) for _ in range(5)]
    assert {p.status_code for p in pages} == {200}
    assert len({str(p.json()) for p in pages}) == 1 and len(pages[0].json()["items"]) == 3
    assert _count(database, Match) == 3
    api.post(f"/api/needs/{reference}/matches", params={"offset": 0, "limit": 6}, headers=SERVICE)
    assert _count(database, Match) == 6


def test_finding_3_a_second_referral_returns_the_first(api: Client, database: str) -> None:
    reference = _need(api)
    answers = [api.post(f"/api/needs/{reference}/referrals", json={}, headers=SERVICE) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert answers[1].json() == answers[0].json() == answers[2].json()
    assert _count(database, Referral) == 1
