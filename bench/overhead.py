"""Training time, start time, memory and per-message latency: our assistant beside a bare
`rasa init` bot measured in the same run on the same machine.

    .venv-svc/bin/python -m bench.overhead [--rounds 4] [--users 10] [--no-training]

Latency of our bot is through the whole stack (REST channel -> Rasa -> action server ->
knowledge API -> SQLite); the bare bot answers from its domain alone. Both get interview-like
traffic (bench/load/script.py: our whole interview to "confirm"; the bare bot its own chat,
as many messages): `--rounds` scripts one message at a time, then `--users` users at once.
`--no-training` reuses models/assistant.tar.gz and the bare model kept by bench.load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load.run import bare_model
from bench.load.script import BARE, INTERVIEW, Step
from bench.load.users import RestTransport, drive
from deploy.stack import BOT_PY, MODEL, Stack, free_port
from harness.chat import REST_CREDENTIALS

ROOT = Path(__file__).resolve().parent.parent

RASA = [str(BOT_PY), "-m", "rasa"]
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)}


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def timed(argv: list[str], cwd: Path) -> float:
    start = time.monotonic()
    subprocess.run(argv, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def slowest_turns(script: tuple[Step, ...], samples: list[float], count: int = 5) -> list[tuple[str, float]]:
    """Median latency of each step of the script (one user, no errors: samples in step order)."""
    if not samples or len(samples) % len(script):
        return []
    turns = [(step.say[:40], statistics.median(samples[i :: len(script)])) for i, step in enumerate(script)]
    return sorted(turns, key=lambda turn: -turn[1])[:count]


def traffic(rasa_url: str, script: tuple[Step, ...], rounds: int, users: int) -> dict[str, Any]:
    """`rounds` scripts by one user (after one unmeasured warm-up script), then `users` users
    at once for as many scripts: latency of the first, throughput of the second."""

    async def run() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=60) as client:
            await drive([RestTransport(client, rasa_url)], script, 1, 300)
            alone, _ = await drive([RestTransport(client, rasa_url)], script, rounds, 600)
            crowd, wall = await drive([RestTransport(client, rasa_url) for _ in range(users)],
                                      script, max(rounds, users), 600)
        return {
            **summary(alone.latencies_ms),
            "errors": float(sum(alone.errors.values()) + sum(crowd.errors.values())),
            "crowd_messages_per_s": len(crowd.latencies_ms) / wall,
            "crowd_p95_ms": summary(crowd.latencies_ms)["p95_ms"],
            "slowest": slowest_turns(script, alone.latencies_ms),
        }

    return asyncio.run(run())


def wait_status(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError("rasa exited")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise TimeoutError(url)


def bare_bot(work: Path, rounds: int, users: int, training: bool) -> dict[str, Any]:
    if training:
        project = work / "bare"
        project.mkdir()
        subprocess.run(RASA + ["init", "--no-prompt", "--init-dir", str(project)], env=ENV, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        train = {"train_s": timed(RASA + ["train", "--force", "--out", "models2"], project)}
        model = next((project / "models2").glob("*.tar.gz"))
    else:
        train, model = {}, bare_model()
        project = model.parent.parent
    port = free_port()
    process = subprocess.Popen(
        RASA + ["run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1", "--enable-api",
                "--auth-token", "bench"],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        start = wait_status(f"http://127.0.0.1:{port}/status?token=bench", process)
        measured = traffic(f"http://127.0.0.1:{port}", BARE, rounds, users)
        memory = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait()
    return {**train, "start_s": start, "rss_mb": memory, **measured}


def our_bot(work: Path, rounds: int, users: int, training: bool) -> dict[str, Any]:
    out = work / "ours-models"
    train: dict[str, float] = {}
    model = MODEL
    if training:
        train["train_s"] = timed(
            RASA + ["train", "--force", "--domain", "bot/domain", "--data", "bot/data", "nlu/data",
                    "--config", "config.yml", "--out", str(out), "--fixed-model-name", "bench"],
            ROOT,
        )
        model = out / "bench.tar.gz"
    # The latencies are measured over REST, which only the test credentials enable.
    stack = Stack(data_dir=work / "ours", rasa_port=free_port(), actions_port=free_port(),
                  knowledge_port=free_port(), model=model,
                  credentials=REST_CREDENTIALS)
    begin = time.monotonic()
    stack.start()
    start = time.monotonic() - begin
    try:
        measured = traffic(stack.rasa_url, INTERVIEW, rounds, users)
        memory = rss_mb(stack.processes["rasa"].pid)
        services = rss_mb(stack.processes["actions"].pid) + rss_mb(stack.processes["knowledge"].pid)
    finally:
        stack.stop()
    return {**train, "start_s": start, "rss_mb": memory, "services_rss_mb": services, **measured}


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples) or [float("nan")]
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
        "messages": float(len(ordered)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=4, help="scripts (16 messages each) by one user")
    parser.add_argument("--users", type=int, default=10, help="users at once, after that")
    parser.add_argument("--no-training", dest="training", action="store_false",
                        help="reuse the trained models instead of timing training")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bare = bare_bot(work, args.rounds, args.users, args.training)
        ours = our_bot(work, args.rounds, args.users, args.training)
    rows = [
        ("training (s)", "train_s"), ("start until /status answers (s)", "start_s"),
        ("Rasa server RSS (MB)", "rss_mb"), ("action server + knowledge API RSS (MB)", "services_rss_mb"),
        ("latency p50 (ms)", "p50_ms"), ("latency p95 (ms)", "p95_ms"), ("messages timed", "messages"),
        (f"{args.users} users: messages per second", "crowd_messages_per_s"),
        (f"{args.users} users: p95 (ms)", "crowd_p95_ms"), ("errors", "errors"),
    ]
    print(f"{'measure':42} {'bare rasa init':>15} {'assistant':>15} {'ratio':>7}")
    for label, key in rows:
        if key not in ours:
            continue
        left = f"{bare[key]:.1f}" if key in bare else "-"
        ratio = f"{ours[key] / bare[key]:.2f}x" if bare.get(key) else ""
        print(f"{label:42} {left:>15} {ours[key]:>15.1f} {ratio:>7}")
    for name, result in (("bare", bare), ("assistant", ours)):
        turns = ", ".join(f"{say!r} {ms:.0f}" for say, ms in result["slowest"])
        print(f"slowest turns of the {name} bot, p50 ms: {turns}")
    print("\nassistant start includes the knowledge API and action server; its latency is through all three.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
