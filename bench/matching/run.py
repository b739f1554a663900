"""Judged relevance of technology, finance and training recommendations: the full matcher
(as the knowledge API runs it) against a plain BM25 baseline, over the needs in needs/ and the
graded judgments in judgments/.

    .venv-svc/bin/python -m bench.matching.run [--split dev|test|all] [--per-need]

Metrics per kind (technology, finance, training), over the first 10 results read per kind:
nDCG@3, P@3 (grade >= 2), R@10, MRR, fit@3 (share of needs with a grade >= 2 result in the
first 3, over all needs), and `none`: needs without any grade >= 2 record in the catalogue
(left out of nDCG and R@10, counted as misses in fit@3). Then per language, title and sector
accuracy, top-3 overlap with the English twins, eligibility violations (finance or training
offers among the first 5, as GET /offers shows them, whose own eligibility excludes the need's
country or organisation type) and off-topic results in the first 3 that claim a concept.
"""

import argparse
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench.matching.cases import KINDS, BenchNeed, Judgments, load_judgments, load_needs
from bench.matching.metrics import (
    hit_at,
    mean,
    ndcg_at,
    overlap_at,
    precision_at,
    recall_at,
    reciprocal_rank,
    title_fits,
)
from bench.matching.systems import (
    Answer,
    Bm25Baseline,
    FullMatcher,
    catalogue_records,
    catalogue_session,
    eligible,
)

OFFERS_SHOWN = 5  # GET /api/needs/{ref}/offers shows 5 per category by default


@dataclass
class Row:
    need: BenchNeed
    answers: dict[str, Answer]  # system name -> answer


def grades_for(judgments: Judgments, need: BenchNeed, kind: str, present: set[str]) -> dict[str, int]:
    """The need's grades for records still in the catalogue (records removed since judging
    cannot be found and must not lower the ideal)."""
    return {ext: g for ext, g in judgments.grades(need.judged_as, kind).items() if ext in present}


def kind_scores(rows: Sequence[Row], system: str, kind: str, judgments: Judgments,
                present: set[str]) -> dict[str, float | None]:  # fmt: skip
    ndcg, prec, rec, rr, fit, none = [], [], [], [], [], 0
    for row in rows:
        grades = grades_for(judgments, row.need, kind, present)
        ranking = row.answers[system].ranked[kind]
        if not any(g >= 2 for g in grades.values()):
            none += 1
            fit.append(0.0)
            continue
        ndcg.append(ndcg_at(ranking, grades, 3))
        prec.append(precision_at(ranking, grades, 3))
        rec.append(recall_at(ranking, grades, 10))
        rr.append(reciprocal_rank(ranking, grades))
        fit.append(1.0 if hit_at(ranking, grades, 3) else 0.0)
    return {
        "nDCG@3": mean(ndcg),
        "P@3": mean(prec),
        "R@10": mean(rec),
        "MRR": mean(rr),
        "fit@3": mean(fit),
        "none": float(none),
    }


def fmt(value: float | None, integer: bool = False) -> str:
    if value is None:
        return "   -"
    return f"{int(value):4d}" if integer else f"{value:.2f}"


def print_kind_table(rows: Sequence[Row], systems: Sequence[str], judgments: Judgments,
                     present: dict[str, set[str]]) -> None:  # fmt: skip
    names = ("nDCG@3", "P@3", "R@10", "MRR", "fit@3", "none")
    print(f"\n| kind | system | {' | '.join(names)} |")
    print("|---|---|" + "---|" * len(names))
    for kind in KINDS:
        for system in systems:
            scores = kind_scores(rows, system, kind, judgments, present[kind])
            cells = [fmt(scores[n], integer=n == "none") for n in names]
            print(f"| {kind} | {system} | {' | '.join(cells)} |")


