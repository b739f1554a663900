"""knowledge.search against the per-request BM25 it replaced, on real SQLite and PostgreSQL:
the same documents, the same scores, the same ranked results, filters that never let an
ineligible entry through, and an index that follows the catalogue as it changes."""

from typing import Any

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from knowledge.catalogue.importer import import_rows
from knowledge.catalogue.queries import load_all
from knowledge.db import create_db_engine
from knowledge.geo import get_region_book
from knowledge.lexicon import Lexicon
from knowledge.matching.filters import (
    org_type_fits,
    sector_or_concept_fits,
    ticket_fits,
    where_available,
    within_budget,
)
from knowledge.matching.offers import rank_finance, rank_services, rank_training
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.scoring import Scored
from knowledge.matching.technologies import rank_technologies
from knowledge.matching.text_index import entry_tokens, relevance
from knowledge.models import FinanceOffer, Need, ServiceProvider, Technology, TrainingOffer
from knowledge.registry.matching import match_page, offers_for
from knowledge.search import table_index
from knowledge.search.cache import search_indexes
from knowledge.search.documents import document_tokens
from knowledge.search.retrieval import candidates
from tests.knowledge.conftest import migrate_and_seed

MODELS = (Technology, FinanceOffer, TrainingOffer, ServiceProvider)
DRYING = "We need food drying equipment to dry fruit and cut post-harvest losses"
# The needs of test_knowledge_matching.py, with the constraints those tests vary.
NEEDS: list[dict[str, Any]] = [
    dict(problem="We lose half of our mangoes after harvest; we want to dry them with a solar dryer",
         budget_band="5k-50k"),
    dict(problem="séchage solaire des mangues", language="fr"),
    dict(problem="Tunahitaji kikaushio cha jua kwa maembe", language="sw"),
    dict(problem=DRYING, grid_access="none"),
    dict(problem=DRYING, grid_access="reliable"),
    dict(problem="Our tomatoes rot: we need cold storage", budget_band="<5k"),
    dict(problem="Our tomatoes rot: we need cold storage", budget_band="50k-250k"),
    dict(problem="We need water for our crops: fog collection or drip irrigation", country="PE"),
    dict(problem="Solar street lighting for the market roads", org_type="municipality"),
    dict(problem="Solar street lighting for the market roads", org_type="individual_farmer"),
    dict(problem="milk cooling for our dairy collection centre", country="TZ", language="es"),
    dict(problem="Restore the forest and protect biodiversity", org_type="ngo"),
    dict(problem="energy saving in our factory", org_type="sme", country="TH"),
    dict(problem="a mini-grid", org_type="startup", budget_band=">2.5M"),
    dict(problem="We want drip irrigation for vegetables", language="ha", country="NE"),
    dict(problem="نحتاج إلى ري بالتنقيط بالطاقة الشمسية", language="ar", country="EG", org_type="sme"),
    dict(problem="anything"),
]  # fmt: skip


def make_need(**values: Any) -> Need:
    fields: dict[str, Any] = dict(sender_id="s", channel="web", language="en", org_type="farmer_cooperative",
                                  country="KE", title="", consent_store=True)  # fmt: skip
    fields.update(values)
    return Need(**fields)


def context(need: Need, lexicon: Lexicon) -> tuple[NeedProfile, ReasonMaker]:
    regions = get_region_book()
    return NeedProfile.from_need(need, lexicon, regions), ReasonMaker(lexicon, regions, need.language)


def summary(ranked: list[Scored]) -> list[tuple[int, float, list[Any]]]:
    return [(s.entry.id, s.score, [r.model_dump() for r in s.reasons]) for s in ranked]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, lexicon: Lexicon) -> str:
    """A migrated, seeded database of this test's own, on each engine."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("db_url"))
    url = str(request.getfixturevalue("postgres_database"))
    migrate_and_seed(url, lexicon)
    return url


@pytest.fixture
def engines(database: str) -> Any:
    """Two engines on one database: two processes of the knowledge API."""
    made = [create_db_engine(database), create_db_engine(database)]
    yield made
    for engine in made:
        engine.dispose()


def test_documents_are_the_old_documents(session: Session, lexicon: Lexicon) -> None:
    for model in MODELS:
        for entry in load_all(session, model):
            new = document_tokens(entry.name, entry.summary, entry.translations, entry.concepts, lexicon)
            assert new == entry_tokens(entry, lexicon), entry.external_id


def test_scores_equal_the_per_request_bm25(engines: list[Engine], lexicon: Lexicon) -> None:
    with Session(engines[0]) as session:
        for model in MODELS:
            entries = load_all(session, model)
            index = search_indexes(session, lexicon).index(session, model)
            assert index.ids.tolist() == [e.id for e in entries]
            for values in NEEDS:
                profile = context(make_need(**values), lexicon)[0]
                expected = relevance(entries, profile.query_tokens, lexicon)
                assert index.relevance(profile.query_tokens).tolist() == expected, (model, values)


def test_ranked_results_equal_the_old_path(
    engines: list[Engine], lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same pages as scoring the whole catalogue: the first 30 results of each list
    (ten "more" pages) with the default bounds, and every result with unbounded ones."""
    for values in NEEDS:
        _same_ranking(engines[0], lexicon, make_need(**values), first=30)
    monkeypatch.setattr(table_index, "TEXT_CANDIDATES", 100_000)
    monkeypatch.setattr(table_index, "TOPIC_CANDIDATES", 100_000)
    for values in NEEDS:
        _same_ranking(engines[0], lexicon, make_need(**values), first=None)


