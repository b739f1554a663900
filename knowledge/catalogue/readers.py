"""Turns CSV, JSON or YAML payloads into plain row dicts, each with a "kind".

CSV is flat, so a few column conventions give it the nested fields JSON has:
`name_<lang>` / `summary_<lang>` -> translations, `provider_country` / `provider_url` ->
the technology's provider object. Empty cells count as absent.

A file that cannot be read as a whole raises PayloadError, whose message names the line, row
or byte position; nothing is written then. Refused outright: bytes that are not UTF-8, NUL
characters and lone surrogates (no database stores them), nesting deeper than a catalogue row
ever needs, and YAML aliases (a few hundred bytes of aliases expand to megabytes).
"""

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

from knowledge.catalogue.rows import KIND_ALIASES

_TRANSLATED = re.compile(r"^(name|summary)_([a-z]{2,3})$")
_BARE_CR = re.compile(r"\r(?!\n)")
# A file of rows is at most {"technologies": [{"translations": {"fr": {"name": ...}}}]}.
MAX_DEPTH = 8


class PayloadError(ValueError):
    """The payload as a whole cannot be read (not one bad row)."""


def read_file(path: Path, default_kind: str | None = None) -> list[dict[str, Any]]:
    suffix = path.suffix.lower().lstrip(".")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PayloadError(f"cannot read {path}: {error.strerror}") from error
    return parse_payload(decode(data), suffix, default_kind)


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a PayloadError naming the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PayloadError(
            f"not UTF-8: byte 0x{data[error.start]:02x} at position {error.start} (line {line})"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise PayloadError(f"NUL character at {_where(text, nul)}")
    return text


def _where(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def parse_payload(text: str, fmt: str, default_kind: str | None = None) -> list[dict[str, Any]]:
    if "\x00" in text:
        raise PayloadError(f"NUL character at {_where(text, text.index(chr(0)))}")
    if fmt == "csv":
        rows = _csv_rows(text)
    elif fmt == "json":
        rows = _structured_rows(_json(text))
    elif fmt in ("yaml", "yml"):
        rows = _structured_rows(_yaml(text))
    else:
        raise PayloadError(f"unsupported format {fmt!r}: use csv, json or yaml")
    for position, row in enumerate(rows, start=1):
        _check_strings(row, position)
    if default_kind:
        for row in rows:
            row.setdefault("kind", default_kind)
    return rows


def _json(text: str) -> Any:
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise PayloadError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise PayloadError(f"not a catalogue file: nested more than {MAX_DEPTH} levels deep") from None
    if _depth(data) > MAX_DEPTH:
        raise PayloadError(f"not a catalogue file: nested more than {MAX_DEPTH} levels deep")
    return data


def _no_constant(name: str) -> None:
    raise PayloadError(f"not valid JSON: {name} is not a JSON number")


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return deepest


class _CatalogueLoader(yaml.SafeLoader):
    """SafeLoader without aliases and with bounded nesting: the composer is where both happen
    (it resolves aliases to shared nodes, and recurses once per level)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(None, None, "aliases (*name) are not accepted", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _yaml(text: str) -> Any:
    loader = None
    try:
        loader = _CatalogueLoader(text)  # the reader checks every character here already
        return loader.get_single_data()
    except yaml.reader.ReaderError as error:
        raise PayloadError(
            f"not valid YAML: character #x{error.character:04x} at position {error.position} is not allowed"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PayloadError(f"not valid YAML: {error.problem}{where}") from None
    except yaml.YAMLError as error:
        raise PayloadError(f"not valid YAML: {type(error).__name__}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _check_strings(row: dict[str, Any], position: int) -> None:
    stack: list[Any] = [row]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            texts = [value]
        elif isinstance(value, dict):
            texts = [k for k in value if isinstance(k, str)]
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
            continue
        else:
            continue
        for text in texts:
            if "\x00" in text:
                raise PayloadError(f"row {position}: NUL character in a value")
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise PayloadError(f"row {position}: not valid Unicode (lone surrogate)") from None


def _structured_rows(data: Any) -> list[dict[str, Any]]:
    """A list of rows, or {"technologies": [...], "finance_offers": [...], ...}."""
    if isinstance(data, list):
        return [row if isinstance(row, dict) else {"_not_an_object": row} for row in data]
    if isinstance(data, dict):
        rows = []
        for key, items in data.items():
            kind = KIND_ALIASES.get(key) if isinstance(key, str) else None
            if kind is None or not isinstance(items, list):
                raise PayloadError(f"unexpected top-level key {str(key)[:64]!r}")
            for item in items:
                row = dict(item) if isinstance(item, dict) else {"_not_an_object": item}
                row.setdefault("kind", kind)
                rows.append(row)
        return rows
    raise PayloadError("expected a list of rows or an object of lists")


def _csv_rows(text: str) -> list[dict[str, Any]]:
    # A carriage return not followed by a line feed is refused rather than read as a row break:
    # a row cut in two could otherwise import its first half.
    bare = _BARE_CR.search(text)
    if bare:
        raise PayloadError(
            f"carriage return without line feed at {_where(text, bare.start())}: "
            "save the file with LF or CRLF line ends"
        )
    # newline="" as the csv module requires: it reads line breaks inside quoted cells itself.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if not reader.fieldnames:
            raise PayloadError("empty CSV: no header row")
        return [_unflatten(record) for record in reader]
    except csv.Error as error:
        # csv.Error: a field over csv.field_size_limit() (128 KiB), or a quote left open.
        # line_num counts the lines read before the one being parsed.
        raise PayloadError(f"not valid CSV at line {reader.line_num + 1}: {error}") from None


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
