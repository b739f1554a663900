"""Finding 12 (by reading): a `language` longer than its column fitted SQLite but was a database
error on PostgreSQL, and SQLAlchemy put the statement's parameters (the user's words, their
phone number) in the error and so in the log. Now every string the API stores is bounded by
its column's length in the schema (a clear 422), and the engines hide parameters."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from knowledge.db import create_db_engine
from knowledge.settings import Settings
from tests.knowledge.conftest import migrate_and_seed, postgres_database  # noqa: F401  (fixture)
from tests.security.knowledge_app import SERVICE, Client, need_payload

PHONE = "whatsapp:254711222333"
# Each free-text field the API stores, with its column's length and a value of exactly that length.
AT_THE_LIMIT = {
    "language": (16, "en-abcdefgh-ijkl"),
    "region": (100, "r" * 100),
    "title": (120, "t" * 120),
    "scale": (500, "s" * 500),
    "sender_id": (128, "w" * 128),
    "consent_version": (32, "v" * 32),
}
ONE_TOO_MANY = {
    "language": "en-abcdefgh-ijklm",
    "region": "r" * 101,
    "title": "t" * 121,
    "scale": "s" * 501,
    "sender_id": "w" * 129,
    "consent_version": "v" * 33,
}


@pytest.fixture
def postgres_api(
    make_knowledge_client: Any,
    knowledge_settings: Settings,
    postgres_database: str,  # noqa: F811
    knowledge_lexicon: Any,
) -> Client:
    migrate_and_seed(postgres_database, knowledge_lexicon)
    made: Client = make_knowledge_client(
        knowledge_settings.model_copy(update={"knowledge_database_url": postgres_database})
    )
    return made


@pytest.mark.postgres
@pytest.mark.parametrize("field", sorted(AT_THE_LIMIT))
def test_finding_12_every_stored_string_is_bounded_by_its_column_on_postgresql(
    postgres_api: Client, field: str
) -> None:
    length, value = AT_THE_LIMIT[field]
    assert len(value) == length and len(ONE_TOO_MANY[field]) == length + 1
    fits = postgres_api.post("/api/needs", json=need_payload(**{field: value}), headers=SERVICE)
    assert fits.status_code == 201, fits.text
    too_long = postgres_api.post(
        "/api/needs", json=need_payload(**{"sender_id": PHONE, field: ONE_TOO_MANY[field]}), headers=SERVICE
    )
    assert too_long.status_code == 422, too_long.status_code
    assert "254711222333" not in too_long.text


@pytest.mark.postgres
@pytest.mark.parametrize("route", ["/api/needs/{reference}/matches", "/api/needs/{reference}/offers"])
def test_finding_12_a_long_language_in_a_query_is_a_422_too(postgres_api: Client, route: str) -> None:
    reference = postgres_api.post("/api/needs", json=need_payload(), headers=SERVICE).json()["reference"]
    url = route.format(reference=reference)
    assert postgres_api.get(url, params={"language": "en-abcdefgh-ijklm"}, headers=SERVICE).status_code == 422
    assert postgres_api.get(url, params={"language": "en-abcdefgh-ijkl"}, headers=SERVICE).status_code == 200


@pytest.mark.postgres
def test_finding_12_a_failing_statement_never_shows_its_parameters(postgres_database: str) -> None:  # noqa: F811
    engine = create_db_engine(postgres_database)
    try:
        with engine.begin() as db:
            db.execute(text("CREATE TABLE probe (language varchar(16))"))
        with pytest.raises(DBAPIError) as failed, engine.begin() as db:
            db.execute(
                text("INSERT INTO probe (language) VALUES (:value)"), {"value": f"{PHONE} is too long"}
            )
        assert "254711222333" not in str(failed.value)
        assert "parameters hidden" in str(failed.value)
    finally:
        engine.dispose()


def test_finding_12_sqlite_hides_parameters_too(knowledge_db_url: str) -> None:  # noqa: F811
    engine = create_db_engine(knowledge_db_url)
    try:
        with pytest.raises(DBAPIError) as failed, engine.begin() as db:
            db.execute(text("INSERT INTO no_such_table (x) VALUES (:value)"), {"value": PHONE})
        assert "254711222333" not in str(failed.value)
    finally:
        engine.dispose()
