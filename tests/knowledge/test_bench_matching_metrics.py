"""The judged-relevance benchmark's metrics (bench/matching/metrics.py) on hand-computed cases,
its needs files (every one valid, eight languages, twins linked both ways) and the judging rules
for offers (bench/matching/judging.py)."""

import math
from collections import Counter
from types import SimpleNamespace

import pytest

from bench.matching.cases import BenchNeed, load_needs, split_of
from bench.matching.judging import grade_finance, grade_training
from bench.matching.metrics import (
    dcg,
    hit_at,
    ndcg_at,
    overlap_at,
    precision_at,
    recall_at,
    reciprocal_rank,
    title_fits,
)

GRADES = {"a": 3, "b": 2, "c": 1, "d": 0}


def test_dcg_uses_exponential_gain_and_log2_discount() -> None:
    # (2^3-1)/log2(2) + (2^0-1)/log2(3) + (2^2-1)/log2(4) = 7 + 0 + 1.5
    assert dcg([3, 0, 2]) == pytest.approx(8.5)


def test_ndcg_against_the_ideal_order_of_all_judged_records() -> None:
    ideal = 7 + 3 / math.log2(3) + 1 / 2  # a, b, c
    got = 1 / 1 + 7 / math.log2(3)  # c, a, then an unjudged record (0)
    assert ndcg_at(["c", "a", "x"], GRADES, 3) == pytest.approx(got / ideal)
    assert ndcg_at(["a", "b", "c"], GRADES, 3) == pytest.approx(1.0)


def test_ndcg_is_undefined_when_nothing_is_relevant_at_all() -> None:
    assert ndcg_at(["d"], {"d": 0}, 3) is None


def test_precision_counts_grades_two_and_up_over_k_places() -> None:
    assert precision_at(["a", "c", "b"], GRADES, 3) == pytest.approx(2 / 3)
    assert precision_at(["a"], GRADES, 3) == pytest.approx(1 / 3)  # empty places are misses


def test_recall_over_all_relevant_records() -> None:
    assert recall_at(["c", "b"], GRADES, 10) == pytest.approx(1 / 2)
    assert recall_at(["c"], {"c": 1}, 10) is None


def test_reciprocal_rank_of_the_first_relevant_record() -> None:
    assert reciprocal_rank(["d", "c", "b", "a"], GRADES) == pytest.approx(1 / 3)
    assert reciprocal_rank(["d", "c"], GRADES) == 0.0


def test_hit_within_the_first_k() -> None:
    assert hit_at(["d", "c", "b"], GRADES, 3)
    assert not hit_at(["d", "c", "b"], GRADES, 2)


def test_overlap_over_the_longer_ranking() -> None:
    assert overlap_at(["a", "b", "c"], ["c", "a", "x"], 3) == pytest.approx(2 / 3)
    assert overlap_at(["a"], ["a", "b"], 3) == pytest.approx(1 / 2)
    assert overlap_at([], [], 3) == 1.0


def test_title_needs_one_stem_of_every_group_accents_and_case_aside() -> None:
    groups = [("mangue",), ("sech", "seche")]
    assert title_fits("Séchage – mangues", groups)
    assert not title_fits("Fruits et légumes", groups)
    assert title_fits("ርካሽ የቡና ፍሳሽ", [("ቡና",), ("ፍሳሽ", "ውሃ")])


def test_needs_cover_eight_languages_with_linked_english_twins() -> None:
    needs = load_needs()
    by_id = {n.id: n for n in needs}
    languages = Counter(n.language for n in needs if n.english_of is None)
    assert set(languages) == {"en", "fr", "es", "pt", "ar", "sw", "ha", "am"}
    assert min(languages.values()) >= 15
    twins = [n for n in needs if n.twin_of]
    assert len(twins) >= 30
    for need in twins:
        twin = by_id[need.twin_of or ""]
        assert twin.language == "en" and twin.english_of == need.id
        assert twin.split == need.split == split_of(need.id)


def _need(**changes: object) -> BenchNeed:
    fields: dict[str, object] = {
        "id": "xx-01",
        "language": "sw",
        "text": "-",
        "org_type": "farmer_cooperative",
        "country": "KE",
        "expected_sector": "agriculture_food",
        "title_keywords": (("-",),),
        "budget_band": "<5k",
        "support_sought": ("finance",),
    }
    fields.update(changes)
    return BenchNeed(**fields)  # type: ignore[arg-type]


def _offer(**changes: object) -> SimpleNamespace:
    fields: dict[str, object] = {
        "external_id": "some-fund",
        "countries": [],
        "regions": ["global"],
        "eligible_org_types": [],
        "sectors": [],
        "amount_min_usd": None,
        "amount_max_usd": None,
        "languages": ["en"],
    }
    fields.update(changes)
    return SimpleNamespace(**fields)


def test_an_offer_that_excludes_the_country_is_zero_and_marked_ineligible() -> None:
    graded = grade_finance(_offer(regions=[], countries=["BR"]), _need(), [3, "fits"])
    assert graded == [0, "not open to KE farmer_cooperative", "ineligible"]


def test_a_ticket_far_above_the_budget_is_at_most_related() -> None:
    graded = grade_finance(_offer(amount_min_usd=250_000), _need(), [3, "fits"])
    assert graded[0] == 1


def test_an_open_offer_is_acceptable_only_when_finance_was_asked_for() -> None:
    assert grade_finance(_offer(), _need(), None)[0] == 2
    assert grade_finance(_offer(), _need(support_sought=("technology",)), None)[0] == 1


def test_ideal_training_not_in_the_users_language_is_acceptable() -> None:
    assert grade_training(_offer(), _need(), [3, "fits"])[0] == 2
    assert grade_training(_offer(languages=["sw"]), _need(), [3, "fits"])[0] == 3
