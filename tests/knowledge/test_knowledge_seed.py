"""The seed catalogue meets its brief: size, coverage, provenance, translations."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from knowledge.catalogue.queries import load_all
from knowledge.catalogue.seed import seed_rows
from knowledge.geo import get_region_book
from knowledge.models import FinanceOffer, ServiceProvider, Technology, TrainingOffer
from knowledge.vocab import SECTORS

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "seed_offerings.csv"
REGIONS = {
    "east_africa",
    "west_africa",
    "north_africa",
    "southern_africa",
    "south_asia",
    "southeast_asia",
    "latin_america",
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
