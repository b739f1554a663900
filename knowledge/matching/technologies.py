"""Ranks technologies for a need."""

from collections.abc import Sequence

from knowledge.lexicon import Lexicon
from knowledge.matching.filters import ELSEWHERE, org_type_fits, where_available, within_budget
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.scoring import Scored, add_topic, add_where, ranked, relevant
from knowledge.matching.text_index import relevance
from knowledge.models import Technology

BUDGET_BONUS = 0.3
OFF_GRID_BONUS = {"none": 0.5, "unreliable": 0.4}
ORG_TYPE_BONUS = 0.3
PROVEN_BONUS = 0.3
LOCAL_BONUS = 0.5
# Topic score (scoring.add_topic) an entry needs to be shown at all. Below it the honest answer
# is that nothing in the catalogue fits yet. Chosen on the dev split (bench.matching.threshold):
# the best agreement of "shown" with "judged relevant" (F1 0.28 -> 0.51; precision over the
# first 10 0.17 -> 0.36) that costs at most 4 needs in 100 their fitting technology in the
# first 3 (fit@3 0.69 -> 0.65), and shows nothing for 2 of the 3 needs the catalogue cannot serve.
# Re-checked after technologies listed only elsewhere became candidates: F1 0.55 -> 0.64,
# fit@3 0.88 -> 0.84, nothing shown for 1 of the 3 (4.75 is within a hundredth: kept).
RELEVANCE_THRESHOLD = 4.5


def rank_technologies(
    technologies: Sequence[Technology],
    profile: NeedProfile,
    lexicon: Lexicon,
    reasons: ReasonMaker,
    *,
    proven_only: bool = False,
    text_scores: Sequence[float] | None = None,
    threshold: float | None = None,
) -> list[Scored]:
    """`text_scores`: each entry's relevance when already known (knowledge.search scores the
    whole catalogue once per request); otherwise computed over the given entries.
    `threshold`: the topic score to reach, RELEVANCE_THRESHOLD unless given."""
    if text_scores is None:
        text_scores = relevance(technologies, profile.query_tokens, lexicon)
    results = []
    for tech, text in zip(technologies, text_scores, strict=True):
        where = where_available(tech, profile) or ELSEWHERE
        if not org_type_fits(tech.org_types, profile.org_type):
            continue
        affordable = within_budget(tech.cost_min_usd, profile.budget_band)
        if affordable is False:
            continue
        # Without any grid, equipment that needs one cannot work at all.
        if profile.grid_access == "none" and tech.needs_grid:
            continue
        if proven_only and tech.readiness != "proven_commercial":
            continue
        scored = Scored(tech)
        if not add_topic(scored, profile, lexicon, reasons, text):
            continue
        add_where(scored, where, reasons)
        if affordable and profile.budget_band:
            scored.add(BUDGET_BONUS, reasons.budget(profile.budget_band))
        if not tech.needs_grid and profile.grid_access in OFF_GRID_BONUS:
            scored.add(OFF_GRID_BONUS[profile.grid_access], reasons.off_grid())
        provider_country = tech.provider.country if tech.provider else None
        if provider_country == profile.country:
            scored.add(LOCAL_BONUS, reasons.local(profile.country))
        if tech.org_types and profile.org_type:
            scored.add(ORG_TYPE_BONUS, reasons.org_type(profile.org_type))
        if tech.readiness == "proven_commercial":
            scored.add(PROVEN_BONUS, reasons.proven())
        results.append(scored)
    return ranked(relevant(results, RELEVANCE_THRESHOLD if threshold is None else threshold))
