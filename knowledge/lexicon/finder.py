"""Finds lexicon concepts in free text with spaCy's PhraseMatcher.

No trained pipeline is needed (and none may be downloaded): a blank multilingual tokenizer
suffices because text and terms are normalised the same way first (see normalise.py).
"""

import threading
from collections import Counter
from typing import TYPE_CHECKING

import spacy
from spacy.matcher import PhraseMatcher

from knowledge.lexicon.normalise import normalised

if TYPE_CHECKING:
    from knowledge.lexicon import Lexicon


class ConceptFinder:
    def __init__(self, lexicon: "Lexicon"):
        self._nlp = spacy.blank("xx")
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        # The tokenizer keeps a cache; the API calls us from a thread pool.
        self._lock = threading.Lock()
        for concept in lexicon.concepts.values():
            patterns = {normalised(term) for term in concept.all_terms()}
            docs = [self._nlp.make_doc(p) for p in sorted(patterns) if p]
            if docs:
                self._matcher.add(concept.id, docs)

    def find(self, text: str) -> list[str]:
        with self._lock:
            doc = self._nlp.make_doc(normalised(text))
            strings = self._nlp.vocab.strings
            spans = [(strings[m], start, end) for m, start, end in self._matcher(doc)]
        # "solar dryer" also contains "dryer" (food drying) and "solar" (solar energy): the
        # longest mention says what the user meant, so mentions inside a longer one are dropped.
        hits = [
            (concept, start)
            for concept, start, end in spans
            if not any(s <= start and end <= e and e - s > end - start for _, s, e in spans)
        ]
        counts = Counter(concept for concept, _ in hits)
        first_seen: dict[str, int] = {}
        for concept, start in hits:
            first_seen.setdefault(concept, start)
        return sorted(counts, key=lambda c: (-counts[c], first_seen[c]))
