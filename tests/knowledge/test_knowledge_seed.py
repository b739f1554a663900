"""The seed catalogue meets its brief: size, coverage, provenance, translations."""

import csv
import datetime
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from knowledge.catalogue.queries import load_all
from knowledge.catalogue.readers import read_file
from knowledge.catalogue.seed import SEED_DIR, seed_files, seed_rows
from knowledge.geo import get_region_book
from knowledge.lexicon import Lexicon
from knowledge.models import FinanceOffer, ServiceProvider, Technology, TrainingOffer
from knowledge.vocab import SECTORS
from tests.knowledge.helpers import assert_loads_into_fresh_database

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "seed_offerings.csv"
REGIONS = {
    "east_africa",
    "west_africa",
    "north_africa",
    "southern_africa",
    "south_asia",
    "southeast_asia",
    "south_america",
}


def test_sizes_and_sector_coverage(session: Session) -> None:
    technologies = load_all(session, Technology)
    assert len(technologies) >= 40
    sectors = Counter(s for t in technologies for s in t.sectors)
    assert set(sectors) <= set(SECTORS)
    assert len(sectors) >= 10
    assert len(load_all(session, FinanceOffer)) >= 15
    assert len(load_all(session, TrainingOffer)) >= 15
    services = load_all(session, ServiceProvider)
    assert len(services) >= 10
    assert {"ip", "testing", "legal", "intermediary", "broker"} <= {s.kind for s in services}


def test_regions_covered(session: Session) -> None:
    book = get_region_book()
    covered: set[str] = set()
    for model in (Technology, FinanceOffer, TrainingOffer, ServiceProvider):
        for entry in load_all(session, model):
            covered |= set(entry.regions)
            covered |= {book.region_of(c) or "" for c in entry.countries}
    assert REGIONS | {"global"} <= covered


def test_every_entry_is_real_with_a_url_or_marked_illustrative(session: Session) -> None:
    for model in (Technology, FinanceOffer, TrainingOffer, ServiceProvider):
        for entry in load_all(session, model):
            assert entry.illustrative or entry.source_url, entry.external_id
            if entry.illustrative:
                assert not entry.source_url, entry.external_id


def test_technologies_have_matching_attributes(session: Session) -> None:
    for tech in load_all(session, Technology):
        assert tech.concepts and tech.sectors, tech.external_id
        assert tech.countries or tech.regions
        # Real entries give a cost only where their source states a price.
        if tech.illustrative:
            assert tech.cost_min_usd is not None and tech.cost_max_usd is not None
        assert tech.readiness in ("proven_commercial", "pilot")
        assert tech.provider is not None


def test_translated_entries_exist(session: Session) -> None:
    translated = [t for t in load_all(session, Technology) if {"fr", "sw"} <= set(t.translations)]
    assert len(translated) >= 5


@pytest.mark.skipif(not REFERENCE.exists(), reason=f"{REFERENCE} not present")
def test_every_reference_offering_is_in_the_seed() -> None:
    with REFERENCE.open(encoding="utf-8") as handle:
        reference = {row["id"]: row for row in csv.DictReader(handle)}
    seeded = {str(row["external_id"]): row for row in seed_rows()}
    assert set(reference) <= set(seeded)
    for offering_id, row in reference.items():
        urls = [u.strip() for u in row["source_urls"].split(" ; ")]
        assert seeded[offering_id]["source_url"] in urls, offering_id


SECTOR_DIR = SEED_DIR / "technologies"
LANGUAGES = ("fr", "es", "pt", "sw", "ar", "ha", "am")
SECTOR_FILES = sorted(SECTOR_DIR.glob("*.yaml"))


def _sector_records() -> list[tuple[str, dict[str, Any]]]:
    return [(path.stem, row) for path in SECTOR_FILES for row in read_file(path)]


def test_the_seed_loader_reads_the_sector_folder() -> None:
    assert SECTOR_FILES, f"no sector files in {SECTOR_DIR}"
    assert set(SECTOR_FILES) <= set(seed_files())
    seeded = {row["external_id"] for row in seed_rows()}
    assert {row["external_id"] for _, row in _sector_records()} <= seeded


@pytest.mark.parametrize("path", SECTOR_FILES, ids=lambda p: p.stem)
def test_every_sector_file_holds_enough_records_of_its_sector(path: Path) -> None:
    rows = read_file(path)
    assert len(rows) >= 12, path.name
    for row in rows:
        assert row["kind"] == "technology", row["external_id"]
        assert path.stem in row["sectors"], row["external_id"]


def test_sector_records_are_real_sourced_checked_and_translated(lexicon: Lexicon) -> None:
    for _, row in _sector_records():
        ident = row["external_id"]
        assert row.get("illustrative") is False, ident
        assert str(row.get("source_url", "")).startswith(("https://", "http://")), ident
        datetime.date.fromisoformat(str(row["checked"]))
        assert row["name"].strip() and row["summary"].strip(), ident
        translations = row.get("translations") or {}
        for language in LANGUAGES:
            entry = translations.get(language) or {}
            assert str(entry.get("name", "")).strip(), (ident, language)
            summary = str(entry.get("summary", "")).strip()
            assert summary and "\n" not in summary, (ident, language)
        assert row["concepts"] and set(row["concepts"]) <= set(lexicon.concepts), ident
        provider = row.get("provider") or {}
        assert str(provider.get("name", "")).strip(), ident


def test_unknown_availability_is_open_to_all_and_flagged() -> None:
    """Where the source does not say where it is sold, the entry excludes nobody ("global") and says
    "to confirm with a local partner"; countries, if any, are only where the source says it is proven."""
    flagged = 0
    for _, row in _sector_records():
        if row.get("availability") is not None:
            flagged += 1
            assert row["availability"] == "to_confirm", row["external_id"]
            assert "global" in (row.get("regions") or []), row["external_id"]
    assert flagged > 0


def test_sector_folder_loads_with_no_rejected_row(tmp_path: Path, lexicon: Lexicon) -> None:
    assert_loads_into_fresh_database(tmp_path, [row for _, row in _sector_records()], lexicon)


def test_external_ids_are_unique_across_all_seed_files() -> None:
    keys = Counter(
        (str(row["kind"]), str(row["external_id"])) for path in seed_files() for row in read_file(path)
    )
    assert [key for key, count in keys.items() if count > 1] == []
