"""Drive the scripted conversations over the REST channel against the real stack (started here
on free ports with a temporary data directory, 127.0.0.1 only) and print, per language: how many
were completed (need stored), turns and "not understood" replies per conversation, fields
filled correctly, whether the opening's content was kept, and the language of the bot's messages.

    .venv-svc/bin/python -m bench.conversations.run [--lang sw ar] [--limit 5] [--json out.json]
    .venv-svc/bin/python -m bench.conversations.run --check     # only validate the scripts
    .venv-svc/bin/python -m bench.conversations.run --from-json before.json   # tables of a saved run
    .venv-svc/bin/python -m bench.conversations.run --held-out   # the held-out scripts instead

The held-out scripts (scripts/held_out/) were written to check that changes generalise: run them
and report them apart; never tune the lexicons to their sentences.

What the columns mean: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from bench.conversations import scripts
from bench.conversations.catalogue import Catalogues
from bench.conversations.driver import Driver, Result, result_from_dict
from deploy.stack import ROOT, Stack, free_port
from harness.chat import REST_CREDENTIALS

MAX_TURNS = 40
TIMEOUT = 60.0  # seconds for one message


class Session:
    """One conversation's connection to the stack: chat, tracker slots, stored need."""

    def __init__(self, stack: Stack, engine: sa.Engine, client: httpx.Client, conv_id: str) -> None:
        self.stack, self.engine, self.client = stack, engine, client
        self.sender = f"bench-{conv_id}-{uuid.uuid4().hex[:8]}"

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.client.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text}
        )
        response.raise_for_status()
        return list(response.json())

    def slots(self) -> dict[str, Any]:
        response = self.client.get(
            f"{self.stack.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.stack.rasa_token},
        )
        response.raise_for_status()
        return dict(response.json().get("slots") or {})

    def stored(self) -> dict[str, Any] | None:
        with self.engine.connect() as db:
            query = sa.text("SELECT * FROM needs WHERE sender_id = :s ORDER BY id DESC LIMIT 1")
            row = db.execute(query, {"s": self.sender}).first()
        return dict(row._mapping) if row is not None else None


def summarise(results: list[Result]) -> dict[str, dict[str, Any]]:
    """Figures per language and for all languages together."""
    by_lang: dict[str, list[Result]] = {}
    for result in results:
        by_lang.setdefault(result.lang, []).append(result)
    table = {lang: _figures(lang, group) for lang, group in sorted(by_lang.items())}
    if len(by_lang) > 1:
        table["all"] = _figures(None, results)
    return table


def _figures(lang: str | None, group: list[Result]) -> dict[str, Any]:
    n = len(group)
    fields_ok = sum(f["ok"] for r in group for f in r.fields.values())
    fields_all = sum(len(r.fields) for r in group)
    openings = [r for r in group if r.opening_kept is not None]
    languages = [r.language_figures(lang or r.lang) for r in group]
    messages = sum(f["messages"] - f["unknown"] for f in languages)
    return {
        "conversations": n,
        "completed": sum(r.completed for r in group),
        "turns_per_conversation": statistics.fmean(len(r.turns) for r in group),
        "not_understood_per_conversation": statistics.fmean(r.not_understood for r in group),
        "fields_correct": fields_ok,
        "fields_expected": fields_all,
        "fields_correct_pct": 100.0 * fields_ok / fields_all if fields_all else 0.0,
        "fields_typed_correct_pct": _pct(sum(r.fields_typed_ok for r in group), fields_all),
        "openings_with_content": len(openings),
        "opening_kept_pct": _pct(sum(bool(r.opening_kept) for r in openings), len(openings)),
        "opening_fields_kept": sum(r.opening_fields_kept for r in openings),
        "opening_fields_given": sum(r.opening_given for r in openings),
        "bot_messages": sum(f["messages"] for f in languages),
        "bot_messages_unrecognised": sum(f["unknown"] for f in languages),
        "foreign_messages": sum(f["foreign"] for f in languages),
        "unrequested_switches": sum(f["switches"] for f in languages),
        "in_language_pct": 100.0 * sum(f["in_language"] for f in languages) / messages if messages else 0.0,
        "fallbacks_per_conversation": statistics.fmean(r.fallbacks for r in group),
        "seconds_per_conversation": statistics.fmean(r.seconds for r in group),
    }


def _pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


COLUMNS = [
    ("lang", None), ("convs", "conversations"), ("done", "completed"), ("turns", "turns_per_conversation"),
    ("not und.", "not_understood_per_conversation"), ("fields %", "fields_correct_pct"),
    ("typed %", "fields_typed_correct_pct"),
    ("opening %", "opening_kept_pct"), ("in lang %", "in_language_pct"), ("foreign", "foreign_messages"),
    ("switches", "unrequested_switches"), ("fallbacks", "fallbacks_per_conversation"),
    ("s/conv", "seconds_per_conversation"),
]


def per_field(results: list[Result]) -> dict[str, dict[str, float]]:
    """Share of conversations with each expected field stored right, per language and overall."""
    counts: dict[str, dict[str, list[int]]] = {}
    for result in results:
        for lang in (result.lang, "all"):
            for name, figures in result.fields.items():
                cell = counts.setdefault(lang, {}).setdefault(name, [0, 0])
                cell[0] += bool(figures["ok"])
                cell[1] += 1
    return {lang: {name: 100.0 * ok / n for name, (ok, n) in fields.items()}
            for lang, fields in sorted(counts.items(), key=lambda item: (item[0] == "all", item[0]))}