def print_language_table(rows: Sequence[Row], systems: Sequence[str], judgments: Judgments,
                         present: dict[str, set[str]]) -> None:  # fmt: skip
    languages = sorted({r.need.language for r in rows})
    print("\n| language | needs | " + " | ".join(f"tech nDCG@3 {s} | tech fit@3 {s}" for s in systems)
          + " | fin nDCG@3 matcher | train nDCG@3 matcher |")  # fmt: skip
    print("|---|---|" + "---|" * (2 * len(systems) + 2))
    for language in languages:
        subset = [r for r in rows if r.need.language == language]
        cells = []
        for system in systems:
            scores = kind_scores(subset, system, "technology", judgments, present["technology"])
            cells += [fmt(scores["nDCG@3"]), fmt(scores["fit@3"])]
        for kind in ("finance", "training"):
            cells.append(fmt(kind_scores(subset, "matcher", kind, judgments, present[kind])["nDCG@3"]))
        print(f"| {language} | {len(subset)} | {' | '.join(cells)} |")


def print_other_measures(rows: Sequence[Row], systems: Sequence[str], judgments: Judgments,
                         offers: Mapping[str, Mapping[str, Any]]) -> None:  # fmt: skip
    matcher = [r.answers["matcher"] for r in rows]
    titles = [title_fits(a.title or "", r.need.title_keywords) for r, a in zip(rows, matcher, strict=True)]
    sectors = [
        a.sector in {r.need.expected_sector, *r.need.also_sectors} for r, a in zip(rows, matcher, strict=True)
    ]
    print(
        f"\ntitle fits (matcher's proposed title): {sum(titles)}/{len(rows)} = {sum(titles) / len(rows):.2f}"
    )
    print(f"sector inferred correctly: {sum(sectors)}/{len(rows)} = {sum(sectors) / len(rows):.2f}")
    by_id = {r.need.id: r for r in rows}
    pairs = [(r, by_id[r.need.twin_of]) for r in rows if r.need.twin_of and r.need.twin_of in by_id]
    for system in systems:
        for kind in KINDS:
            overlaps = [overlap_at(a.answers[system].ranked[kind], b.answers[system].ranked[kind], 3)
                        for a, b in pairs]  # fmt: skip
            print(f"twin top-3 overlap, {kind}, {system}: {fmt(mean(overlaps))} over {len(pairs)} pairs")
    for system in systems:
        violations = 0
        for row in rows:
            for kind in ("finance", "training"):
                for ext in row.answers[system].ranked[kind][:OFFERS_SHOWN]:
                    if not eligible(offers[kind][ext], row.need):
                        violations += 1
        print(f"eligibility violations in the first {OFFERS_SHOWN} offers, {system}: {violations}")
    claims = 0
    for row in rows:
        grades = judgments.grades(row.need.judged_as, "technology")
        claims += sum(1 for ext in row.answers["matcher"].claims_concept if grades.get(ext, 0) == 0)
    print(f"off-topic technologies in the first 3 that claim a matching concept (matcher): {claims}")


def print_per_need(rows: Sequence[Row], judgments: Judgments) -> None:
    print()
    for row in rows:
        answer = row.answers["matcher"]
        grades = judgments.grades(row.need.judged_as, "technology")
        shown = ", ".join(f"{ext}={grades.get(ext, 0)}" for ext in answer.ranked["technology"][:3])
        print(f"{row.need.id} [{answer.sector}] {answer.title!r}: {shown or '(none)'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--per-need", action="store_true", help="list the matcher's first 3 per need")
    args = parser.parse_args()
    started = time.perf_counter()
    needs = [n for n in load_needs() if args.split == "all" or n.split == args.split]
    judgments = load_judgments()
    systems = ("matcher", "bm25")
    with catalogue_session() as (session, lexicon):
        records = catalogue_records(session)
        offers = {kind: {r.external_id: r for r in records[kind]} for kind in ("finance", "training")}
        present = {kind: {r.external_id for r in rs} for kind, rs in records.items()}
        matcher, baseline = FullMatcher(session, lexicon), Bm25Baseline(session)
        rows = [Row(n, {"matcher": matcher.answer(n), "bm25": baseline.answer(n)}) for n in needs]
        counts = {kind: len(rs) for kind, rs in records.items()}
        print(f"# bench.matching: {len(needs)} needs (split {args.split}), catalogue {counts}")
        print_kind_table(rows, systems, judgments, present)
        print_language_table(rows, systems, judgments, present)
        print_other_measures(rows, systems, judgments, offers)
        if args.per_need:
            print_per_need(rows, judgments)
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
