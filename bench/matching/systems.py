"""The two systems the benchmark compares, over the seed catalogue in a SQLite database loaded
by the project's own seed loader (cached under var/bench/matching/ per catalogue version; each
run works on a temporary copy).

- `FullMatcher`: what the knowledge API does for a need. The bot asks POST /api/needs/analyse
  for a title and sector, stores the need (knowledge.registry.needs.create_need), then reads
  GET /api/needs/{ref}/matches (match_page) and /offers (offers_for); the same functions are
  called here in process.
- `Bm25Baseline`: plain Okapi BM25 over each record's own name and summary (no translations,
  no concepts, no filters), queried with the need's words.
"""

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.matching.cases import KINDS, BenchNeed
from knowledge.analysis.need_text import analyse
from knowledge.catalogue.seed import load_seed, seed_files
from knowledge.db import create_db_engine
from knowledge.geo import GLOBAL, get_region_book
from knowledge.lexicon import Lexicon, get_lexicon
from knowledge.lexicon.normalise import tokens
from knowledge.migrate import upgrade
from knowledge.models import CatalogueEntry, FinanceOffer, Technology, TrainingOffer
from knowledge.registry.matching import match_page, offers_for
from knowledge.registry.needs import create_need
from knowledge.schemas.needs import NeedCreate
from knowledge.search.bm25 import OkapiIndex

MODELS: dict[str, type[CatalogueEntry]] = {
    "technology": Technology,
    "finance": FinanceOffer,
    "training": TrainingOffer,
}
DEPTH = 10  # results read per kind (recall@10)
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Answer:
    """What one system returned for one need: external ids per kind, best first."""

    ranked: dict[str, list[str]]
    title: str | None = None
    sector: str | None = None
    # external ids shown in the first 3 technologies with a "concept" reason
    claims_concept: set[str] = field(default_factory=set)


CACHE_DIR = ROOT / "var" / "bench" / "matching"


def _catalogue_key() -> str:
    """Changes whenever the seed, the lexicon or the schema does (what the import depends on)."""
    digest = hashlib.sha256()
    files = [*seed_files(), ROOT / "knowledge" / "lexicon" / "concepts.yaml"]
    files += sorted((ROOT / "knowledge" / "migrations" / "versions").glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _seeded_database(lexicon: Lexicon) -> Path:
    """A migrated SQLite database holding the seed catalogue, imported once per catalogue
    version by the project's own seed loader and kept under var/ (each run works on a copy)."""
    cached = CACHE_DIR / f"catalogue-{_catalogue_key()}.db"
    if cached.exists():
        return cached
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    building = cached.with_suffix(f".{os.getpid()}.tmp")
    url = f"sqlite:///{building}"
    upgrade(url)
    engine = create_db_engine(url)
    try:
        with Session(engine) as session:
            report = load_seed(session, lexicon)
            if report.rejected_count:
                raise SystemExit(f"seed rows rejected: {report.rejected[:3]}")
            session.commit()
    finally:
        engine.dispose()
    building.replace(cached)
    return cached


@contextmanager
def catalogue_session() -> Iterator[tuple[Session, Lexicon]]:
    """A temporary copy of the seeded database; what the run writes (its needs) is dropped."""
    lexicon = get_lexicon()
    seeded = _seeded_database(lexicon)
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as folder:
        copy = Path(folder) / "catalogue.db"
        shutil.copyfile(seeded, copy)
        engine = create_db_engine(f"sqlite:///{copy}")
        try:
            with Session(engine) as session:
                yield session, lexicon
        finally:
            engine.dispose()


def external_ids(session: Session) -> dict[str, dict[int, str]]:
    """kind -> database id -> external id."""
    return {
        kind: dict(session.execute(select(model.id, model.external_id)).tuples().all())
        for kind, model in MODELS.items()
    }


def catalogue_records(session: Session) -> dict[str, list[CatalogueEntry]]:
    return {kind: list(session.scalars(select(model).order_by(model.id))) for kind, model in MODELS.items()}


class FullMatcher:
    name = "matcher"

    def __init__(self, session: Session, lexicon: Lexicon) -> None:
        self.session, self.lexicon = session, lexicon
        self.ids = external_ids(session)

    def answer(self, need: BenchNeed, depth: int = DEPTH) -> Answer:
        analysis = analyse(need.text, need.language, self.lexicon)
        data = NeedCreate(
            sender_id=f"bench-{need.id}",
            channel="web",
            language=need.language,
            org_type=need.org_type,  # type: ignore[arg-type]
            country=need.country,
            problem=need.text,
            budget_band=need.budget_band,  # type: ignore[arg-type]
            grid_access=need.grid_access,  # type: ignore[arg-type]
            water_access=need.water_access,  # type: ignore[arg-type]
            support_sought=list(need.support_sought),  # type: ignore[arg-type]
            consent_store=True,
            title=analysis.title or need.text[:60],
            sector=analysis.sector,
        )
        stored = create_need(self.session, data, self.lexicon)
        page = match_page(self.session, stored, need.language, 0, depth, self.lexicon)
        offers = offers_for(self.session, stored, need.language, depth, self.lexicon)
        results = {"technology": page.items, "finance": offers.finance, "training": offers.training}
        ranked = {kind: [self.ids[kind][r.id] for r in results[kind]] for kind in KINDS}
        claims = {
            self.ids["technology"][r.id]
            for r in page.items[:3]
            if any(reason.code == "concept" for reason in r.reasons)
        }
        return Answer(ranked, analysis.title, analysis.sector, claims)


class Bm25Baseline:
    name = "bm25"

    def __init__(self, session: Session) -> None:
        self.records = catalogue_records(session)
        self.indexes = {
            kind: OkapiIndex([tokens(f"{r.name} {r.summary}") for r in records])
            for kind, records in self.records.items()
        }

    def answer(self, need: BenchNeed, depth: int = DEPTH) -> Answer:
        query = tokens(need.text)
        ranked = {}
        for kind, index in self.indexes.items():
            scores = index.scores(query)
            order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
            records = self.records[kind]
            ranked[kind] = [records[i].external_id for i in order[:depth] if scores[i] > 0]
        return Answer(ranked)


def eligible(offer: Any, need: BenchNeed) -> bool:
    """Whether a finance or training offer admits the need's country and organisation type,
    read from the offer's own fields (countries, regions, eligible org types)."""
    areas = get_region_book().areas_of(need.country)
    where = (
        need.country in offer.countries
        or any(a in offer.regions for a in areas)
        or GLOBAL in offer.regions
        or (not offer.countries and not offer.regions)
    )
    allowed = getattr(offer, "eligible_org_types", None) or []
    return where and (not allowed or need.org_type in allowed)
