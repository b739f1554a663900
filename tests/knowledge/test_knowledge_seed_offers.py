"""The seed offers (finance, training, services) are real, sourced, checked and in eight languages."""

import datetime
from pathlib import Path
from typing import Any

import pytest

from knowledge.catalogue.readers import read_file
from knowledge.catalogue.seed import SEED_DIR
from knowledge.lexicon import Lexicon
from tests.knowledge.helpers import assert_loads_into_fresh_database

LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar", "ha", "am")
OFFER_FILES = {
    "finance": SEED_DIR / "finance_offers.yaml",
    "training": SEED_DIR / "training_offers.yaml",
    "service": SEED_DIR / "service_providers.yaml",
}
# The brief: at least 60 real finance and 60 real training offers, and a directory of intermediaries.
MINIMUM_REAL = {"finance": 60, "training": 60, "service": 40}
MAX_ILLUSTRATIVE_SHARE = 0.10


def _rows(kind: str) -> list[dict[str, Any]]:
    rows = read_file(OFFER_FILES[kind])
    assert rows, OFFER_FILES[kind]
    for row in rows:
        assert row["kind"] == kind, row["external_id"]
    return rows


def _ids(row: dict[str, Any]) -> str:
    return str(row["external_id"])


@pytest.mark.parametrize("kind", sorted(OFFER_FILES))
def test_real_rows_name_their_source_and_when_it_was_checked(kind: str) -> None:
    real = [row for row in _rows(kind) if not row.get("illustrative")]
    assert len(real) >= MINIMUM_REAL[kind]
    for row in real:
        assert str(row.get("source_url", "")).startswith(("https://", "http://")), _ids(row)
        checked = datetime.date.fromisoformat(str(row.get("checked", "")))
        assert checked <= datetime.date.today() + datetime.timedelta(days=1), _ids(row)


@pytest.mark.parametrize("kind", sorted(OFFER_FILES))
def test_at_most_a_tenth_of_each_kind_is_illustrative(kind: str) -> None:
    rows = _rows(kind)
    illustrative = [row for row in rows if row.get("illustrative")]
    assert len(illustrative) <= MAX_ILLUSTRATIVE_SHARE * len(rows), [_ids(r) for r in illustrative]
    for row in illustrative:
        assert not row.get("source_url"), _ids(row)


@pytest.mark.parametrize("kind", sorted(OFFER_FILES))
def test_every_row_has_name_and_summary_in_all_eight_languages(kind: str) -> None:
    for row in _rows(kind):
        own = str(row.get("language") or "en")
        texts = {own: {"name": row.get("name"), "summary": row.get("summary")}}
        texts.update(row.get("translations") or {})
        for language in LANGUAGES:
            entry = texts.get(language) or {}
            assert str(entry.get("name") or "").strip(), (_ids(row), language)
            summary = str(entry.get("summary") or "").strip()
            assert summary and "\n" not in summary, (_ids(row), language)


@pytest.mark.parametrize("kind", sorted(OFFER_FILES))
def test_external_ids_are_unique(kind: str) -> None:
    ids = [_ids(row) for row in _rows(kind)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_training_rows_say_their_languages_format_and_cost() -> None:
    for row in _rows("training"):
        assert row.get("languages"), _ids(row)
        assert row.get("format") in ("online", "in_person", "blended"), _ids(row)
        assert isinstance(row.get("free"), bool), _ids(row)


def test_services_cover_every_kind_and_many_intermediary_countries() -> None:
    rows = [row for row in _rows("service") if not row.get("illustrative")]
    assert {"ip", "testing", "legal", "intermediary", "broker"} <= {row["service_kind"] for row in rows}
    local = {row["based_in"] for row in rows if row["service_kind"] == "intermediary" and row.get("based_in")}
    assert len(local) >= 20, sorted(local)


@pytest.mark.parametrize("kind", sorted(OFFER_FILES))
def test_each_file_loads_into_a_fresh_database_with_no_rejected_row(
    kind: str, tmp_path: Path, lexicon: Lexicon
) -> None:
    assert_loads_into_fresh_database(tmp_path, _rows(kind), lexicon)
