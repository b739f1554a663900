"""Training time, start time, memory and per-message latency: our assistant beside a bare
`rasa init` bot measured in the same run on the same machine.

    .venv-svc/bin/python -m bench.stack [--messages 30]

Latency of our bot is through the whole stack (REST channel -> Rasa -> action server ->
knowledge API -> SQLite); the bare bot answers from its domain alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

from stack import BOT_PY, Stack, free_port  # noqa: E402

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


def latencies(rasa_url: str, script: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        for text in script:
            start = time.monotonic()
            response = httpx.post(
                f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
            )
            response.raise_for_status()
            samples.append((time.monotonic() - start) * 1000)
    return samples


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


def bare_bot(work: Path, rounds: int) -> dict[str, float]:
    project = work / "bare"
    project.mkdir()
    subprocess.run(RASA + ["init", "--no-prompt", "--init-dir", str(project)], env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    train = timed(RASA + ["train", "--force", "--out", "models2"], project)
    model = next((project / "models2").glob("*.tar.gz"))
    port = free_port()
    process = subprocess.Popen(
        RASA + ["run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1", "--enable-api",
                "--auth-token", "bench"],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        start = wait_status(f"http://127.0.0.1:{port}/status?token=bench", process)
        samples = latencies(f"http://127.0.0.1:{port}", ["hello", "I am sad", "yes", "bye"], rounds)
        memory = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait()
    return {"train_s": train, "start_s": start, "rss_mb": memory, **summary(samples)}


def our_bot(work: Path, rounds: int) -> dict[str, float]:
    out = work / "ours-models"
    train = timed(
        RASA + ["train", "--force", "--domain", "bot/domain", "--data", "bot/data", "nlu/data", "--config",
                "config.yml", "--out", str(out), "--fixed-model-name", "bench"],
        ROOT,
    )
    # The latencies are measured over REST, which only the test credentials enable.
    stack = Stack(data_dir=work / "ours", rasa_port=free_port(), actions_port=free_port(),
                  knowledge_port=free_port(), model=out / "bench.tar.gz",
                  credentials=ROOT / "tests" / "e2e" / "credentials.yml")
    begin = time.monotonic()
    stack.start()
    start = time.monotonic() - begin
    try:
        script = ["hello", '/choose{"value": "sme"}', "Kenya", "Nakuru",
                  "We dry mangoes in the sun and lose a lot to rain."]
        samples = latencies(stack.rasa_url, script, rounds)
        memory = rss_mb(stack.processes["rasa"].pid)
        services = rss_mb(stack.processes["actions"].pid) + rss_mb(stack.processes["knowledge"].pid)
    finally:
        stack.stop()
    return {"train_s": train, "start_s": start, "rss_mb": memory, "services_rss_mb": services, **summary(samples)}


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
        "messages": float(len(ordered)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=6, help="conversations per bot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bare = bare_bot(work, args.rounds)
        ours = our_bot(work, args.rounds)
    rows = [
        ("training (s)", "train_s"), ("start until /status answers (s)", "start_s"),
        ("Rasa server RSS (MB)", "rss_mb"), ("action server + knowledge API RSS (MB)", "services_rss_mb"),
        ("latency p50 (ms)", "p50_ms"), ("latency p95 (ms)", "p95_ms"), ("messages timed", "messages"),
    ]
    print(f"{'measure':42} {'bare rasa init':>15} {'assistant':>15}")
    for label, key in rows:
        left = f"{bare[key]:.1f}" if key in bare else "-"
        print(f"{label:42} {left:>15} {ours[key]:>15.1f}")
    print("\nassistant start includes the knowledge API and action server; its latency is through all three.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
