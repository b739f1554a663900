"""The scripted conversations (`scripts/<lang>.yml`) and their checks.

One entry per conversation:

    - id: sw-03
      opening: "Habari, sisi ni chama cha ushirika cha wakulima Kenya..."   # the first message
      opening_gives: {org_type: farmer_cooperative, country: KE}           # what it already says
      answers:            # the user's reply to each question, keyed by the field the bot asks;
        org_type: "..."   # a list gives the next reply each time the same question comes back
      instead:            # sent once, the first time the bot asks that field, instead of an answer
        water_access: "samahani, tuko Tanzania sio Kenya"
      confirm: "ndio"     # the reply to the summary
      expect: {...}       # the need a careful person would record (language: the file's)

`opening_gives` values: an option code or ISO code; `true` for a free-text field (any value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SCRIPTS_DIR = Path(__file__).parent / "scripts"
# Written to check that parser changes generalise (fewer per language); never tuned to.
HELD_OUT_DIR = SCRIPTS_DIR / "held_out"
EXPECTED_FIELDS = (
    "org_type", "country", "budget_band", "grid_access", "water_access", "support_sought",
    "consent_store", "consent_share", "contact_preference", "language",
)
MIN_PER_LANGUAGE = 20


@dataclass
class Conversation:
    id: str
    lang: str
    opening: str
    answers: dict[str, list[str]]
    expect: dict[str, Any]
    opening_gives: dict[str, Any] = field(default_factory=dict)
    instead: dict[str, str] = field(default_factory=dict)
    confirm: str | None = None

    @classmethod
    def from_dict(cls, lang: str, raw: dict[str, Any]) -> Conversation:
        answers = {str(k): [str(x) for x in (v if isinstance(v, list) else [v])]
                   for k, v in (raw.get("answers") or {}).items()}
        expect = dict(raw.get("expect") or {})
        expect.setdefault("language", lang)
        return cls(
            id=str(raw["id"]), lang=lang, opening=str(raw["opening"]), answers=answers, expect=expect,
            opening_gives=dict(raw.get("opening_gives") or {}),
            instead={str(k): str(v) for k, v in (raw.get("instead") or {}).items()},
            confirm=str(raw["confirm"]) if raw.get("confirm") is not None else None,
        )


def load(langs: list[str] | None = None, directory: Path = SCRIPTS_DIR) -> list[Conversation]:
    conversations = []
    for path in sorted(directory.glob("*.yml")):
        if langs and path.stem not in langs:
            continue
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            conversations.append(Conversation.from_dict(path.stem, raw))
    return conversations


def problems(
    conversations: list[Conversation], fields: list[str], options: dict[str, list[str]]
) -> list[str]:
    """What is wrong with the scripts: unknown fields or values, missing expectations, too few
    conversations in a language, duplicate ids."""
    found: list[str] = []
    seen: set[str] = set()
    per_lang: dict[str, int] = {}
    for conv in conversations:
        where = f"{conv.lang}/{conv.id}"
        if conv.id in seen:
            found.append(f"{where}: duplicate id")
        seen.add(conv.id)
        per_lang[conv.lang] = per_lang.get(conv.lang, 0) + 1
        for name in [*conv.answers, *conv.instead, *conv.opening_gives]:
            if name not in fields:
                found.append(f"{where}: unknown field {name!r}")
        for name in EXPECTED_FIELDS:
            if name not in conv.expect:
                found.append(f"{where}: expect has no {name}")
        for name, value in {**conv.expect, **conv.opening_gives}.items():
            found += [f"{where}: {msg}" for msg in _value_problems(name, value, options)]
        if conv.expect.get("language") != conv.lang:
            found.append(f"{where}: expected language differs from the file's")
    for lang, count in sorted(per_lang.items()):
        if count < MIN_PER_LANGUAGE:
            found.append(f"{lang}: {count} conversations, fewer than {MIN_PER_LANGUAGE}")
    return found


def _value_problems(name: str, value: Any, options: dict[str, list[str]]) -> list[str]:
    if name == "country":
        ok = isinstance(value, str) and len(value) == 2 and value.isupper()
        return [] if ok else [f"country {value!r} is not an ISO 3166-1 alpha-2 code"]
    if name == "support_sought":
        allowed = set(options.get(name, [])) - {"all"}
        values = value if isinstance(value, list) else [value]
        return [f"support_sought {v!r} unknown" for v in values if v not in allowed]
    if name in ("consent_store", "consent_share"):
        return [] if isinstance(value, bool) else [f"{name} must be true or false"]
    if options.get(name):
        return [] if value in options[name] else [f"{name} {value!r} is not one of {options[name]}"]
    return []