def _same_ranking(engine: Engine, lexicon: Lexicon, need: Need, first: int | None) -> None:
    with Session(engine) as session:
        profile, reasons = context(need, lexicon)
        old = rank_technologies(load_all(session, Technology), profile, lexicon, reasons)
        found, text = candidates(session, Technology, profile, lexicon)
        new = rank_technologies(found, profile, lexicon, reasons, text_scores=text)
        assert summary(new)[:first] == summary(old)[:first], need.problem
        old = rank_finance(load_all(session, FinanceOffer), profile, lexicon, reasons)
        found, text = candidates(session, FinanceOffer, profile, lexicon)
        new = rank_finance(found, profile, lexicon, reasons, text_scores=text)
        assert summary(new)[:first] == summary(old)[:first], need.problem
        old = rank_training(load_all(session, TrainingOffer), profile, lexicon, reasons)
        found, text = candidates(session, TrainingOffer, profile, lexicon)
        new = rank_training(found, profile, lexicon, reasons, text_scores=text)
        assert summary(new)[:first] == summary(old)[:first], need.problem
        old = rank_services(load_all(session, ServiceProvider), profile, reasons)
        found, _ = candidates(session, ServiceProvider, profile, lexicon)
        assert summary(rank_services(found, profile, reasons))[:first] == summary(old)[:first], need.problem


def test_few_candidates_still_give_the_same_first_results(
    session: Session, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for only a handful of candidates (a catalogue far larger than the bound),
    the first page is still the old path's first page."""
    monkeypatch.setattr(table_index, "TEXT_CANDIDATES", 8)
    monkeypatch.setattr(table_index, "TOPIC_CANDIDATES", 2)
    for values in NEEDS[:3] + NEEDS[5:6]:
        profile, reasons = context(make_need(**values), lexicon)
        old = rank_technologies(load_all(session, Technology), profile, lexicon, reasons)
        found, text = candidates(session, Technology, profile, lexicon, at_least=3)
        assert len(found) <= 8 + 3  # at_least raises the second bound to 3
        new = rank_technologies(found, profile, lexicon, reasons, text_scores=text)
        assert summary(new[:3]) == summary(old[:3]), values["problem"]


def _import(engine: Engine, lexicon: Lexicon, **row: Any) -> None:
    base = {
        "kind": "technology",
        "external_id": "zx-dryer",
        "name": "Zorblex cabinet",
        "regions": ["east_africa"],
        "summary": "A zorblex cabinet for fruit.",
        "source_url": "https://partner.example.org/zx-dryer",
        "concepts": ["solar_drying"],
        "sectors": ["agriculture_food"],
    }
    with Session(engine) as session:
        report = import_rows(session, [{**base, **row}], "partner", lexicon)
        assert report.rejected_count == 0, report.rejected
        session.commit()


def _page_ids(engine: Engine, lexicon: Lexicon, need: Need) -> list[int]:
    with Session(engine) as session:
        return [item.id for item in match_page(session, need, need.language, 0, 50, lexicon).items]


def _availability(engine: Engine, lexicon: Lexicon, need: Need) -> dict[int, set[str]]:
    """Each result's availability reasons (country, region, worldwide)."""
    with Session(engine) as session:
        items = match_page(session, need, need.language, 0, 50, lexicon).items
    return {i.id: {r.code for r in i.reasons} & {"country", "region", "global"} for i in items}


def _zorblex_id(engine: Engine) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(Technology.id).where(Technology.external_id == "zx-dryer"))


