"""Needs as files: the platform record shape (title, description, sector, country, then our
structured fields) as CSV or JSON, a reduced open-data shape, and the gap report.

Open data leaves out every field that can identify or quote the user: the reference, the
free text (title, description, practice, outcome, scale), the region, the channel and the
contact preference; dates are kept to the month.
"""

import csv
import io
import json
from collections import Counter
from typing import Any

from knowledge.models import Need

# Platform record shape first, then ours.
FULL_FIELDS = (
    "title",
    "description",
    "sector",
    "country",
    "reference",
    "region",
    "org_type",
    "language",
    "channel",
    "current_practice",
    "desired_outcome",
    "scale",
    "budget_band",
    "grid_access",
    "water_access",
    "support_sought",
    "contact_preference",
    "status",
    "created_at",
)
OPEN_FIELDS = (
    "sector",
    "country",
    "org_type",
    "language",
    "budget_band",
    "grid_access",
    "water_access",
    "support_sought",
    "status",
    "created_month",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record(need: Need, open_data: bool = False) -> dict[str, Any]:
    full: dict[str, Any] = {
        "title": need.title,
        "description": need.problem,
        "sector": need.sector,
        "country": need.country,
        "reference": need.reference,
        "region": need.region,
        "org_type": need.org_type,
        "language": need.language,
        "channel": need.channel,
        "current_practice": need.current_practice,
        "desired_outcome": need.desired_outcome,
        "scale": need.scale,
        "budget_band": need.budget_band,
        "grid_access": need.grid_access,
        "water_access": need.water_access,
        "support_sought": list(need.support_sought or []),
        "contact_preference": need.contact_preference,
        "status": need.status,
        "created_at": need.created_at.isoformat(),
        "created_month": need.created_at.strftime("%Y-%m"),
    }
    fields = OPEN_FIELDS if open_data else FULL_FIELDS
    return {name: full[name] for name in fields}


def escape_cell(value: Any) -> str:
    if value is None:
        return ""
    text = ";".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(records: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in records:
        writer.writerow([escape_cell(row.get(name)) for name in fields])
    return out.getvalue()


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


TOPIC_REASONS = ("concept", "words")


def has_good_match(need: Need) -> bool:
    """A technology was shown whose topic matched the need's own concepts or words (a
    `concept` or `words` reason), not only its sector, country or budget. The matcher shows
    nothing below its relevance threshold, so a need it found nothing for is a gap here."""
    return any(
        m.item_kind == "technology" and any(r.get("code") in TOPIC_REASONS for r in m.reasons or [])
        for m in need.matches
    )


def gap_report(needs: list[Need]) -> dict[str, Any]:
    """Needs without a good match, counted by sector and country (largest first)."""
    gaps = [n for n in needs if not has_good_match(n)]
    by_pair = Counter((n.sector or "unknown", n.country) for n in gaps)
    return {
        "needs": len(needs),
        "without_good_match": len(gaps),
        "by_sector": dict(Counter(n.sector or "unknown" for n in gaps).most_common()),
        "by_country": dict(Counter(n.country for n in gaps).most_common()),
        "by_sector_and_country": [
            {"sector": sector, "country": country, "needs": count}
            for (sector, country), count in by_pair.most_common()
        ],
    }
