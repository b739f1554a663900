"""Proposes a short title and a sector from the user's own words, through the lexicon.

Users tell a story before they ask ("every cyclone season the roofs fly off... we need house
designs that survive cyclones"): any word of the story may name a concept ("truck" in "we
need a water truck" is transport), but the request says what the need is about. So concepts
named in the request (request.py) weigh more, a concept refined by a more specific one that
is also named (cold storage by vaccine cold chain) gives way to it, and a sector named by a
word in passing counts no more than any other concept.
"""

from conversation.limits import TITLE_MAX
from knowledge.analysis.request import request_clause
from knowledge.lexicon import Lexicon
from knowledge.lexicon.normalise import normalised
from knowledge.schemas.needs import Analysis

# Order of concept kinds in a proposed title: "Solar drying – fruits and vegetables".
TITLE_KINDS = ("technology", "product", "problem")
# Without a product, the field the user named ("fish") says what the title is about.
TITLE_KINDS_NO_PRODUCT = ("technology", "sector", "problem")
SEPARATOR = " – "
LEAD_KINDS = ("product", "sector", "problem", "technology")
# How much a mention points to its concept's sectors, by kind of concept.
SECTOR_VOTE = {"technology": 1.0, "problem": 1.0, "product": 1.0, "sector": 1.5}
REQUEST_FACTOR = 2.0  # a concept named in the request itself


def specific(concepts: list[str], lexicon: Lexicon) -> list[str]:
    """The concepts no other listed concept refines ("solar drying" hides "drying")."""
    known = [c for c in concepts if c in lexicon]
    refined = {b for c in known for b in _broader(c, lexicon)}
    return [c for c in known if c not in refined]


def _broader(concept_id: str, lexicon: Lexicon) -> set[str]:
    """Every concept the given one refines, however far up."""
    found: set[str] = set()
    todo = list(lexicon.concepts[concept_id].broader)
    while todo:
        broader = todo.pop()
        if broader not in found and broader in lexicon:
            found.add(broader)
            todo.extend(lexicon.concepts[broader].broader)
    return found


def infer_sector(
    concepts: list[str], lexicon: Lexicon, requested: tuple[str, ...] = ()
) -> str | None:
    """The sector most pointed to by the concepts (those in `requested` weigh double)."""
    votes: dict[str, float] = {}
    order: dict[str, int] = {}
    for position, concept_id in enumerate(specific(concepts, lexicon)):
        concept = lexicon.concepts[concept_id]
        weight = SECTOR_VOTE.get(concept.kind, 1.0)
        if concept_id in requested:
            weight *= REQUEST_FACTOR
        for rank, sector in enumerate(concept.sectors):
            # A concept's first sector is its main one.
            votes[sector] = votes.get(sector, 0.0) + (weight if rank == 0 else weight / 2)
            order.setdefault(sector, position)
    if not votes:
        return None
    return max(votes, key=lambda s: (votes[s], -order[s]))


def requested_concepts(text: str, language: str, concepts: list[str], lexicon: Lexicon) -> tuple[str, ...]:
    """The concepts (of those found in the text) that the request itself names."""
    clause = request_clause(text, language)
    if not clause:
        return ()
    in_clause = set(lexicon.find(clause))
    return tuple(c for c in concepts if c in in_clause)


def _first_words(text: str, limit: int = TITLE_MAX) -> str:
    words = text.split()
    title = ""
    for word in words:
        candidate = f"{title} {word}".strip()
        if len(candidate) > limit - 1:
            return (title or word[: limit - 1]).rstrip(",;:.-–") + "…"
        title = candidate
    return title.rstrip(",;:.")


def _name(concept_id: str, language: str, lexicon: Lexicon, said: dict[str, str]) -> str | None:
    """A product or field by the user's own word ("mangoes", not "fruits and vegetables";
    "fish", not "fisheries and coasts"); anything else by its label in the language."""
    if lexicon.concepts[concept_id].kind in ("product", "sector") and said.get(concept_id):
        return said[concept_id]
    return lexicon.concepts[concept_id].label(language)


def _titled(concepts: list[str], language: str, lexicon: Lexicon, said: dict[str, str]) -> dict[str, str]:
    """The concepts a title names, one of each kind, with their names in the language."""
    main = []
    has_product = any(lexicon.concepts[c].kind == "product" for c in concepts)
    for kind in TITLE_KINDS if has_product else TITLE_KINDS_NO_PRODUCT:
        main.extend([c for c in concepts if lexicon.concepts[c].kind == kind][:1])
    if not main:
        main = concepts[:1]
    return {c: name for c in main if (name := _name(c, language, lexicon, said))}


def _joined(parts: list[str], limit: int = TITLE_MAX) -> str:
    title = ""
    for part in parts:
        candidate = f"{title}{SEPARATOR}{part}" if title else part
        if len(candidate) > limit:
            break
        title = candidate
    return title


def propose_title(
    text: str, concepts: list[str], language: str, lexicon: Lexicon, requested: tuple[str, ...] = ()
) -> str:
    """The request in the user's own words, after what it leaves unsaid (the product or field:
    "Mangoes – a solar dryer"); without a request, the names of the main concepts in the
    need's language; without either, the first words."""
    ranked = specific([*requested, *(c for c in concepts if c not in requested)], lexicon)
    said = lexicon.mentions(text)
    labels = list(_titled(ranked, language, lexicon, said).values())
    clause = request_clause(text, language)
    if clause:
        lead = _lead(ranked, clause, language, lexicon, said)
        room = TITLE_MAX - len(_joined(lead)) - (len(SEPARATOR) if lead else 0)
        title = _joined([*lead, _first_words(clause, room)])
    else:
        title = _joined(labels)
    if not title:
        return _first_words(text)
    return title[0].upper() + title[1:]


def _lead(
    concepts: list[str], clause: str, language: str, lexicon: Lexicon, said: dict[str, str]
) -> list[str]:
    """What the request leaves unsaid, to put before it: the product ("mangoes"), else the
    field ("fisheries"), else the problem or technology, unless the request already says it."""
    for kind in LEAD_KINDS:
        for concept_id in concepts:
            label = _name(concept_id, language, lexicon, said)
            if lexicon.concepts[concept_id].kind == kind and label:
                return [] if _overlaps(label, clause) else [label]
    return []


def _overlaps(left: str, right: str) -> bool:
    return bool(set(normalised(left).split()) & set(normalised(right).split()))


def analyse(text: str, language: str, lexicon: Lexicon) -> Analysis:
    concepts = lexicon.find(text)
    requested = requested_concepts(text, language, concepts, lexicon)
    return Analysis(
        title=propose_title(text, concepts, language, lexicon, requested),
        sector=infer_sector(concepts, lexicon, requested),  # type: ignore[arg-type]
        concepts=concepts,
    )


def sector_of(text: str, language: str, concepts: list[str], lexicon: Lexicon) -> str | None:
    """The sector of a need whose concepts are already found."""
    return infer_sector(concepts, lexicon, requested_concepts(text, language, concepts, lexicon))
