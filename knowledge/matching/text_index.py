"""BM25 over catalogue text, multilingual through the lexicon.

Each entry's document is its name and summary, their translations, and every term of its
concepts in every language: that is what lets "séchage solaire des mangues" reach an entry
written in English.

This builds the index over the entries it is given, per call: fine for a handful of entries
and kept as the reference (and the benchmark's baseline). Requests use knowledge.search, which
builds the same index once per catalogue version and gives identical scores.
"""

from collections.abc import Iterable, Sequence

from rank_bm25 import BM25Okapi

from knowledge.lexicon import Lexicon
from knowledge.lexicon.normalise import tokens
from knowledge.models import CatalogueEntry


def entry_tokens(entry: CatalogueEntry, lexicon: Lexicon) -> list[str]:
    parts = [entry.name, entry.summary]
    for translation in (entry.translations or {}).values():
        parts.extend(str(v) for v in translation.values())
    for concept_id in entry.concepts:
        concept = lexicon.concepts.get(concept_id)
        if concept is not None:
            parts.extend(concept.all_terms())
    return tokens(" ".join(parts))


def relevance(
    entries: Sequence[CatalogueEntry], query: Sequence[str], lexicon: Lexicon
) -> list[float]:
    """BM25 score of each entry for the query, scaled to 0..1 by the query's information
    (query_information: 1 = the entry answers every word of the query)."""
    if not entries or not query:
        return [0.0] * len(entries)
    index = BM25Okapi([entry_tokens(e, lexicon) or ["_"] for e in entries])
    scores = [max(float(s), 0.0) for s in index.get_scores(list(query))]
    ideal = query_information([index.idf.get(word) for word in query], max(index.idf.values(), default=0.0))
    return [min(s / ideal, 1.0) if ideal > 0 else 0.0 for s in scores]


def query_information(idfs: Iterable[float | None], rarest: float) -> float:
    """What a document that has every word of the query would score (about): the sum of the
    words' idf, a word no entry has counting as the rarest one. A score over it says how much
    of the query an entry answers, not only that it answers more of it than the others: an
    entry that shares one word ("slow") with "zorblex quuxing too slow" is not relevant, even
    when it is the best there is."""
    total = 0.0
    for idf in idfs:  # the query's words in order (None: no entry has it)
        total += rarest if idf is None else idf
    return total
