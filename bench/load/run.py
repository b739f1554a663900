"""Load: many simulated users at once through whole interviews, over REST and socket.io, against
the bare `rasa init` bot, our stack with one replica of each process and with two, in one run.

    .venv-svc/bin/python -m bench.load.run [--users 20] [--interviews 60] [--seconds 150]
                                           [--only bare 1 2] [--json out.json]

Bounded: at most `--interviews` scripts and `--seconds` of load per configuration; everything
on 127.0.0.1 (free ports, a temporary directory). The replicas sit behind nginx
(deploy/balancer.py) on PostgreSQL (databases of their own, dropped afterwards) and Redis
(127.0.0.1:6379); without them (or nginx) only the bare bot runs, saying why. The bare bot's model is
trained once into var/bench/load/ and kept. Prints messages per second, p50/p95 per message,
errors, and needs stored against interviews completed (they must be equal).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from bench.load.script import BARE, INTERVIEW, Step
from bench.load.users import RestTransport, SocketTransport, Tally, Transport, drive
from deploy.balancer import nginx_binary
from deploy.stack import BOT_PY, ROOT, Scale, Stack, free_port
from harness.chat import REST_CREDENTIALS

CACHE = ROOT / "var" / "bench" / "load"
POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:5432/{db}"
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)}
# Rasa's own socket.io channel: without session persistence it answers in the socket's room,
# which is all a bench client needs (with it, Rasa 3.6 forgets to await joining the room).
BARE_CREDENTIALS = "rest:\nsocketio:\n  user_message_evt: user_uttered\n  bot_message_evt: bot_uttered\n"


def reachable(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def bare_model() -> Path:
    """`rasa init`'s bot, trained once and kept in var/bench/load/bare."""
    project = CACHE / "bare"
    models = sorted((project / "models").glob("*.tar.gz")) if project.exists() else []
    if models:
        return models[-1]
    project.mkdir(parents=True, exist_ok=True)
    rasa = [str(BOT_PY), "-m", "rasa"]
    print("Training the bare `rasa init` bot once (a few minutes)...", flush=True)
    subprocess.run(rasa + ["init", "--no-prompt", "--init-dir", str(project)], env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sorted((project / "models").glob("*.tar.gz"))[-1]


@contextmanager
def bare_bot(work: Path) -> Iterator[str]:
    credentials = work / "bare-credentials.yml"
    credentials.write_text(BARE_CREDENTIALS)
    port = free_port()
    with (work / "bare.log").open("ab") as log:
        process = subprocess.Popen(
            [str(BOT_PY), "-m", "rasa", "run", "--model", str(bare_model()), "--port", str(port),
             "--interface", "127.0.0.1", "--enable-api", "--auth-token", "bench-only",
             "--credentials", str(credentials)],
            cwd=CACHE / "bare", env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the bare bot did not start; see {work / 'bare.log'}")
            try:
                if httpx.get(f"{url}/status?token=bench-only", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait()


@contextmanager
def databases() -> Iterator[tuple[str, str]]:
    names = (f"tna_load_tracker_{uuid.uuid4().hex[:8]}", f"tna_load_knowledge_{uuid.uuid4().hex[:8]}")
    admin = sa.create_engine(POSTGRES.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        for name in names:
            db.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield names
    finally:
        with admin.connect() as db:
            for name in names:
                db.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def replicated(work: Path, replicas: int) -> Iterator[tuple[str, str]]:
    """Our stack, `replicas` of each process behind nginx; yields (URL, knowledge DB URL)."""
    with databases() as (tracker_db, knowledge_db):
        knowledge_url = POSTGRES.format(db=knowledge_db)
        stack = Stack(
            data_dir=work / f"replicas-{replicas}",
            rasa_port=free_port(), actions_port=free_port(), knowledge_port=free_port(),
            scale=Scale(replicas, replicas, replicas),
            endpoints=ROOT / "deploy" / "endpoints.scale.yml",
            credentials=REST_CREDENTIALS,
            extra_env={
                "KNOWLEDGE_DATABASE_URL": knowledge_url,
                "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432", "TRACKER_DB_NAME": tracker_db,
                "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "",
                "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "8",
            },
        )
        stack.start()
        try:
            yield stack.rasa_url, knowledge_url
        finally:
            stack.stop()


def stored_needs(knowledge_url: str | None) -> int | None:
    if knowledge_url is None:
        return None
    engine = sa.create_engine(knowledge_url)
    try:
        with engine.connect() as db:
            return int(db.execute(sa.text("SELECT count(*) FROM needs")).scalar_one())
    finally:
        engine.dispose()


async def warm_up(url: str, script: tuple[Step, ...], runs: int) -> None:
    """The first turns of a fresh process load lazily: a few scripts before the clock starts."""
    async with httpx.AsyncClient(timeout=60) as client:
        for _ in range(runs):
            await drive([RestTransport(client, url), SocketTransport(url)], script, 2, 120)


async def load(url: str, script: tuple[Step, ...], args: argparse.Namespace) -> tuple[Tally, float]:
    limits = httpx.Limits(max_connections=args.users, max_keepalive_connections=args.users)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        socket_users = round(args.users * args.socketio_share)
        transports: list[Transport] = [SocketTransport(url) for _ in range(socket_users)]
        transports += [RestTransport(client, url) for _ in range(args.users - socket_users)]
        return await drive(transports, script, args.interviews, args.seconds)


def measure(name: str, url: str, knowledge_url: str | None, script: tuple[Step, ...],
            args: argparse.Namespace) -> dict[str, Any]:
    print(f"{name}: {args.users} users, up to {args.interviews} scripts or {args.seconds:.0f} s", flush=True)
    asyncio.run(warm_up(url, script, args.warmup))
    before = stored_needs(knowledge_url)
    tally, wall = asyncio.run(load(url, script, args))
    after = stored_needs(knowledge_url)
    ordered = sorted(tally.latencies_ms) or [0.0]
    return {
        "config": name,
        "messages": len(tally.latencies_ms),
        "seconds": wall,
        "messages_per_s": len(tally.latencies_ms) / wall if wall else 0.0,
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
        "completed": tally.completed,
        "errors": tally.errors,
        "stored_needs": None if before is None or after is None else after - before,
    }


def table(results: list[dict[str, Any]]) -> str:
    base = next((r["messages_per_s"] for r in results if r["config"] == "bare"), None)
    lines = ["| | " + " | ".join(r["config"] for r in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(label: str, cell: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    row("messages", lambda r: str(r["messages"]))
    row("messages per second", lambda r: f"{r['messages_per_s']:.1f}")
    if base:
        row("throughput vs bare", lambda r: f"{r['messages_per_s'] / base:.2f}x")
    row("p50 / p95 per message (ms)", lambda r: f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f}")
    row("scripts completed (REST + socket.io)",
        lambda r: f"{r['completed'].get('rest', 0)} + {r['completed'].get('socketio', 0)}")
    row("errors", lambda r: ", ".join(f"{k} {v}" for k, v in r["errors"].items()) or "0")
    row("needs stored / interviews completed", lambda r: "-" if r["stored_needs"] is None
        else f"{r['stored_needs']} / {sum(r['completed'].values())}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20, help="simulated users at once")
    parser.add_argument("--interviews", type=int, default=60, help="scripts per configuration, at most")
    parser.add_argument("--seconds", type=float, default=150, help="load time per configuration, at most")
    parser.add_argument("--socketio-share", type=float, default=0.5, help="share of users on socket.io")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up rounds (REST + socket.io)")
    parser.add_argument("--only", nargs="+", default=["bare", "1", "2"], choices=["bare", "1", "2"])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "bare" in args.only:
            with bare_bot(work) as url:
                results.append(measure("bare", url, None, BARE, args))
        for replicas in (int(n) for n in args.only if n != "bare"):
            if not (reachable(5432) and reachable(6379) and nginx_binary()):
                print(f"{replicas} replica(s) skipped: PostgreSQL on :5432, Redis on :6379 and nginx"
                      " (deploy/system-deps test) are needed")
                continue
            with replicated(work, replicas) as (url, knowledge_url):
                name = f"{replicas} replica" + ("s" if replicas > 1 else "")
                results.append(measure(name, url, knowledge_url, INTERVIEW, args))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    lost = [r["config"] for r in results
            if r["stored_needs"] is not None and r["stored_needs"] != sum(r["completed"].values())]
    if lost:
        print(f"needs stored differ from interviews completed: {', '.join(lost)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
