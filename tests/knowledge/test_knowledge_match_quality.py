"""Matching quality: false mentions, the relevance threshold, the words reason, the request."""

from types import SimpleNamespace
from typing import Any

from knowledge.analysis.request import request_clause
from knowledge.geo import get_region_book
from knowledge.lexicon import Lexicon
from knowledge.lexicon.normalise import content_tokens
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.technologies import rank_technologies
from knowledge.matching.words import shared_words
from knowledge.models import Need
from knowledge.registry.exports import has_good_match


def _technology(id: int, concepts: list[str], sectors: list[str]) -> Any:
    return SimpleNamespace(
        id=id, concepts=concepts, sectors=sectors, countries=[], regions=["global"], org_types=[],
        cost_min_usd=None, needs_grid=False, readiness="pilot", provider=None,
    )  # fmt: skip


def _rank(lexicon: Lexicon, problem: str, entries: list[Any], text: list[float]) -> list[int]:
    need = Need(language="en", org_type="ngo", country="UG", problem=problem)
    profile = NeedProfile.from_need(need, lexicon, get_region_book())
    reasons = ReasonMaker(lexicon, get_region_book(), "en")
    return [s.entry.id for s in rank_technologies(entries, profile, lexicon, reasons, text_scores=text)]


def test_an_entry_sharing_only_the_general_concept_is_not_shown(lexicon: Lexicon) -> None:
    problem = "Our clinic needs cold storage for vaccines"
    vaccine_fridge = _technology(1, ["vaccine_cold_chain"], ["health"])
    milk_chiller = _technology(2, ["cold_storage", "dairy"], ["agriculture_food"])
    assert {"vaccine_cold_chain", "cold_storage"} <= set(lexicon.find(problem))
    assert _rank(lexicon, problem, [vaccine_fridge, milk_chiller], [0.3, 0.0]) == [1]


def test_nothing_is_shown_below_the_threshold(lexicon: Lexicon) -> None:
    same_sector_only = _technology(1, [], ["health"])
    assert _rank(lexicon, "Our clinic needs a vaccine refrigerator", [same_sector_only], [0.1]) == []
    # The same entry whose text answers the whole request is shown.
    assert _rank(lexicon, "Our clinic needs a vaccine refrigerator", [same_sector_only], [1.0]) == [1]


def test_function_words_are_not_query_words() -> None:
    assert content_tokens("Nous voulons des motos mais pas de maïs") == ["moto", "mai"]
    assert "mai" not in content_tokens("motos mais batteries")


def test_shared_words_quote_the_user_and_only_what_the_entry_says() -> None:
    words = shared_words(
        "Our clinic needs a fridge for the vaccines and lights",
        "Solar vaccine fridge",
        "A solar fridge for vaccines in clinics.",
        {"fr": {"name": "Réfrigérateur solaire", "summary": "Pour les vaccins."}},
    )
    assert words == ["clinic", "fridge", "vaccines"]
    assert shared_words("mais les batteries", "Maïs sheller", "Shells maïs", None) == []


def test_request_clause_in_several_languages() -> None:
    assert request_clause("The roofs fly off. We need houses that resist cyclones.", "en") == (
        "houses that resist cyclones."
    ).rstrip(".")
    assert request_clause("Il nous faut un séchoir solaire; merci", "fr") == "séchoir solaire"
    assert request_clause("Tunahitaji kikaushio cha jua", "sw") == "kikaushio cha jua"
    assert request_clause("ለመስኖ ፓምፕ እንፈልጋለን", "am") == "ለመስኖ ፓምፕ"
    assert request_clause("Just a story without a request", "en") == ""


def test_a_need_shown_only_word_matched_technologies_is_not_a_gap() -> None:
    def need_with(codes: list[str]) -> Any:
        match = SimpleNamespace(item_kind="technology", reasons=[{"code": c} for c in codes])
        return SimpleNamespace(matches=[match])

    assert has_good_match(need_with(["words", "country"]))
    assert has_good_match(need_with(["concept"]))
    assert not has_good_match(need_with(["sector", "country"]))
