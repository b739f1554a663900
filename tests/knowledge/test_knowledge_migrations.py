"""The Alembic migration creates exactly the models' schema, on SQLite and on PostgreSQL,
and can be rolled back."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from knowledge.catalogue.seed import load_seed
from knowledge.db import create_db_engine
from knowledge.lexicon import Lexicon
from knowledge.migrate import downgrade, upgrade
from knowledge.models import Base, Need, Referral, ServiceProvider, Technology, format_reference

TABLES = {
    "providers",
    "technologies",
    "finance_offers",
    "training_offers",
    "service_providers",
    "needs",
    "matches",
    "referrals",
    "alembic_version",
}
POSTGRES_URL = os.environ.get(
    "KNOWLEDGE_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@localhost:5432/test"
)


def _schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _exercise(engine: Engine, lexicon: Lexicon) -> None:
    """Seed, store a need, refer it, delete it: the cascade must work in the database."""
    with Session(engine) as session:
        report = load_seed(session, lexicon)
        assert report.created > 100 and not report.rejected
        session.commit()
        assert load_seed(session, lexicon).unchanged == report.created
        need = Need(
            sender_id="x",
            channel="web",
            language="en",
            org_type="sme",
            country="KE",
            title="t",
            problem="p",
            consent_store=True,
            consent_share=True,
        )
        session.add(need)
        session.flush()
        need.reference = format_reference(need.id)
        provider = session.scalars(select(ServiceProvider)).first()
        session.add(Referral(need=need, service_provider=provider))
        session.commit()
        session.delete(need)
        session.commit()
        assert session.scalar(select(func.count()).select_from(Referral)) == 0
        assert session.scalar(select(func.count()).select_from(Technology)) >= 40


def test_sqlite_upgrade_matches_models_and_downgrades(tmp_path: Path, lexicon: Lexicon) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade(url)
    engine = create_db_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) == TABLES
        assert _schema_differences(engine) == []
        _exercise(engine, lexicon)
        downgrade(url, "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        upgrade(url)  # and back up again
        assert set(inspect(engine).get_table_names()) == TABLES
    finally:
        engine.dispose()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A throw-away database on the local PostgreSQL server, dropped afterwards."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error.orig}")
    name = f"knowledge_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_postgresql_upgrade_matches_models_and_downgrades(
    postgres_database: str, lexicon: Lexicon
) -> None:
    upgrade(postgres_database)
    engine = create_db_engine(postgres_database)
    try:
        assert set(inspect(engine).get_table_names()) == TABLES
        assert _schema_differences(engine) == []
        _exercise(engine, lexicon)
        downgrade(postgres_database, "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()


def test_alembic_ini_points_at_the_package_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    ini = Path(__file__).resolve().parents[2] / "alembic.ini"
    script = ScriptDirectory.from_config(Config(str(ini)))
    assert Path(script.dir).resolve() == (ini.parent / "knowledge" / "migrations").resolve()
    assert [rev.revision for rev in script.walk_revisions()] == ["0001"]
