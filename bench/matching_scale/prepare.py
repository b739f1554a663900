"""Creates (once) the benchmark's catalogues: the seed plus synthetic rows up to a size,
imported through the project's own importer in batches, with a progress bar.

A catalogue already holding its rows is kept, so a second run measures without importing.
"""

import time

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from tqdm import tqdm

from bench.matching_scale.generate import SOURCE, Generator
from knowledge.catalogue.importer import import_rows
from knowledge.catalogue.seed import load_seed
from knowledge.db import create_db_engine
from knowledge.lexicon import get_lexicon
from knowledge.migrate import upgrade
from knowledge.models import FinanceOffer, ServiceProvider, Technology, TrainingOffer

BATCH = 2000


def ensure_postgres_database(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("select 1 from pg_database where datname = :n"), {"n": parsed.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def synthetic_count(session: Session) -> int:
    return sum(
        session.scalar(select(func.count()).select_from(model).where(model.source == SOURCE)) or 0
        for model in (Technology, FinanceOffer, TrainingOffer, ServiceProvider)
    )


def prepare(url: str, size: int) -> float | None:
    """Seconds the import took, or None when the catalogue was already there."""
    if url.startswith("postgresql"):
        ensure_postgres_database(url)
    upgrade(url)
    lexicon = get_lexicon()
    engine = create_db_engine(url)
    try:
        with Session(engine) as session:
            done = synthetic_count(session)
            if done == size:
                return None
            if done:
                raise SystemExit(f"{url} holds {done} synthetic rows, not {size}: remove it and run again")
            load_seed(session, lexicon)
            session.commit()
        started = time.perf_counter()
        rows = Generator(lexicon).rows(size)
        with tqdm(total=size, desc=f"import {size:,} rows", unit="row", mininterval=2) as progress:
            while progress.n < size:
                batch = [next(rows) for _ in range(min(BATCH, size - progress.n))]
                with Session(engine) as session:
                    report = import_rows(session, batch, SOURCE, lexicon)
                    if report.rejected_count:
                        raise SystemExit(f"synthetic rows rejected: {report.rejected[:3]}")
                    session.commit()
                progress.update(len(batch))
        return time.perf_counter() - started
    finally:
        engine.dispose()
