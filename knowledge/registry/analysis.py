"""Proposes a short title and a sector from the user's own words, through the lexicon."""

from knowledge.lexicon import Lexicon
from knowledge.schemas.needs import Analysis

TITLE_MAX = 60
# Order of concept kinds in a proposed title: "Solar drying – fruits and vegetables".
TITLE_KINDS = ("technology", "product", "problem")
SEPARATOR = " – "


def infer_sector(concepts: list[str], lexicon: Lexicon) -> str | None:
    """The sector most pointed to by the concepts; a sector named outright counts double."""
    votes: dict[str, float] = {}
    order: dict[str, int] = {}
    for position, concept_id in enumerate(concepts):
        concept = lexicon.concepts.get(concept_id)
        if concept is None:
            continue
        weight = 2.0 if concept.kind == "sector" else 1.0
        for rank, sector in enumerate(concept.sectors):
            # A concept's first sector is its main one.
            votes[sector] = votes.get(sector, 0.0) + (weight if rank == 0 else weight / 2)
            order.setdefault(sector, position)
    if not votes:
        return None
    return max(votes, key=lambda s: (votes[s], -order[s]))


def _first_words(text: str, limit: int = TITLE_MAX) -> str:
    words = text.split()
    title = ""
    for word in words:
        candidate = f"{title} {word}".strip()
        if len(candidate) > limit - 1:
            return (title or word[: limit - 1]).rstrip(",;:.-–") + "…"
        title = candidate
    return title.rstrip(",;:.")


def propose_title(text: str, concepts: list[str], language: str, lexicon: Lexicon) -> str:
    """Labels of the main concepts in the need's language, else the first words."""
    known = [c for c in concepts if c in lexicon]
    # "solar drying" already says "drying": name only the most specific concepts.
    refined = {b for c in known for b in lexicon.concepts[c].broader}
    specific = [c for c in known if c not in refined]
    main = []
    for kind in TITLE_KINDS:
        of_kind = [c for c in specific if lexicon.concepts[c].kind == kind]
        main.extend(of_kind[:1])
    if not main:
        main = specific[:1]
    labels = [label for c in main if (label := lexicon.concepts[c].label(language))]
    title = ""
    for label in labels:
        candidate = f"{title}{SEPARATOR}{label}" if title else label
        if len(candidate) > TITLE_MAX:
            break
        title = candidate
    if not title:
        return _first_words(text)
    return title[0].upper() + title[1:]


def analyse(text: str, language: str, lexicon: Lexicon) -> Analysis:
    concepts = lexicon.find(text)
    return Analysis(
        title=propose_title(text, concepts, language, lexicon),
        sector=infer_sector(concepts, lexicon),  # type: ignore[arg-type]
        concepts=concepts,
    )
