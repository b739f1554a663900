"""The typed models on a migrated SQLite database: relationships, references, cascades."""

import re
from datetime import timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.models import (
    FinanceOffer,
    Match,
    Need,
    Provider,
    Referral,
    ServiceProvider,
    Technology,
)
from knowledge.registry.references import ALPHABET, PATTERN, new_reference, normalise_reference


def _need(**overrides: object) -> Need:
    values: dict[str, object] = dict(
        sender_id="s1",
        channel="web",
        language="fr",
        org_type="ngo",
        country="SN",
        title="Eau potable",
        problem="L'eau du puits est sale",
        consent_store=True,
    )
    values.update(overrides)
    return Need(**values)


def test_references_are_random_base32_and_read_forgivingly() -> None:
    made = {new_reference() for _ in range(200)}
    assert len(made) == 200  # 50 random bits: no repeats, nothing sequential to guess from
    for reference in made:
        assert re.fullmatch(PATTERN, reference) and len(reference) == 13
        assert set(reference[3:]) <= set(ALPHABET) and not set(reference[3:]) & set("ILOU")
    assert normalise_reference(" tn-7kq2m9xd4a ") == "TN-7KQ2M9XD4A"
    assert normalise_reference("TN-O1IL00") == "TN-011100"  # O read as 0, I and L as 1
    assert normalise_reference("TN-000042") == "TN-000042"  # old sequential references
    assert re.fullmatch(PATTERN, "TN-000042")


def test_technology_has_its_provider(session: Session) -> None:
    tech = session.scalar(
        select(Technology).where(Technology.external_id == "kalro-solar-mango-dryer")
    )
    assert tech is not None
    assert tech.provider is not None
    assert tech.provider.country == "KE"
    assert tech in tech.provider.technologies
    assert tech.translations["fr"]["name"].startswith("Séchoir solaire")
    assert tech.created_at.tzinfo is timezone.utc


def test_catalogue_key_is_unique_per_source(session: Session) -> None:
    session.add(
        FinanceOffer(
            source="seed",
            external_id="gif",
            name="Dup",
            summary="Dup",
            provider="X",
            regions=["global"],
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_same_external_id_allowed_in_another_source(session: Session) -> None:
    session.add(
        FinanceOffer(
            source="partner",
            external_id="gif",
            name="Other",
            summary="Other",
            provider="X",
            regions=["global"],
        )
    )
    session.flush()
    assert (
        session.scalar(
            select(func.count()).select_from(FinanceOffer).where(FinanceOffer.external_id == "gif")
        )
        == 2
    )


def test_need_defaults_and_json_fields(session: Session) -> None:
    need = _need(support_sought=["finance", "training"])
    session.add(need)
    session.flush()
    need.reference = new_reference()
    session.commit()
    session.expire_all()
    stored = session.scalar(select(Need).where(Need.reference == need.reference))
    assert stored is not None
    assert stored.status == "submitted"
    assert stored.consent_share is False
    assert stored.support_sought == ["finance", "training"]
    assert stored.created_at.tzinfo is not None
    assert "L'eau du puits est sale" in stored.text


def test_deleting_a_need_deletes_its_matches_and_referrals(session: Session) -> None:
    provider = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kebs"))
    assert provider is not None
    need = _need()
    session.add(need)
    session.flush()
    session.add(
        Match(
            need_id=need.id,
            item_kind="technology",
            item_id=1,
            rank=1,
            score=2.5,
            reasons=[{"code": "global", "params": {}}],
        )
    )
    session.add(Referral(need=need, service_provider=provider))
    session.commit()
    assert session.scalar(select(func.count()).select_from(Referral)) == 1
    session.delete(need)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Match)) == 0
    assert session.scalar(select(func.count()).select_from(Referral)) == 0
    # The catalogue entry stays.
    assert session.get(ServiceProvider, provider.id) is not None


def test_sqlite_enforces_foreign_keys(session: Session) -> None:
    session.add(Match(need_id=999_999, item_kind="technology", item_id=1, rank=1, score=0.0))
    with pytest.raises(IntegrityError):
        session.flush()


def test_provider_deletion_keeps_technology(session: Session) -> None:
    provider = Provider(source="p", external_id="acme", name="Acme")
    tech = Technology(
        source="p",
        external_id="t",
        name="T",
        summary="S",
        sectors=["health"],
        regions=["global"],
        provider=provider,
    )
    session.add(tech)
    session.commit()
    session.delete(provider)
    session.commit()
    session.refresh(tech)
    assert tech.provider_id is None


def test_a_match_is_recorded_once_per_need_and_item(session: Session) -> None:
    need = _need()
    session.add(need)
    session.flush()
    for rank in (1, 2):
        session.add(Match(need_id=need.id, item_kind="technology", item_id=7, rank=rank, score=1.0))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_need_is_referred_once_per_provider(session: Session) -> None:
    provider = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kebs"))
    need = _need()
    session.add_all([need, Referral(need=need, service_provider=provider)])
    session.flush()
    session.add(Referral(need=need, service_provider=provider))
    with pytest.raises(IntegrityError):
        session.flush()