def render_fields(table: dict[str, dict[str, float]]) -> str:
    names = list(scripts.EXPECTED_FIELDS)
    lines = ["| lang | " + " | ".join(names) + " |", "|" + "---|" * (len(names) + 1)]
    for lang, fields in table.items():
        lines.append(f"| {lang} | " + " | ".join(f"{fields.get(n, 0.0):.0f}" for n in names) + " |")
    return "\n".join(lines)


def render(table: dict[str, dict[str, Any]]) -> str:
    """A Markdown table, readable in a terminal and pasteable into RESULTS.md."""
    lines = ["| " + " | ".join(title for title, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for lang, figures in table.items():
        cells = [lang]
        for _, key in COLUMNS[1:]:
            value = figures[key]
            cells.append("-" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lang", nargs="+", help="only these languages (default: all)")
    parser.add_argument("--limit", type=int, help="at most this many conversations per language")
    parser.add_argument("--json", type=Path, help="write the figures and every conversation's details here")
    parser.add_argument("--max-turns", type=int, default=MAX_TURNS)
    parser.add_argument("--max-minutes", type=float, default=90.0, help="start no conversation after this")
    parser.add_argument("--check", action="store_true", help="only validate the scripts")
    parser.add_argument("--held-out", action="store_true",
                        help="run the held-out scripts (scripts/held_out/) instead of the main ones")
    parser.add_argument("--logs", type=Path, help="copy the three processes' logs here at the end")
    parser.add_argument("--from-json", type=Path, nargs="+", metavar="FILE",
                        help="start nothing: print the table of earlier runs' --json files, merged")
    args = parser.parse_args()

    if args.from_json:
        merged = [result_from_dict(raw) for path in args.from_json
                  for raw in json.loads(path.read_text(encoding="utf-8"))["conversations"]
                  if not args.lang or raw["lang"] in args.lang]
        print(render(summarise(merged)))
        print("\nfields stored right (% of conversations):\n" + render_fields(per_field(merged)))
        return 0
    catalogues = Catalogues.load(ROOT)
    directory = scripts.HELD_OUT_DIR if args.held_out else scripts.SCRIPTS_DIR
    conversations = scripts.load(args.lang, directory)
    found = scripts.problems(conversations, catalogues.fields, catalogues.options)
    if (args.lang and not args.check) or args.held_out:
        found = [p for p in found if "fewer than" not in p]
    if found:
        print("\n".join(found), file=sys.stderr)
        return 1
    if args.check:
        print(f"{len(conversations)} conversations, all valid")
        return 0
    if args.limit:
        taken: Counter[str] = Counter()
        limited = []
        for conv in conversations:
            if taken[conv.lang] < args.limit:
                taken[conv.lang] += 1
                limited.append(conv)
        conversations = limited

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-conv-") as tmp:
        data = Path(tmp)
        knowledge_db = f"sqlite:///{data / 'knowledge.db'}"
        stack = Stack(
            data_dir=data, rasa_port=free_port(), actions_port=free_port(), knowledge_port=free_port(),
            credentials=REST_CREDENTIALS,
            extra_env={
                "KNOWLEDGE_DATABASE_URL": knowledge_db,
                "TRACKER_DB_PATH": str(data / "tracker.db"),
                # the action server's credential for the knowledge API's internal face, where it has one
                "KNOWLEDGE_SERVICE_TOKEN": secrets.token_hex(16),
            },
        )
        print(f"Starting the stack ({ROOT}); {len(conversations)} conversations...", flush=True)
        began = time.monotonic()
        engine = sa.create_engine(knowledge_db)
        try:
            stack.start()
            print(f"stack up in {time.monotonic() - began:.0f} s", flush=True)
            deadline = time.monotonic() + 60 * args.max_minutes
            with httpx.Client(timeout=TIMEOUT) as client:
                for conv in conversations:
                    if time.monotonic() > deadline:
                        print("time is up: the remaining conversations were not run", flush=True)
                        break
                    session = Session(stack, engine, client, conv.id)
                    driver = Driver(catalogues, session.say, session.slots, session.stored,
                                    max_turns=args.max_turns, deadline=deadline)
                    result = driver.run(conv)
                    results.append(result)
                    wrong = [k for k, f in result.fields.items() if not f["ok"]]
                    print(f"{conv.id}: {result.end}, {len(result.turns)} turns, "
                          f"{result.not_understood} not understood, wrong: {', '.join(wrong) or '-'}, "
                          f"opening kept: {result.opening_kept}, {result.seconds:.1f} s", flush=True)
        finally:
            engine.dispose()
            stack.stop()
            if args.logs:
                args.logs.mkdir(parents=True, exist_ok=True)
                for log in data.glob("*.log"):
                    shutil.copy(log, args.logs / log.name)

    table = summarise(results)
    fields = per_field(results)
    print()
    print(render(table))
    print("\nfields stored right (% of conversations):\n" + render_fields(fields))
    if args.json:
        args.json.write_text(json.dumps(
            {"root": str(ROOT), "figures": table, "fields": fields,
             "conversations": [asdict(r) for r in results]},
            ensure_ascii=False, indent=1, default=str,
        ), encoding="utf-8")
        print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