def test_import_add_update_and_removal_reach_every_process(engines: list[Engine], lexicon: Lexicon) -> None:
    reader, writer = engines
    need = make_need(problem="zorblex")
    assert _page_ids(reader, lexicon, need) == []
    with Session(reader) as session:
        builds = search_indexes(session, lexicon).builds
    _import(writer, lexicon)  # added by another process, through the importer
    added = _zorblex_id(writer)
    assert _page_ids(reader, lexicon, need) == [added]
    _import(writer, lexicon, summary="A cabinet for fruit.", name="Cabinet dryer")  # the word is gone
    assert added not in _page_ids(reader, lexicon, need)
    assert added in _page_ids(reader, lexicon, make_need(problem="cabinet dryer for fruit"))
    _import(writer, lexicon, name="Zorblex cabinet", regions=["south_asia"])  # no longer offered in Kenya
    assert _availability(reader, lexicon, need) == {added: set()}  # still shown, claims none
    assert _page_ids(reader, lexicon, make_need(problem="zorblex", country="IN")) == [added]
    with Session(writer) as session:  # the importer has no deletion: a row removed otherwise
        session.execute(delete(Technology).where(Technology.id == added))
        session.commit()
    assert _page_ids(reader, lexicon, make_need(problem="zorblex", country="IN")) == []
    with Session(reader) as session:
        assert search_indexes(session, lexicon).builds == builds + 4  # once per change, not per request


def test_french_and_swahili_needs_reach_an_english_only_entry(
    engines: list[Engine], lexicon: Lexicon
) -> None:
    engine = engines[0]
    _import(engine, lexicon, regions=["global"])
    added = _zorblex_id(engine)
    for language, problem in (
        ("fr", "séchoir solaire"),
        ("sw", "kikaushio cha jua"),
        ("es", "secador solar"),
    ):
        need = make_need(problem=problem, language=language, country="SN")
        with Session(engine) as session:
            profile, _ = context(need, lexicon)
            found, text = candidates(session, Technology, profile, lexicon)
            assert text[[e.id for e in found].index(added)] > 0  # reached by its words, not by chance
            page = match_page(session, need, language, 0, 50, lexicon)
        item = next(i for i in page.items if i.id == added)
        assert item.language == "en" and item.translated is False
        assert item.reasons[0].code == "concept"


MANY_TOPICS = "solar dryer cold storage irrigation mini-grid energy water"


@pytest.mark.parametrize("country", ["KE", "PE", "TH", "NG"])
def test_eligibility_never_violated(session: Session, lexicon: Lexicon, country: str) -> None:
    by_id = {t.id: t for t in load_all(session, Technology)}
    finance_by_id = {f.id: f for f in load_all(session, FinanceOffer)}
    for org_type in ("municipality", "individual_farmer", "sme", "ngo"):
        for band in ("<5k", "5k-50k", ">2.5M"):
            for grid in ("none", "reliable"):
                need = make_need(problem=MANY_TOPICS, country=country,
                                 org_type=org_type, budget_band=band, grid_access=grid)  # fmt: skip
                profile, _ = context(need, lexicon)
                for item in match_page(session, need, "en", 0, 50, lexicon).items:
                    tech = by_id[item.id]  # listed elsewhere is allowed (after the available)
                    assert org_type_fits(tech.org_types, org_type)
                    assert within_budget(tech.cost_min_usd, band) is not False
                    assert not (grid == "none" and tech.needs_grid)
                for item in offers_for(session, need, "en", 50, lexicon).finance:
                    offer = finance_by_id[item.id]
                    assert where_available(offer, profile) is not None
                    assert org_type_fits(offer.eligible_org_types, org_type)
                    assert ticket_fits(offer.amount_min_usd, offer.amount_max_usd, band) is not False


@pytest.mark.parametrize("values", NEEDS[:6], ids=lambda v: v["problem"][:30])
def test_the_mask_is_never_stricter_than_the_filters(
    session: Session, lexicon: Lexicon, values: dict[str, Any]
) -> None:
    """Every entry the filters accept is eligible in the index (so none is lost to it)."""
    profile, _ = context(make_need(**values), lexicon)
    for model in (Technology, FinanceOffer, TrainingOffer, ServiceProvider):
        index = search_indexes(session, lexicon).index(session, model)
        mask = dict(zip(index.ids.tolist(), index.eligible(profile).tolist(), strict=True))
        accepted = [e for e in load_all(session, model) if _passes_filters(e, profile)]
        assert accepted
        for entry in accepted:
            assert mask[entry.id], (model.__name__, entry.external_id)


def _passes_filters(entry: Any, profile: NeedProfile) -> bool:
    if isinstance(entry, Technology):  # a technology listed only elsewhere is still a candidate
        return (
            org_type_fits(entry.org_types, profile.org_type)
            and within_budget(entry.cost_min_usd, profile.budget_band) is not False
            and not (profile.grid_access == "none" and entry.needs_grid)
        )
    if where_available(entry, profile) is None:
        return False
    if isinstance(entry, FinanceOffer):
        ticket = ticket_fits(entry.amount_min_usd, entry.amount_max_usd, profile.budget_band)
        if not org_type_fits(entry.eligible_org_types, profile.org_type) or ticket is False:
            return False
    return isinstance(entry, ServiceProvider) or sector_or_concept_fits(entry, profile)
