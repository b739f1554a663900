"""The Alembic migration creates exactly the models' schema, on SQLite and on PostgreSQL,
and can be rolled back."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from knowledge.catalogue.seed import load_seed
from knowledge.db import create_db_engine
from knowledge.lexicon import Lexicon
from knowledge.migrate import downgrade, upgrade
from knowledge.models import Base, Need, Referral, ServiceProvider, Technology
from knowledge.registry.references import new_reference

# Every table of the models, and Alembic's own: the migrations must create exactly these.
TABLES = set(Base.metadata.tables) | {"alembic_version"}


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
        need.reference = new_reference()
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
    # One line of history: every revision builds on the one before, from 0001 up.
    revisions = [rev.revision for rev in script.walk_revisions()]
    assert len(script.get_heads()) == 1 and revisions[-2:] == ["0002", "0001"]


def _upgrade_with_duplicates(url: str) -> None:
    """A database at 0001 holding what the old API let anyone make: a need with a sequential
    reference, the same match recorded three times and the same referral twice; then 0002."""
    upgrade(url, "0001")
    engine = create_db_engine(url)
    try:
        with engine.begin() as db:
            db.execute(
                text(
                    "INSERT INTO service_providers (id, source, external_id, illustrative, name, "
                    "summary, language, translations, sectors, concepts, countries, regions, "
                    "created_at, updated_at, kind, languages) VALUES (1, 'seed', 'sp', false, "
                    "'SP', 'S', 'en', '{}', '[]', '[]', '[]', '[]', :now, :now, 'intermediary', '[]')"
                ),
                {"now": "2026-01-01 00:00:00+00:00"},
            )
            db.execute(
                text(
                    "INSERT INTO needs (id, reference, sender_id, channel, language, org_type, "
                    "country, title, problem, support_sought, consent_store, consent_share, "
                    "status, created_at, updated_at) VALUES (1, 'TN-000001', 's', 'web', 'en', "
                    "'sme', 'KE', 't', 'p', '[]', true, true, 'referred', :now, :now)"
                ),
                {"now": "2026-01-01 00:00:00+00:00"},
            )
            for match_id, rank in ((1, 1), (2, 1), (3, 4)):
                db.execute(
                    text(
                        "INSERT INTO matches (id, need_id, item_kind, item_id, rank, score, "
                        "reasons, shown_at) VALUES (:id, 1, 'technology', 9, :rank, 1.0, '[]', :now)"
                    ),
                    {"id": match_id, "rank": rank, "now": "2026-01-01 00:00:00+00:00"},
                )
            for referral_id in (1, 2):
                db.execute(
                    text(
                        "INSERT INTO referrals (id, need_id, service_provider_id, status, "
                        "created_at) VALUES (:id, 1, 1, 'new', :now)"
                    ),
                    {"id": referral_id, "now": "2026-01-01 00:00:00+00:00"},
                )
        upgrade(url)
        with engine.connect() as db:
            assert db.execute(text("SELECT id FROM matches")).scalars().all() == [1]
            assert db.execute(text("SELECT id FROM referrals")).scalars().all() == [1]
            assert db.execute(text("SELECT reference, consent_at FROM needs")).all() == [
                ("TN-000001", None)
            ]
        assert _schema_differences(engine) == []
        downgrade(url, "0001")
        with engine.connect() as db:
            assert db.execute(text("SELECT reference FROM needs")).scalars().all() == ["TN-000001"]
            assert db.execute(text("SELECT count(*) FROM matches")).scalar_one() == 1
    finally:
        engine.dispose()


def test_sqlite_0002_keeps_the_first_of_duplicate_records(tmp_path: Path) -> None:
    _upgrade_with_duplicates(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_postgresql_0002_keeps_the_first_of_duplicate_records(postgres_database: str) -> None:
    _upgrade_with_duplicates(postgres_database)
