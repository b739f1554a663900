"""The real catalogue files of ten sectors (waste, fisheries, buildings, transport, small
manufacturing, disaster risk, ICT, forestry, food processing, climate adaptation): each is sourced,
checked, real, in all eight languages, uses known lexicon concepts, and loads into a fresh database
with no rejected row."""

import datetime
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from knowledge.catalogue.readers import read_file
from knowledge.catalogue.seed import SEED_DIR, seed_files, seed_rows
from knowledge.lexicon import Lexicon
from knowledge.vocab import SECTORS
from tests.knowledge.helpers import assert_loads_into_fresh_database

SECTORS_HERE = (
    "waste_pollution",
    "coastal_marine_fisheries",
    "buildings_construction",
    "transport_mobility",
    "industry_manufacturing",
    "disaster_risk_early_warning",
    "ict_digital",
    "forestry_land_use",
    "food_processing",
    "climate_adaptation",
)
TRANSLATED = ("fr", "es", "pt", "sw", "ar", "ha", "am")
MIN_RECORDS = 12
# Every sector a need can be filed under has real technologies to offer; policy support is served
# by finance, training and intermediaries rather than by technologies.
MIN_PER_SECTOR = 15
WITHOUT_TECHNOLOGIES = ("cross_sectoral_policy",)
FILES = [SEED_DIR / "technologies" / f"{sector}.yaml" for sector in SECTORS_HERE]


def _rows(path: Path) -> list[dict[str, Any]]:
    return read_file(path)


def _all_rows() -> list[dict[str, Any]]:
    return [row for path in FILES for row in _rows(path)]


def test_every_sector_here_is_a_known_sector() -> None:
    assert set(SECTORS_HERE) <= set(SECTORS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_exists_and_holds_enough_records_of_its_sector(path: Path) -> None:
    assert path.exists(), path
    rows = _rows(path)
    assert len(rows) >= MIN_RECORDS, (path.name, len(rows))
    for row in rows:
        assert row["kind"] == "technology", row["external_id"]
        assert path.stem in row["sectors"], row["external_id"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_records_are_real_sourced_and_checked(path: Path) -> None:
    for row in _rows(path):
        ident = row["external_id"]
        assert row.get("illustrative") is False, ident
        assert str(row.get("source_url", "")).startswith("https://"), ident
        assert datetime.date.fromisoformat(str(row["checked"])) <= datetime.date(2026, 12, 31), ident
        provider = row.get("provider") or {}
        assert str(provider.get("name", "")).strip(), ident
        assert row.get("readiness") in ("proven_commercial", "pilot"), ident
        # A cost only where the source gave one, and then a sane range.
        low, high = row.get("cost_min_usd"), row.get("cost_max_usd")
        if low is not None and high is not None:
            assert 0 <= low <= high, ident


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_records_have_name_and_one_line_summary_in_all_eight_languages(path: Path) -> None:
    for row in _rows(path):
        ident = row["external_id"]
        assert row["name"].strip() and row["summary"].strip(), ident
        translations = row.get("translations") or {}
        for language in TRANSLATED:
            entry = translations.get(language) or {}
            assert str(entry.get("name", "")).strip(), (ident, language)
            summary = str(entry.get("summary", "")).strip()
            assert summary and "\n" not in summary, (ident, language)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_records_use_known_concepts(path: Path, lexicon: Lexicon) -> None:
    for row in _rows(path):
        assert row["concepts"], row["external_id"]
        unknown = set(row["concepts"]) - set(lexicon.concepts)
        assert not unknown, (row["external_id"], unknown)


def test_unknown_availability_is_open_to_all_and_flagged() -> None:
    for row in _all_rows():
        if row.get("availability") is not None:
            assert row["availability"] == "to_confirm", row["external_id"]
            assert row.get("regions") == ["global"] and not row.get("countries"), row["external_id"]
        else:
            assert row.get("countries") or row.get("regions"), row["external_id"]


def test_ids_are_unique_and_the_seed_loader_reads_these_files() -> None:
    ids = [row["external_id"] for row in _all_rows()]
    assert len(ids) == len(set(ids))
    assert set(ids) <= {row["external_id"] for row in seed_rows()}


def test_files_load_into_a_fresh_database_with_no_rejected_row(tmp_path: Path, lexicon: Lexicon) -> None:
    assert_loads_into_fresh_database(tmp_path, _all_rows(), lexicon)


def test_a_provider_is_described_the_same_way_in_every_seed_file() -> None:
    """Providers are shared rows keyed by name: two spellings of one provider's country or URL would
    make every re-seed flip it back and forth (never "unchanged")."""
    seen: dict[str, set[tuple[object, object]]] = {}
    for path in seed_files():
        for row in read_file(path):
            provider = row.get("provider")
            if isinstance(provider, dict):
                form = (provider.get("country"), provider.get("url"))
                seen.setdefault(provider["name"].strip(), set()).add(form)
    assert {name: forms for name, forms in seen.items() if len(forms) > 1} == {}


def test_every_sector_has_enough_real_technologies_in_the_seed() -> None:
    counts = Counter(
        sector
        for row in seed_rows()
        if row["kind"] == "technology" and not row.get("illustrative")
        for sector in row.get("sectors", [])
    )
    thin = {s: counts[s] for s in SECTORS if s not in WITHOUT_TECHNOLOGIES and counts[s] < MIN_PER_SECTOR}
    assert thin == {}
