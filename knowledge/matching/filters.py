"""Structured filters. Each returns what the bot can say about the fit (for reasons) or
None when the entry does not fit at all."""

from knowledge.geo import GLOBAL
from knowledge.matching.profile import NeedProfile
from knowledge.models import CatalogueEntry
from knowledge.vocab import BUDGET_BAND_USD

Where = tuple[str, str]  # ("country", "KE") | ("region", "east_africa") | ("global", "")

# How much a more specific availability counts: an offer made for the user's country beats
# one for the whole region, which beats a worldwide one.
WHERE_BONUS = {"country": 0.6, "region": 0.3, "global": 0.0, "elsewhere": -1.0}
# A technology the catalogue lists only for other countries is still worth knowing (a partner
# could bring it in; bench/matching judges it acceptable), after those available to the user.
ELSEWHERE: Where = ("elsewhere", "")


def where_available(entry: CatalogueEntry, profile: NeedProfile) -> Where | None:
    if profile.country in entry.countries:
        return ("country", profile.country)
    for area in profile.areas:
        if area in entry.regions:
            return ("region", area)
    if GLOBAL in entry.regions:
        return ("global", "")
    return None


def org_type_fits(allowed: list[str], org_type: str | None) -> bool:
    """An empty list means open to all."""
    return not allowed or org_type is None or org_type in allowed


def within_budget(cost_min_usd: int | None, band: str | None) -> bool | None:
    """True/False when both are known; None when there is nothing to compare."""
    if band is None or cost_min_usd is None:
        return None
    # The cheapest configuration must be affordable: costs are ranges by site size.
    return cost_min_usd <= BUDGET_BAND_USD[band][1]


def ticket_fits(amount_min: int | None, amount_max: int | None, band: str | None) -> bool | None:
    """Whether the finance ticket range overlaps the need's budget band (None: unknown)."""
    if band is None or (amount_min is None and amount_max is None):
        return None
    low, high = BUDGET_BAND_USD[band]
    return (amount_min or 0) <= high and (amount_max if amount_max is not None else 10**13) >= low


def sector_or_concept_fits(entry: CatalogueEntry, profile: NeedProfile) -> bool:
    """Offers restricted to some sectors are only shown for needs they can serve."""
    if not entry.sectors or profile.sector is None or profile.sector in entry.sectors:
        return True
    return any(c in entry.concepts for c in profile.concepts)
