"""Validates rows and upserts them by (source, external_id), reporting every rejected row.

Rows are independent: a bad row is reported and skipped, the good ones are written in one
transaction. Running the same import twice changes nothing (everything "unchanged").
"""

import re
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.catalogue.rows import KIND_ALIASES, KINDS, ROW_MODELS, RowBase, TechnologyRow
from knowledge.errors import printable
from knowledge.lexicon import Lexicon
from knowledge.models import FinanceOffer, Provider, ServiceProvider, Technology, TrainingOffer

SOURCE_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
# The report names at most this many rejected rows and unknown columns: a 5 MB file of bad
# rows must not become a 100 MB answer. The counts stay exact.
MAX_LISTED = 200
MAX_REASON = 300
MAX_NAME = 64
Outcome = Literal["created", "updated", "unchanged"]
_TABLES: dict[str, type[Technology | FinanceOffer | TrainingOffer | ServiceProvider]] = {
    "technology": Technology,
    "finance": FinanceOffer,
    "training": TrainingOffer,
    "service": ServiceProvider,
}


class RejectedRow(BaseModel):
    row: int = Field(description="1-based position of the row in the file (CSV: data rows)")
    kind: str | None = None
    external_id: str | None = None
    reasons: list[str]


class ImportReport(BaseModel):
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_count: int = 0
    rejected: list[RejectedRow] = Field(
        default_factory=list, description=f"the first {MAX_LISTED} rejected rows, with reasons"
    )
    warnings: list[str] = Field(default_factory=list)

    def summary(self) -> str:
        return (
            f"source {self.source}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.rejected_count} rejected"
        )

    def reject(self, rejected: RejectedRow) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_LISTED:
            self.rejected.append(rejected)


def validate_source(source: str) -> str:
    if not re.match(SOURCE_PATTERN, source):
        raise ValueError(
            "source must be 1-64 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return source


def import_rows(
    session: Session, rows: Iterable[dict[str, Any]], source: str, lexicon: Lexicon
) -> ImportReport:
    validate_source(source)
    report = ImportReport(source=source)
    seen: set[tuple[str, str]] = set()
    unknown_columns: set[str] = set()
    for position, raw in enumerate(rows, start=1):
        row, reasons = _validate(raw, lexicon)
        if row is None:
            report.reject(
                RejectedRow(
                    row=position,
                    kind=_text_or_none(raw.get("kind")),
                    external_id=_text_or_none(raw.get("external_id")),
                    reasons=reasons,
                )
            )
            continue
        key = (row.kind, row.external_id)  # type: ignore[attr-defined]
        if key in seen:
            report.reject(
                RejectedRow(
                    row=position,
                    kind=key[0],
                    external_id=key[1],
                    reasons=["duplicate external_id: an earlier row of this file has it"],
                )
            )
            continue
        seen.add(key)
        unknown_columns |= set(raw) - set(type(row).model_fields) - {"provider_country"}
        outcome = _upsert(session, row, source)
        setattr(report, outcome, getattr(report, outcome) + 1)
    session.flush()
    names = sorted(unknown_columns)
    report.warnings.extend(f"ignored unknown field {printable(c, MAX_NAME)!r}" for c in names[:MAX_LISTED])
    if len(names) > MAX_LISTED:
        report.warnings.append(f"and {len(names) - MAX_LISTED} more unknown fields")
    if report.rejected_count > len(report.rejected):
        report.warnings.append(
            f"only the first {MAX_LISTED} of {report.rejected_count} rejected rows are listed"
        )
    return report


def _text_or_none(value: Any) -> str | None:
    return None if value is None else printable(str(value), 128)


def _validate(raw: dict[str, Any], lexicon: Lexicon) -> tuple[RowBase | None, list[str]]:
    if "_not_an_object" in raw:
        return None, ["row is not an object"]
    if "_extra_cells" in raw:
        return None, ["more cells than header columns"]
    kind = KIND_ALIASES.get(str(raw.get("kind", "")).strip().lower())
    if kind is None:
        return None, [f"kind: must be one of {', '.join(KINDS)}"]
    data = {**raw, "kind": kind}
    try:
        return ROW_MODELS[kind].model_validate(data, context={"lexicon": lexicon}), []
    except ValidationError as error:
        return None, [_reason(e) for e in error.errors(include_url=False)]


def _reason(error: Any) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    location = ".".join(printable(str(part), MAX_NAME) for part in error["loc"])
    return printable(f"{location}: {message}" if location else message, MAX_REASON)


def _columns(row: RowBase) -> dict[str, Any]:
    values = row.model_dump(exclude={"kind", "provider", "service_kind"})
    values["translations"] = {lang: t.model_dump() for lang, t in row.translations.items()}
    if isinstance(row, TechnologyRow):
        return values
    if hasattr(row, "service_kind"):
        values["kind"] = row.service_kind
        # The address referrals are e-mailed to is the platform's (knowledge.notify.contacts):
        # a row without one, such as every seed row, never clears it.
        if values.get("notify_email") is None:
            values.pop("notify_email", None)
    if hasattr(row, "provider"):
        values["provider"] = row.provider
    return values


def _upsert(session: Session, row: RowBase, source: str) -> Outcome:
    table = _TABLES[row.kind]  # type: ignore[attr-defined]
    values = _columns(row)
    outcome: Outcome = "unchanged"
    if isinstance(row, TechnologyRow):
        provider_id, provider_outcome = _upsert_provider(session, row, source)
        values["provider_id"] = provider_id
        if provider_outcome != "unchanged":
            outcome = "updated"
    existing = session.scalar(
        select(table).where(table.source == source, table.external_id == row.external_id)
    )
    if existing is None:
        session.add(table(source=source, **values))
        return "created"
    changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
    for key, value in changed.items():
        setattr(existing, key, value)
    return "updated" if changed else outcome


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:128] or "provider"


def _upsert_provider(
    session: Session, row: TechnologyRow, source: str
) -> tuple[int | None, Outcome]:
    if row.provider is None:
        return None, "unchanged"
    external_id = _slug(row.provider.name)
    values = {"name": row.provider.name, "country": row.provider.country, "url": row.provider.url}
    provider = session.scalar(
        select(Provider).where(Provider.source == source, Provider.external_id == external_id)
    )
    if provider is None:
        provider = Provider(source=source, external_id=external_id, **values)
        session.add(provider)
        session.flush()
        return provider.id, "created"
    # Rows of one file often name the same provider, not always with all its details:
    # a detail left out keeps its known value instead of erasing it.
    changed = {k: v for k, v in values.items() if v is not None and getattr(provider, k) != v}
    for key, value in changed.items():
        setattr(provider, key, value)
    return provider.id, "updated" if changed else "unchanged"
