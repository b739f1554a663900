# ruff: noqa: E501 - CSV fixtures are kept as real one-line rows
"""Importer: good rows, bad rows with reasons, upsert idempotence, CSV/JSON/YAML readers."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.catalogue.importer import import_rows, validate_source
from knowledge.catalogue.readers import PayloadError, parse_payload, read_file
from knowledge.lexicon import Lexicon
from knowledge.models import FinanceOffer, Provider, ServiceProvider, Technology, TrainingOffer

GOOD_CSV = """kind,external_id,name,summary,sectors,concepts,countries,regions,cost_min_usd,cost_max_usd,needs_grid,readiness,org_types,provider,provider_country,provider_url,illustrative,source_url,name_fr,summary_fr
technology,dryer-1,Partner solar dryer,A tested solar dryer.,agriculture_food,solar_drying;post_harvest_loss,KE;UG,,400,900,false,proven_commercial,farmer_cooperative;sme,Partner Works,KE,https://partner.example.org,,https://partner.example.org/dryer-1,Séchoir solaire partenaire,Un séchoir solaire testé.
technology,pump-1,Partner pump,A pump.,agriculture_food|water_sanitation,irrigation,,global,100,200,no,pilot,,Partner Works,KE,,true,,,
"""

BAD_CSV = """kind,external_id,name,summary,sectors,concepts,countries,regions,cost_min_usd,cost_max_usd,readiness,illustrative,source_url,provider
technology,bad-1,Bad one,Text,agro,solar_drying,XX,,100,50,pilot,true,,P
technology,bad-2,No reach,Text,health,,,,,,proven_commercial,true,,P
technology,bad-3,No provenance,Text,health,unknown_concept,KE,,,,proven_commercial,,,P
spaceship,bad-4,Unknown kind,Text,health,,KE,,,,,true,,P
technology,,No id,Text,health,,KE,,,,,true,,P
finance,bad-6,Bad url,Text,,,,global,,,,,ftp://example.org,P
"""


def test_good_csv_rows_are_created_with_translations_and_provider(
    session: Session, lexicon: Lexicon
) -> None:
    report = import_rows(session, parse_payload(GOOD_CSV, "csv"), "partner-a", lexicon)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, [])
    dryer = session.scalar(select(Technology).where(Technology.external_id == "dryer-1"))
    assert dryer is not None
    assert dryer.source == "partner-a"
    assert dryer.countries == ["KE", "UG"]
    assert dryer.concepts == ["solar_drying", "post_harvest_loss"]
    assert dryer.org_types == ["farmer_cooperative", "sme"]
    assert dryer.translations == {
        "fr": {"name": "Séchoir solaire partenaire", "summary": "Un séchoir solaire testé."}
    }
    assert dryer.provider is not None and dryer.provider.url == "https://partner.example.org"
    pump = session.scalar(select(Technology).where(Technology.external_id == "pump-1"))
    assert pump is not None and pump.sectors == ["agriculture_food", "water_sanitation"]
    assert pump.needs_grid is False and pump.illustrative is True and pump.readiness == "pilot"
    assert pump.provider_id == dryer.provider_id  # one provider row for both


def test_bad_rows_are_rejected_with_reasons(session: Session, lexicon: Lexicon) -> None:
    report = import_rows(session, parse_payload(BAD_CSV, "csv"), "partner-b", lexicon)
    assert report.created == 0
    reasons = {r.row: r.reasons for r in report.rejected}
    assert sorted(reasons) == [1, 2, 3, 4, 5, 6]
    assert "sectors: unknown sector 'agro'" in reasons[1]
    assert "countries: unknown country code 'XX'" in reasons[1]
    assert reasons[2] == ["no availability: give countries or regions ('global' for all)"]
    assert "concepts: unknown concept 'unknown_concept'" in reasons[3]
    assert any("source_url" in r for r in reasons[3]) is False  # field errors come first
    assert reasons[4] == ["kind: must be one of technology, finance, training, service"]
    assert any(r.startswith("external_id:") for r in reasons[5])
    assert any(r.startswith("source_url:") for r in reasons[6])
    assert report.rejected[0].external_id == "bad-1"
    assert session.scalar(select(Technology).where(Technology.source == "partner-b")) is None


def test_row_level_rules(session: Session, lexicon: Lexicon) -> None:
    rows = [
        {
            "kind": "technology",
            "external_id": "a",
            "name": "A",
            "summary": "S",
            "sectors": ["health"],
            "regions": ["global"],
            "illustrative": True,
            "cost_min_usd": 900,
            "cost_max_usd": 100,
        },
        {
            "kind": "finance",
            "external_id": "b",
            "name": "B",
            "summary": "S",
            "provider": "P",
            "regions": ["global"],
        },
        {
            "kind": "training",
            "external_id": "c",
            "name": "C",
            "summary": "S",
            "provider": "P",
            "regions": ["global"],
            "illustrative": True,
            "languages": [],
        },
        {
            "kind": "service",
            "external_id": "d",
            "name": "D",
            "summary": "S",
            "service_kind": "wizard",
            "regions": ["global"],
            "illustrative": True,
        },
    ]
    report = import_rows(session, rows, "partner-c", lexicon)
    reasons = {r.external_id: r.reasons for r in report.rejected}
    assert reasons["a"] == ["cost: minimum 900 is above maximum 100"]
    assert reasons["b"] == [
        "a real programme needs source_url; mark examples with illustrative: true"
    ]
    assert any(r.startswith("languages:") for r in reasons["c"])
    assert any(r.startswith("service_kind:") for r in reasons["d"])


def test_upsert_is_idempotent_and_updates_changed_rows(session: Session, lexicon: Lexicon) -> None:
    rows = parse_payload(GOOD_CSV, "csv")
    first = import_rows(session, rows, "partner-a", lexicon)
    session.commit()
    again = import_rows(session, parse_payload(GOOD_CSV, "csv"), "partner-a", lexicon)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = GOOD_CSV.replace("A tested solar dryer.", "A tested and certified solar dryer.")
    third = import_rows(session, parse_payload(changed, "csv"), "partner-a", lexicon)
    session.commit()
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    dryers = session.scalars(select(Technology).where(Technology.external_id == "dryer-1")).all()
    assert len(dryers) == 1 and dryers[0].summary == "A tested and certified solar dryer."
    assert first.created == 2
    assert len(session.scalars(select(Provider).where(Provider.source == "partner-a")).all()) == 1


def test_duplicate_external_id_in_one_file_is_rejected(session: Session, lexicon: Lexicon) -> None:
    row = {
        "kind": "finance",
        "external_id": "x",
        "name": "X",
        "summary": "S",
        "provider": "P",
        "regions": ["global"],
        "illustrative": True,
    }
    report = import_rows(session, [row, dict(row, name="Y")], "partner-d", lexicon)
    assert report.created == 1
    assert report.rejected[0].row == 2
    assert "duplicate external_id" in report.rejected[0].reasons[0]


def test_json_object_and_list_shapes(session: Session, lexicon: Lexicon) -> None:
    payload = {
        "finance_offers": [
            {
                "external_id": "f",
                "name": "F",
                "summary": "S",
                "provider": "P",
                "regions": ["global"],
                "illustrative": True,
                "eligible_org_types": ["ngo"],
            }
        ],
        "training_offers": [
            {
                "external_id": "t",
                "name": "T",
                "summary": "S",
                "provider": "P",
                "regions": ["west_africa"],
                "illustrative": True,
                "languages": ["fr", "ha"],
            }
        ],
        "service_providers": [
            {
                "external_id": "s",
                "name": "S",
                "summary": "S",
                "service_kind": "legal",
                "countries": ["sn"],
                "based_in": "sn",
                "illustrative": True,
            }
        ],
    }
    report = import_rows(session, parse_payload(json.dumps(payload), "json"), "partner-e", lexicon)
    assert report.created == 3 and not report.rejected
    service = session.scalar(select(ServiceProvider).where(ServiceProvider.source == "partner-e"))
    assert service is not None and service.kind == "legal" and service.countries == ["SN"]
    assert service.based_in == "SN"
    training = session.scalar(select(TrainingOffer).where(TrainingOffer.source == "partner-e"))
    assert training is not None and training.languages == ["fr", "ha"]
    listed = parse_payload(json.dumps([{"kind": "finance_offer", "external_id": "g"}]), "json")
    assert listed == [{"kind": "finance_offer", "external_id": "g"}]
    assert (
        session.scalar(select(FinanceOffer).where(FinanceOffer.source == "partner-e")) is not None
    )


def test_unknown_fields_are_reported_as_warnings(session: Session, lexicon: Lexicon) -> None:
    row = {
        "kind": "finance",
        "external_id": "w",
        "name": "W",
        "summary": "S",
        "provider": "P",
        "regions": ["global"],
        "illustrative": True,
        "sector": "health",
    }
    report = import_rows(session, [row], "partner-f", lexicon)
    assert report.created == 1
    assert report.warnings == ["ignored unknown field 'sector'"]


def test_unreadable_payloads(tmp_path: Path) -> None:
    with pytest.raises(PayloadError, match="not valid JSON"):
        parse_payload("{not json", "json")
    with pytest.raises(PayloadError, match="unexpected top-level key"):
        parse_payload('{"planets": []}', "json")
    with pytest.raises(PayloadError, match="empty CSV"):
        parse_payload("", "csv")
    with pytest.raises(PayloadError, match="unsupported format"):
        parse_payload("x", "xml")
    with pytest.raises(PayloadError, match="cannot read"):
        read_file(tmp_path / "missing.csv")


def test_non_object_rows_and_ragged_csv(session: Session, lexicon: Lexicon) -> None:
    report = import_rows(session, parse_payload("[1, 2]", "json"), "partner-g", lexicon)
    assert [r.reasons for r in report.rejected] == [["row is not an object"]] * 2
    ragged = "kind,external_id\nfinance,a,extra,cells\n"
    report = import_rows(session, parse_payload(ragged, "csv"), "partner-g", lexicon)
    assert report.rejected[0].reasons == ["more cells than header columns"]


def test_default_kind_for_rows_without_one() -> None:
    rows = parse_payload("external_id,name\na,A\n", "csv", default_kind="training")
    assert rows == [{"external_id": "a", "name": "A", "kind": "training"}]


def test_source_names_are_validated() -> None:
    assert validate_source("wipo-green") == "wipo-green"
    for bad in ("", "Has Space", "x" * 65, "-start"):
        with pytest.raises(ValueError):
            validate_source(bad)
