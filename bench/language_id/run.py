"""Benchmark: language identification of short chat messages, restricted to our 8 languages.

    python -m bench.language_id.run [--per-bucket N]

For each candidate, language and length bucket it prints accuracy over all messages, accuracy
when it guesses (precision) and coverage (the share of messages it guesses at all): for a chat
bot a wrong switch of language is worse than no switch, so abstaining on "ok" is right. Latency
is the mean per call over every message. Which candidates are skipped, and why, is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict

from bench.language_id.candidates import available
from bench.language_id.samples import BUCKETS, PER_BUCKET, Sample, load_samples, own_examples
from languages import SUPPORTED as SUPPORTED_LANGUAGES


def evaluate(detect, samples: list[Sample]) -> tuple[dict, float]:  # type: ignore[no-untyped-def]
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # n, guessed, right
    started = time.perf_counter()
    for sample in samples:
        guess = detect(sample.text)
        cell = counts[(sample.language, sample.bucket)]
        cell[0] += 1
        if guess is not None:
            cell[1] += 1
            cell[2] += guess == sample.language
    per_call_us = (time.perf_counter() - started) / len(samples) * 1e6
    return counts, per_call_us


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}" if whole else "    -"


def print_candidate(name: str, counts: dict, per_call_us: float) -> list[str]:  # type: ignore[type-arg]
    print(f"\n## {name}  ({per_call_us:,.0f} µs per call)")
    print("accuracy% over all messages / precision% when guessing / coverage%")
    header = f"{'bucket':<10}" + "".join(f"{lang:>16}" for lang in SUPPORTED_LANGUAGES) + f"{'mean':>18}"
    print(header)
    summary = []
    for bucket in BUCKETS:
        cells, accs, precs, covs = [], [], [], []
        for lang in SUPPORTED_LANGUAGES:
            n, guessed, right = counts.get((lang, bucket), [0, 0, 0])
            accs.append(right / n if n else 0.0)
            covs.append(guessed / n if n else 0.0)
            if guessed:
                precs.append(right / guessed)
            cells.append(f"{_pct(right, n)}/{_pct(right, guessed)}/{_pct(guessed, n).strip():>3}")
        mean = (
            f"{100 * statistics.mean(accs):5.1f}/"
            f"{100 * statistics.mean(precs) if precs else 0:5.1f}/"
            f"{100 * statistics.mean(covs):3.0f}"
        )
        print(f"{bucket:<10}" + "".join(f"{cell:>16}" for cell in cells) + f"{mean:>18}")
        summary.append(mean)
    return summary


def print_own_examples(candidates: dict) -> None:  # type: ignore[type-arg]
    """The combined detector on our held-out NLU test messages: text we wrote, so only a check."""
    if "combined" not in candidates:
        return
    samples = [Sample(lang, "own", text) for lang, text in own_examples()]
    counts, per_call_us = evaluate(candidates["combined"], samples)
    print("\n## combined on our own held-out NLU test messages (nlu/test/*/test.yml; we wrote these)")
    print("accuracy% / precision% when guessing / coverage%")
    print("".join(f"{lang:>16}" for lang in SUPPORTED_LANGUAGES))
    cells = []
    for lang in SUPPORTED_LANGUAGES:
        n, guessed, right = counts.get((lang, "own"), [0, 0, 0])
        cells.append(f"{_pct(right, n)}/{_pct(right, guessed)}/{_pct(guessed, n).strip():>3}")
    print("".join(f"{cell:>16}" for cell in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-bucket", type=int, default=PER_BUCKET, help="messages per language and bucket")
    args = parser.parse_args(argv)
    samples = load_samples(args.per_bucket)
    if not samples:
        print("no benchmark data under bench/data", file=sys.stderr)
        return 1
    candidates, skipped = available()
    print(f"# Language identification, {len(samples)} messages, languages: {' '.join(SUPPORTED_LANGUAGES)}")
    print(f"# python {sys.version.split()[0]} at {sys.executable}")
    for name, reason in skipped.items():
        print(f"# skipped {name}: {reason}")
    summaries: dict[str, tuple[list[str], float]] = {}
    for name, detect in candidates.items():
        counts, per_call_us = evaluate(detect, samples)
        summaries[name] = (print_candidate(name, counts, per_call_us), per_call_us)
    print_own_examples(candidates)
    print("\n## summary: mean over languages, accuracy/precision/coverage %")
    print(f"{'candidate':<14}" + "".join(f"{bucket:>18}" for bucket in BUCKETS) + f"{'µs/call':>10}")
    for name, (summary, per_call_us) in summaries.items():
        print(f"{name:<14}" + "".join(f"{cell:>18}" for cell in summary) + f"{per_call_us:>10,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
