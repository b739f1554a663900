"""Chooses the matcher's relevance threshold (knowledge.matching.technologies.RELEVANCE_THRESHOLD)
on the judged needs of one split: every technology the matcher would rank in the first 10
without a threshold, with its topic score and its grade; for each candidate threshold, how
well "shown" (topic >= threshold) agrees with "relevant" (grade >= 2), and what it does to
fit@3 and to the needs the catalogue has nothing for.

    .venv-svc/bin/python -m bench.matching.threshold [--split dev|test|all]

Tune on dev, then report test with the value chosen.
"""

import argparse
from dataclasses import dataclass

from bench.matching.cases import load_judgments, load_needs
from bench.matching.metrics import RELEVANT
from bench.matching.systems import catalogue_session, external_ids
from knowledge.analysis.need_text import analyse
from knowledge.geo import get_region_book
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.technologies import RELEVANCE_THRESHOLD, rank_technologies
from knowledge.models import Need, Technology
from knowledge.search.retrieval import candidates

DEPTH = 10
GRID = [x / 4 for x in range(0, 25)]  # 0 .. 6 by 0.25


@dataclass
class Shown:
    need: str
    topic: float
    grade: int


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    args = parser.parse_args()
    needs = [n for n in load_needs() if args.split == "all" or n.split == args.split]
    judgments = load_judgments()
    items: list[Shown] = []
    has_relevant: dict[str, bool] = {}
    with catalogue_session() as (session, lexicon):
        ids = external_ids(session)["technology"]
        regions = get_region_book()
        for bench_need in needs:
            analysis = analyse(bench_need.text, bench_need.language, lexicon)
            need = Need(
                language=bench_need.language, org_type=bench_need.org_type, country=bench_need.country,
                problem=bench_need.text, budget_band=bench_need.budget_band,
                grid_access=bench_need.grid_access, sector=analysis.sector,
            )  # fmt: skip
            profile = NeedProfile.from_need(need, lexicon, regions)
            found, text = candidates(session, Technology, profile, lexicon, at_least=DEPTH)
            reasons = ReasonMaker(lexicon, regions, bench_need.language)
            ranked = rank_technologies(found, profile, lexicon, reasons, text_scores=text, threshold=0.0)
            grades = judgments.grades(bench_need.judged_as, "technology")
            has_relevant[bench_need.id] = any(g >= RELEVANT for g in grades.values())
            items += [Shown(bench_need.id, s.topic, grades.get(ids[s.entry.id], 0)) for s in ranked[:DEPTH]]
    print(
        f"# {len(needs)} needs (split {args.split}), {len(items)} ranked technologies;"
        f" now {RELEVANCE_THRESHOLD}"
    )
    print("threshold | F1 shown~relevant | precision | recall | fit@3 | nothing shown, none exists")
    for threshold in GRID:
        kept = [i for i in items if i.topic >= threshold]
        good = sum(1 for i in kept if i.grade >= RELEVANT)
        relevant = sum(1 for i in items if i.grade >= RELEVANT)
        precision = good / len(kept) if kept else 1.0
        recall = good / relevant if relevant else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        fit = 0
        for need_id in has_relevant:
            first = [i for i in kept if i.need == need_id][:3]
            fit += any(i.grade >= RELEVANT for i in first)
        empty = [n for n, any_good in has_relevant.items() if not any_good]
        silent = sum(1 for n in empty if not any(i.need == n for i in kept))
        print(f"{threshold:9.2f} | {f1:17.3f} | {precision:9.3f} | {recall:6.3f} | "
              f"{fit / len(has_relevant):5.2f} | {silent}/{len(empty)}")  # fmt: skip


if __name__ == "__main__":
    main()
