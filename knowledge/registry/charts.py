"""Figures for the dashboard's charts: needs over time, by sector, country and language, and
the funnel from interview started to transferred technology, within what a person may see.

Interviews started are counted without country or sector (knowledge.registry.interview_starts),
so only a view of every need (an administrator, no country, sector or organisation filter)
starts the funnel there; any other view starts at the submitted need."""

from collections import Counter
from typing import Any

from knowledge.models import Need

# A referral that reached one of these has passed the funnel step (later steps imply earlier).
IN_PROGRESS_OR_LATER = ("in_progress", "transferred")
TRANSFERRED = ("transferred",)


def _reached(need: Need, statuses: tuple[str, ...]) -> bool:
    return any(r.status in statuses or any(e.status in statuses for e in r.events) for r in need.referrals)


def chart_data(needs: list[Need], started: int | None = None) -> dict[str, Any]:
    per_day = Counter(n.created_at.date().isoformat() for n in needs)
    return {
        "over_time": dict(sorted(per_day.items())),
        "by_sector": dict(Counter(n.sector or "unknown" for n in needs).most_common()),
        "by_country": dict(Counter(n.country for n in needs).most_common()),
        "by_language": dict(Counter(n.language for n in needs).most_common()),
        "funnel": ({"started": started} if started is not None else {})
        | {
            "submitted": len(needs),
            "referred": sum(1 for n in needs if n.referrals),
            "in_progress": sum(1 for n in needs if _reached(n, IN_PROGRESS_OR_LATER)),
            "transferred": sum(1 for n in needs if _reached(n, TRANSFERRED)),
        },
    }
