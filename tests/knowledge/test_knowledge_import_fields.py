"""The importer stores the date a source was checked, availability "to_confirm", and the deadline
and application languages of finance offers; the API returns them; the CLI shows a progress bar
and leaves the database as it was when a file cannot be read."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.catalogue.importer import import_rows
from knowledge.cli import main
from knowledge.db import create_db_engine
from knowledge.lexicon import Lexicon
from knowledge.models import FinanceOffer, Technology
from tests.knowledge.helpers import Client

TECHNOLOGY: dict[str, Any] = {
    "kind": "technology",
    "external_id": "fog-net",
    "name": "Fog net",
    "summary": "Catches water from fog.",
    "sectors": ["water_sanitation"],
    "regions": ["global"],
    "source_url": "https://partner.example.org/fog-net",
    "provider": "Net Works",
    "checked": "2026-11-30",
    "availability": "to_confirm",
}
FINANCE: dict[str, Any] = {
    "kind": "finance",
    "external_id": "water-fund",
    "name": "Water fund",
    "summary": "Grants for water projects.",
    "provider": "Funder",
    "regions": ["global"],
    "source_url": "https://fund.example.org",
    "checked": "2026-11-29",
    "deadline": "yearly call, about January to March",
    "application_languages": "en;fr",
}


def test_checked_availability_deadline_and_languages_are_stored(
    session: Session, lexicon: Lexicon
) -> None:
    report = import_rows(session, [TECHNOLOGY, FINANCE], "partner-a", lexicon)
    assert (report.created, report.rejected_count, report.warnings) == (2, 0, [])
    technology = session.scalars(select(Technology).where(Technology.source == "partner-a")).one()
    assert technology.checked == datetime.date(2026, 11, 30)
    assert technology.availability == "to_confirm"
    offer = session.scalars(select(FinanceOffer).where(FinanceOffer.source == "partner-a")).one()
    assert offer.checked == datetime.date(2026, 11, 29) and offer.availability is None
    assert offer.deadline == "yearly call, about January to March"
    assert offer.application_languages == ["en", "fr"]
    assert import_rows(session, [TECHNOLOGY, FINANCE], "partner-a", lexicon).unchanged == 2
    changed = import_rows(session, [{**FINANCE, "deadline": "rolling"}], "partner-a", lexicon)
    assert changed.updated == 1 and offer.deadline == "rolling"


def test_an_unquoted_yaml_date_is_read_as_a_date(session: Session, lexicon: Lexicon) -> None:
    row = {**FINANCE, "checked": datetime.date(2026, 11, 1), "deadline": datetime.date(2027, 3, 31)}
    assert import_rows(session, [row], "partner-b", lexicon).created == 1
    offer = session.scalars(select(FinanceOffer).where(FinanceOffer.source == "partner-b")).one()
    assert (offer.checked, offer.deadline) == (datetime.date(2026, 11, 1), "2027-03-31")


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"checked": "30/11/2026"}, "checked:"),
        ({"checked": "2999-01-01"}, "checked: date 2999-01-01 is in the future"),
        ({"availability": "maybe"}, "availability:"),
        ({"application_languages": "English"}, "application_languages: not language codes: 'English'"),
        ({"deadline": "x" * 201}, "deadline:"),
    ],
)
def test_bad_values_are_rejected_with_the_field_named(
    session: Session, lexicon: Lexicon, override: dict[str, Any], reason: str
) -> None:
    report = import_rows(session, [{**FINANCE, **override}], "partner-c", lexicon)
    assert report.created == 0 and report.rejected_count == 1
    assert any(r.startswith(reason) for r in report.rejected[0].reasons), report.rejected[0].reasons


def test_the_seed_carries_checked_dates_and_unknown_availability(session: Session) -> None:
    technologies = session.scalars(select(Technology).where(Technology.illustrative.is_(False))).all()
    assert technologies and all(t.checked is not None for t in technologies)
    assert any(t.availability == "to_confirm" for t in technologies)
    offers = session.scalars(select(FinanceOffer).where(FinanceOffer.deadline.is_not(None))).all()
    assert len(offers) >= 30
    assert any(o.application_languages for o in offers)


def test_listings_return_the_new_fields(client: Client, session: Session) -> None:
    flagged = session.scalars(select(Technology).where(Technology.availability == "to_confirm")).first()
    assert flagged is not None
    page = client.get("/api/technologies", params={"limit": 200}).json()
    items = {item["id"]: item for item in page["items"]}
    while flagged.id not in items and len(items) < page["total"]:
        more = client.get("/api/technologies", params={"limit": 200, "offset": len(items)}).json()
        items.update({item["id"]: item for item in more["items"]})
    assert items[flagged.id]["availability"] == "to_confirm"
    assert items[flagged.id]["checked"] == flagged.checked.isoformat()  # type: ignore[union-attr]
    finance = client.get("/api/finance-offers", params={"limit": 5}).json()["items"][0]
    assert {"deadline", "application_languages", "checked", "availability"} <= set(finance)


def _count(url: str) -> tuple[int, object]:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(FinanceOffer)).scalar_one()
            latest = connection.execute(select(func.max(FinanceOffer.updated_at))).scalar_one()
            return count, latest
    finally:
        engine.dispose()


def _import(url: str, path: Path, *extra: str) -> int:
    return main(["--database-url", url, "import", str(path), "--source", "partner", *extra])


def test_cli_import_shows_a_progress_bar_unless_asked_not_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    main(["--database-url", url, "init-db", "--no-seed"])
    data = tmp_path / "offers.yaml"
    data.write_text(
        "finance_offers:\n"
        "- {external_id: a, name: A, summary: S, provider: P, regions: [global], illustrative: true}\n"
        "- {external_id: b, name: B, summary: S, provider: P, regions: [global], illustrative: true}\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert _import(url, data) == 0
    captured = capsys.readouterr()
    assert "2 created" in captured.out
    assert "import offers.yaml" in captured.err and "2/2" in captured.err
    assert _import(url, data, "--no-progress") == 0
    captured = capsys.readouterr()
    assert "2 unchanged" in captured.out and captured.err == ""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.json", '[{"kind": "finance", "external_id": "z", '),
        ("broken.yaml", "finance_offers:\n- {external_id: z, name: [unclosed\n"),
        ("broken.csv", "kind,external_id,name\rfinance,z,Z\n"),
        ("broken.csv", b"kind,external_id,name\nfinance,z,\xff\n"),
    ],
)
def test_a_malformed_file_leaves_the_database_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes
) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    main(["--database-url", url, "init-db", "--no-seed"])
    good = tmp_path / "good.json"
    good.write_text(
        '[{"kind": "finance", "external_id": "y", "name": "Y", "summary": "S", "provider": "P", '
        '"regions": ["global"], "illustrative": true}]',
        encoding="utf-8",
    )
    assert _import(url, good, "--no-progress") == 0
    before = _count(url)
    bad = tmp_path / name
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    capsys.readouterr()
    assert _import(url, bad) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert _count(url) == before
