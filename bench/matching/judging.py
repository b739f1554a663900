"""Writes judgments/<language>.yaml from the hand judgments by topic (judgments/topics.yaml),
the catalogue and the pools:

    .venv-svc/bin/python -m bench.matching.judging

Technologies: a need's grade for a record is the best grade its topics give it; an ideal
technology (3) that the catalogue lists only for other countries or regions is acceptable (2):
the user would need a partner to bring it in.

Finance and training offers, read with the need's country, organisation type, budget and
language:
- an offer whose eligibility excludes the need's country or organisation type is 0 and marked
  "ineligible" (showing it is a violation);
- otherwise the best of: the topical grade from topics.yaml; 2 for an offer open to any sector or
  made for the need's sectors when the user asked for finance (1 when not); 1 for general
  business courses and for training made for the need's sector but not its problem;
- offers channelled through governments, accredited entities or banks are at most 1 unless a
  topic lists them; prizes are at most 1 (recognition, not finance for the need); a ticket range that does not
  meet the need's budget band is at most 1; training not given in the user's language is at
  most 2.
Every pooled record without a grade above is written as 0 ("pooled, read, off-topic").
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bench.matching.cases import JUDGMENTS_DIR, KINDS, TOPICS_FILE, BenchNeed, load_needs
from bench.matching.pool import pools, snapshot
from bench.matching.systems import catalogue_records, catalogue_session, eligible
from knowledge.vocab import BUDGET_BAND_USD

TOPICS = JUDGMENTS_DIR / TOPICS_FILE
PRIZES = {
    "ashden-awards",
    "zayed-sustainability-prize",
    "undp-equator-prize",
    "agfund-prince-talal-prize",
    "raeng-africa-prize",
}
# Channelled through governments, accredited entities or banks: a user cannot apply for a
# project of their own (at most 1 unless a topic lists them).
INSTITUTIONAL = {
    "gcf",
    "adaptation-fund",
    "ifad-asap",
    "mitigation-action-facility",
    "afdb-fapa",
    "afdb-africa-sme-programme",
    "afdb-sefa",
    "repp",
}
BUSINESS_COURSES = {
    "ilo-siyb",
    "plus-acumen",
    "tef-entrepreneurship-training",
    "yali-regional-leadership-centers",
    "yali-network-online-courses",
    "sebrae-courses",
    "itc-sme-trade-academy",
    "edraak",
}
BUSINESS_ORGS = {"sme", "startup", "other", "farmer_cooperative", "individual_farmer"}
Graded = list[Any]  # [grade, why] or [grade, why, "ineligible"]


def _best(topics: dict[str, dict[str, list[Any]]], names: Iterable[str], ext: str) -> Graded | None:
    best: Graded | None = None
    for name in names:
        graded = topics.get(name, {}).get(ext)
        if graded is not None and (best is None or graded[0] > best[0]):
            best = list(graded)
    return best


def _sectors(need: BenchNeed) -> set[str]:
    return {need.expected_sector, *need.also_sectors}


def _where(record: Any) -> str:
    return ",".join([*record.countries, *record.regions])[:40]


def grade_technology(record: Any, need: BenchNeed, listed: Graded | None) -> Graded | None:
    if listed is None:
        return None
    if listed[0] == 3 and not eligible(record, need):
        return [2, f"{listed[1]} (listed for {_where(record)} only)"]
    return listed


def _ticket_far(record: Any, need: BenchNeed) -> bool:
    low, high = getattr(record, "amount_min_usd", None), getattr(record, "amount_max_usd", None)
    if need.budget_band is None or (low is None and high is None):
        return False
    band_low, band_high = BUDGET_BAND_USD[need.budget_band]
    return (low or 0) > band_high or (high if high is not None else 10**13) < band_low


def grade_finance(record: Any, need: BenchNeed, listed: Graded | None) -> Graded:
    if not eligible(record, need):
        return [0, f"not open to {need.country} {need.org_type}", "ineligible"]
    wants = "finance" in need.support_sought
    options: list[Graded] = [listed] if listed else []
    if not record.sectors:
        options.append([2 if wants else 1, "eligible, open to any sector"])
    elif _sectors(need) & set(record.sectors):
        options.append([2 if wants else 1, "eligible, made for this sector"])
    best: Graded = max(options, key=lambda g: g[0]) if options else [0, "made for other sectors"]
    if record.external_id in INSTITUTIONAL and best[0] > 1 and best is not listed:
        best = [1, f"{best[1]}; channelled through governments or banks"]
    if record.external_id in PRIZES and best[0] > 1:
        best = [1, f"{best[1]}; a prize, not finance for the need"]
    if best[0] > 1 and _ticket_far(record, need):
        best = [1, f"{best[1]}; ticket far from the {need.budget_band} budget"]
    return best


def grade_training(record: Any, need: BenchNeed, listed: Graded | None) -> Graded:
    if not eligible(record, need):
        return [0, f"not offered in {need.country}", "ineligible"]
    options: list[Graded] = [listed] if listed else []
    if record.sectors and _sectors(need) & set(record.sectors):
        options.append([1, "general course in the sector, not on this problem"])
    if record.external_id in BUSINESS_COURSES and need.org_type in BUSINESS_ORGS:
        options.append([1, "general business course"])
    best: Graded = max(options, key=lambda g: g[0]) if options else [0, "other subject"]
    if best[0] > 2 and need.language not in (record.languages or []):
        best = [2, f"{best[1]} (not in {need.language})"]
    return best


def judge(topics: dict[str, Any], need: BenchNeed, records: dict[str, list[Any]],
          pooled: dict[str, set[str]]) -> dict[str, dict[str, Graded]]:  # fmt: skip
    names = topics["needs"].get(need.id, [])
    out: dict[str, dict[str, Graded]] = {}
    for kind in KINDS:
        graded: dict[str, Graded] = {}
        for record in records[kind]:
            listed = _best(topics[kind], names, record.external_id)
            if kind == "technology":
                value = grade_technology(record, need, listed)
            elif kind == "finance":
                value = grade_finance(record, need, listed)
            else:
                value = grade_training(record, need, listed)
            if value is not None and (value[0] > 0 or len(value) > 2 or listed is not None):
                graded[record.external_id] = value
            elif record.external_id in pooled[kind]:
                graded[record.external_id] = [0, "pooled, read, off-topic"]
        out[kind] = dict(sorted(graded.items()))
    return out


def write(path: Path, judged: dict[str, Any]) -> None:
    header = "# Generated by `python -m bench.matching.judging` from topics.yaml; do not edit.\n"
    body = yaml.safe_dump(judged, allow_unicode=True, sort_keys=True, default_flow_style=None, width=200)
    path.write_text(header + body, encoding="utf-8")


def main() -> None:
    topics = yaml.safe_load(TOPICS.read_text(encoding="utf-8"))
    needs = [n for n in load_needs() if n.english_of is None]
    missing = [n.id for n in needs if n.id not in topics["needs"]]
    if missing:
        raise SystemExit(f"needs without topics: {missing}")
    with catalogue_session() as (session, lexicon):
        records = {kind: [snapshot(r) for r in rs] for kind, rs in catalogue_records(session).items()}
        pooled, _ = pools(session, lexicon, needs)
    by_language: dict[str, dict[str, Any]] = {}
    for need in needs:
        ids = {kind: {r.external_id for r in pooled[need.id][kind]} for kind in KINDS}
        by_language.setdefault(need.language, {})[need.id] = judge(topics, need, records, ids)
    for language, judged in by_language.items():
        write(JUDGMENTS_DIR / f"{language}.yaml", judged)
        print(f"{language}: {len(judged)} needs judged")


if __name__ == "__main__":
    main()
