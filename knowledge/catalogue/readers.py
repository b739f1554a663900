"""Turns CSV, JSON or YAML payloads into plain row dicts, each with a "kind".

CSV is flat, so a few column conventions give it the nested fields JSON has:
`name_<lang>` / `summary_<lang>` -> translations, `provider_country` / `provider_url` ->
the technology's provider object. Empty cells count as absent.
"""

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml

from knowledge.catalogue.rows import KIND_ALIASES

_TRANSLATED = re.compile(r"^(name|summary)_([a-z]{2,3})$")


class PayloadError(ValueError):
    """The payload as a whole cannot be read (not one bad row)."""


def read_file(path: Path, default_kind: str | None = None) -> list[dict[str, Any]]:
    suffix = path.suffix.lower().lstrip(".")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PayloadError(f"cannot read {path}: {error}") from error
    return parse_payload(text, suffix, default_kind)


def parse_payload(text: str, fmt: str, default_kind: str | None = None) -> list[dict[str, Any]]:
    if fmt == "csv":
        rows = _csv_rows(text)
    elif fmt in ("json", "yaml", "yml"):
        try:
            data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as error:
            raise PayloadError(f"not valid {fmt.upper()}: {error}") from error
        rows = _structured_rows(data)
    else:
        raise PayloadError(f"unsupported format {fmt!r}: use csv, json or yaml")
    if default_kind:
        for row in rows:
            row.setdefault("kind", default_kind)
    return rows


def _structured_rows(data: Any) -> list[dict[str, Any]]:
    """A list of rows, or {"technologies": [...], "finance_offers": [...], ...}."""
    if isinstance(data, list):
        return [row if isinstance(row, dict) else {"_not_an_object": row} for row in data]
    if isinstance(data, dict):
        rows = []
        for key, items in data.items():
            kind = KIND_ALIASES.get(key)
            if kind is None or not isinstance(items, list):
                raise PayloadError(f"unexpected top-level key {key!r}")
            for item in items:
                row = dict(item) if isinstance(item, dict) else {"_not_an_object": item}
                row.setdefault("kind", kind)
                rows.append(row)
        return rows
    raise PayloadError("expected a list of rows or an object of lists")


def _csv_rows(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise PayloadError("empty CSV: no header row")
    return [_unflatten(record) for record in reader]


def _unflatten(record: dict[str | None, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    translations: dict[str, dict[str, str]] = {}
    provider_extra: dict[str, str] = {}
    for key, value in record.items():
        if key is None:  # more cells than header columns
            row["_extra_cells"] = value
            continue
        key = key.strip()
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        match = _TRANSLATED.match(key)
        if match:
            translations.setdefault(match.group(2), {})[match.group(1)] = value
        elif key in ("provider_country", "provider_url"):
            provider_extra[key.removeprefix("provider_")] = value
        else:
            row[key] = value
    if translations:
        row["translations"] = translations
    if provider_extra and KIND_ALIASES.get(str(row.get("kind", ""))) == "technology":
        row["provider"] = {"name": row.get("provider", ""), **provider_extra}
    return row
