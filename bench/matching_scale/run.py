"""Matching at scale: synthetic catalogues of 1k, 10k and 100k entries on SQLite and
PostgreSQL; matching p50/p95 and memory for the per-request BM25 this replaced (baseline, only
up to 10k: at 100k one request takes over a minute) and for knowledge.search, side by side;
then the knowledge API's hot routes alone with the real app in process.

    .venv-svc/bin/python -m bench.matching_scale.run [--sizes 1000 10000 100000]
        [--databases sqlite postgresql] [--requests 100] [--budget 60]

Catalogues are imported once through the project's importer (var/bench/matching_scale/ for
SQLite; databases bench_matching_scale_<size> on BENCH_POSTGRES_URL's server) and kept for
later runs. Each measurement runs in a process of its own, so its memory is its own.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench.matching_scale.prepare import prepare

ROOT = Path(__file__).resolve().parents[2]
BASELINE_UP_TO = 10_000
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg2://postgres@localhost:5432/postgres")


def database_url(database: str, size: int) -> str:
    if database == "sqlite":
        return f"sqlite:///{ROOT / 'var' / 'bench' / 'matching_scale' / f'catalogue-{size}.db'}"
    url = make_url(POSTGRES).set(database=f"bench_matching_scale_{size}")
    return url.render_as_string(hide_password=False)


def measure(url: str, path: str, requests: int, budget: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.matching_scale.measure", url, "--path", path,
               "--requests", str(requests), "--budget", str(budget)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=budget * 6 + 600)
    if done.returncode:
        raise SystemExit(f"{path} measurement failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=100, help="requests per series (new path)")
    parser.add_argument("--baseline-requests", type=int, default=10)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per series at most")
    args = parser.parse_args()
    rows = []
    for database in args.databases:
        for size in args.sizes:
            url = database_url(database, size)
            imported = prepare(url, size)
            if imported is not None:
                print(f"{database} {size:,}: imported in {imported:.0f} s", flush=True)
            new = measure(url, "index", args.requests, args.budget)
            old = (
                measure(url, "baseline", args.baseline_requests, args.budget)
                if size <= BASELINE_UP_TO
                else None
            )
            rows.append((database, size, imported, old, new))
            print(json.dumps({"database": database, "size": size, "baseline": old, "index": new}), flush=True)
    print_tables(rows)


def print_tables(rows: list[tuple[str, int, float | None, Any, Any]]) -> None:
    print(f"\nmatching, one need's first page of technologies ({time.strftime('%Y-%m-%d')}; sizes are "
          "synthetic entries, plus the seed catalogue)\n")  # fmt: skip
    print("| database | entries | baseline p50 / p95 ms | baseline RSS MB | index p50 / p95 ms | "
          "offers p50 / p95 ms | index build (first request) s | RSS MB (peak) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for database, size, _imported, old, new in rows:
        baseline = (
            f"{old['matches']['p50_ms']} / {old['matches']['p95_ms']}"
            if old
            else "not run (> 1 min per request)"
        )
        old_rss = f"{old['rss_mb']}" if old else "-"
        print(
            f"| {database} | {size:,} | {baseline} | {old_rss} | {new['matches']['p50_ms']} / "
            f"{new['matches']['p95_ms']} | {new['offers']['p50_ms']} / {new['offers']['p95_ms']} | "
            f"{new['first_request_s']} | {new['rss_mb']} ({new['peak_rss_mb']}) |"
        )
    print("\nhot routes alone, real app in process (p50 / p95 ms)\n")
    routes = list(rows[0][4]["routes"]) if rows else []
    print("| database | entries | " + " | ".join(routes) + " |")
    print("|---|---|" + "---|" * len(routes))
    for database, size, _imported, _old, new in rows:
        cells = [f"{new['routes'][r]['p50_ms']} / {new['routes'][r]['p95_ms']}" for r in routes]
        print(f"| {database} | {size:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
