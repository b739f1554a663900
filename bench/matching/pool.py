"""Pools catalogue records for judging, so judgments do not favour one system.

    .venv-svc/bin/python -m bench.matching.pool show [NEED_ID ...] [--new] [--kind technology]

A need's pool, per kind: the top POOL_DEPTH of the BM25 baseline, the top POOL_DEPTH of the full
matcher, and every record listing the need's expected sector. `show` prints each pooled record
(name, summary, sectors, where, who) for a person to read and grade in judgments/*.yaml; `--new`
leaves out records already judged (re-pooling after the catalogue grew). bench.matching.judging
writes every pooled record without a topical grade as 0.
"""

import argparse
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from bench.matching.cases import KINDS, BenchNeed, load_judgments, load_needs
from bench.matching.systems import (
    Bm25Baseline,
    FullMatcher,
    catalogue_records,
    catalogue_session,
)
from knowledge.lexicon import Lexicon

POOL_DEPTH = 20


def pools(
    session: Session, lexicon: Lexicon, needs: Iterable[BenchNeed]
) -> tuple[dict[str, dict[str, list[Any]]], dict[str, BenchNeed]]:
    """judged need id -> kind -> pooled records (snapshots), in a stable order."""
    result: dict[str, dict[str, list[Any]]] = {}
    judged: dict[str, BenchNeed] = {}
    matcher, baseline = FullMatcher(session, lexicon), Bm25Baseline(session)
    records = {kind: [snapshot(r) for r in rs] for kind, rs in catalogue_records(session).items()}
    by_ext = {kind: {r.external_id: r for r in rs} for kind, rs in records.items()}
    for need in needs:
        full = matcher.answer(need, depth=POOL_DEPTH)
        plain = baseline.answer(need, depth=POOL_DEPTH)
        target = result.setdefault(need.judged_as, {k: [] for k in KINDS})
        judged.setdefault(need.judged_as, need)
        for kind in KINDS:
            wanted = [*plain.ranked[kind], *full.ranked[kind][:POOL_DEPTH]]
            wanted += [r.external_id for r in records[kind] if need.expected_sector in r.sectors]
            seen = {r.external_id for r in target[kind]}
            for ext in wanted:
                if ext not in seen:
                    target[kind].append(by_ext[kind][ext])
                    seen.add(ext)
        session.rollback()  # the stored need is not kept
    return result, judged


def snapshot(record: Any) -> SimpleNamespace:
    """What judging reads of a record, kept after the temporary database is gone."""
    fields = ("external_id", "name", "summary", "sectors", "countries", "regions")
    values = {name: getattr(record, name) for name in fields}
    values["org_types"] = getattr(record, "org_types", None) or []
    values["eligible_org_types"] = getattr(record, "eligible_org_types", None) or []
    values["languages"] = getattr(record, "languages", None) or []
    values["amount_min_usd"] = getattr(record, "amount_min_usd", None)
    values["amount_max_usd"] = getattr(record, "amount_max_usd", None)
    return SimpleNamespace(**values)


def describe(record: Any) -> str:
    where = ",".join([*record.countries, *record.regions]) or "-"
    who = ",".join(record.org_types or record.eligible_org_types)
    return (
        f"  {record.external_id} | {record.name} | {record.summary[:160]} | "
        f"{','.join(record.sectors)} | {where[:50]} | {who or 'all'}"
    )


def show(args: argparse.Namespace) -> None:
    needs = [n for n in load_needs() if not args.needs or n.judged_as in args.needs]
    judgments = load_judgments()
    with catalogue_session() as (session, lexicon):
        pooled, judged = pools(session, lexicon, needs)
    for need_id, kinds in pooled.items():
        need = judged[need_id]
        facts = f"{need.language} {need.country} {need.org_type} {need.expected_sector}"
        print(f"\n## {need_id} [{facts}] {need.text}")
        for kind in args.kind or KINDS:
            done = judgments.of(need_id, kind)
            records = [r for r in kinds[kind] if not (args.new and r.external_id in done)]
            print(f" {kind} ({len(records)})")
            for record in records:
                print(describe(record))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    shower = commands.add_parser("show")
    shower.add_argument("needs", nargs="*")
    shower.add_argument("--new", action="store_true")
    shower.add_argument("--kind", action="append", choices=KINDS)
    shower.set_defaults(run=show)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
