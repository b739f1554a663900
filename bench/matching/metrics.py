"""Ranking metrics over graded judgments (0 off-topic, 1 related, 2 acceptable, 3 ideal).

A ranking is a list of record ids, best first; `grades` maps ids to grades, and an id that is
not in it counts as 0. "Relevant" means grade >= RELEVANT.
"""

import math
import unicodedata
from collections.abc import Mapping, Sequence

RELEVANT = 2


def dcg(gains: Sequence[int]) -> float:
    """Discounted cumulative gain with exponential gain: sum (2^g - 1) / log2(rank + 1)."""
    return sum((2.0**g - 1) / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> float | None:
    """nDCG@k against the ideal order of every judged record; None when nothing is graded
    above 0 (no ranking can score, so the need says nothing about the system)."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return None
    return dcg([grades.get(r, 0) for r in ranking[:k]]) / ideal


def precision_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """Share of the first k places holding a relevant record (empty places count as misses)."""
    return sum(1 for r in ranking[:k] if grades.get(r, 0) >= RELEVANT) / k


def recall_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> float | None:
    """Share of the relevant records found in the first k; None when none exists."""
    relevant = {r for r, g in grades.items() if g >= RELEVANT}
    if not relevant:
        return None
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], grades: Mapping[str, int]) -> float:
    """1 / rank of the first relevant record, 0 when there is none in the ranking."""
    for rank, record in enumerate(ranking, start=1):
        if grades.get(record, 0) >= RELEVANT:
            return 1 / rank
    return 0.0


def hit_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> bool:
    """Whether a relevant record is among the first k."""
    return any(grades.get(r, 0) >= RELEVANT for r in ranking[:k])


def overlap_at(first: Sequence[str], second: Sequence[str], k: int) -> float:
    """Shared records among the first k of two rankings, over the longer of the two
    (two empty rankings agree fully)."""
    a, b = set(first[:k]), set(second[:k])
    if not a and not b:
        return 1.0
    return len(a & b) / max(len(a), len(b))


def fold(text: str) -> str:
    """Lower case without accents (Latin) and without Arabic diacritics."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def title_fits(title: str, keyword_groups: Sequence[Sequence[str]]) -> bool:
    """True when the folded title contains one stem of every group."""
    folded = fold(title)
    return all(any(fold(stem) in folded for stem in group) for group in keyword_groups)


def mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
