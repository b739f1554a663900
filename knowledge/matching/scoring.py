"""Shared scoring pieces. Weights are plain numbers on purpose: a result's score is the sum of
the signals its reasons name, so it can be explained; they were chosen on the dev half of the
judged benchmark (bench/matching, `--split dev`) and reported on its held-out half."""

from dataclasses import dataclass, field

from knowledge.lexicon import Lexicon
from knowledge.matching.filters import WHERE_BONUS, Where
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.models import CatalogueEntry
from knowledge.schemas.results import Reason

# A shared technology concept ("solar drying") says more than a shared problem
# ("post-harvest losses"), which says more than a shared product ("mangoes").
CONCEPT_WEIGHT = {"technology": 3.0, "problem": 2.0, "product": 1.0, "sector": 0.5}
SECTOR_WEIGHT = 1.0
TEXT_WEIGHT = 20.0  # text relevance is the share of the query's information an entry has (0..1)
# Below this share of the query's information, text similarity is a stray word: on its own it
# does not make an entry a candidate at all. TEXT_WEIGHT and TEXT_GATE were chosen on the dev
# split of bench/matching (tech nDCG@3 0.45 -> 0.52, fit@3 0.62 -> 0.69 before the threshold).
TEXT_GATE = 0.02
TEXT_ALONE_SHARE = 0.5
MAX_CONCEPT_REASONS = 2
# A concept the need names only as part of a more specific one ("cold storage" in "vaccine
# cold chain") says little on its own: an entry sharing only it gets this share of its weight.
BROADER_SHARE = 0.25


@dataclass
class Scored:
    entry: CatalogueEntry
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    topic: float = 0.0  # the part of the score that says the entry is about the need

    def add(self, points: float, reason: Reason | None = None) -> None:
        self.score += points
        if reason is not None:
            self.reasons.append(reason)

    def add_topic(self, points: float, reason: Reason | None = None) -> None:
        self.topic += points
        self.add(points, reason)


def shared_concepts(entry: CatalogueEntry, profile: NeedProfile, lexicon: Lexicon) -> list[str]:
    """Concepts of the need that the entry lists, strongest kind first."""
    shared = [c for c in profile.concepts if c in entry.concepts and c in lexicon]
    # "solar drying" says more than the "drying" it refines: refined concepts go last.
    refined = {b for c in shared for b in lexicon.concepts[c].broader}
    return sorted(
        shared,
        key=lambda c: (c in refined, -CONCEPT_WEIGHT.get(lexicon.concepts[c].kind, 0.0)),
    )


def implied(profile: NeedProfile, lexicon: Lexicon) -> set[str]:
    """The need's concepts that only generalise another of its concepts."""
    found: set[str] = set()
    todo = [b for c in profile.concepts if c in lexicon for b in lexicon.concepts[c].broader]
    while todo:
        broader = todo.pop()
        if broader not in found and broader in lexicon:
            found.add(broader)
            todo.extend(lexicon.concepts[broader].broader)
    return found & set(profile.concepts)


def add_topic(
    scored: Scored, profile: NeedProfile, lexicon: Lexicon, reasons: ReasonMaker, text: float
) -> bool:
    """Concepts, sector and text similarity. False when the entry has nothing to do with
    the need (then it is not shown at all)."""
    shared = shared_concepts(scored.entry, profile, lexicon)
    general = implied(profile, lexicon)
    # Sharing only "cold storage" with a vaccine need is not being about it.
    only_general = all(c in general for c in shared)
    # Claimed as a reason only when it says what the need is about: not a field named in passing
    # ("agriculture"), nor the general idea of a more specific need ("cold storage").
    claimed = [c for c in shared if lexicon.concepts[c].kind != "sector" and not only_general]
    for concept_id in shared:
        weight = CONCEPT_WEIGHT.get(lexicon.concepts[concept_id].kind, 0.0)
        if only_general:
            weight *= BROADER_SHARE
        shown = concept_id in claimed[:MAX_CONCEPT_REASONS]
        scored.add_topic(weight, reasons.concept(concept_id) if shown else None)
    sector_match = profile.sector is not None and profile.sector in scored.entry.sectors
    if sector_match and profile.sector is not None:
        scored.add_topic(SECTOR_WEIGHT, reasons.sector(profile.sector) if not claimed else None)
    # Words alone, with no concept or sector in common, are weaker evidence: one word of a short
    # need ("machines" in "snow machines for our penguins") is a large share of its information.
    alone = not shared and not sector_match
    scored.add_topic(TEXT_WEIGHT * text * (TEXT_ALONE_SHARE if alone else 1.0))
    return bool(shared) or sector_match or text >= TEXT_GATE


def add_where(scored: Scored, where: Where, reasons: ReasonMaker) -> None:
    """Availability; an entry listed only for other countries gets no reason about it."""
    kind, value = where
    if kind == "elsewhere":
        scored.add(WHERE_BONUS[kind])
        return
    reason = {
        "country": lambda: reasons.country(value),
        "region": lambda: reasons.region(value),
        "global": reasons.worldwide,
    }[kind]()
    scored.add(WHERE_BONUS[kind], reason)


def relevant(items: list[Scored], threshold: float) -> list[Scored]:
    """Those whose topic score reaches the threshold: below it an entry may be near the user
    and affordable, but it is not about their need."""
    return [s for s in items if s.topic >= threshold]


def ranked(items: list[Scored]) -> list[Scored]:
    # Ties broken by id so that pages are stable between "more" requests.
    return sorted(items, key=lambda s: (-round(s.score, 6), s.entry.id))
