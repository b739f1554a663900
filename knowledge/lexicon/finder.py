"""Finds lexicon concepts in free text with spaCy's PhraseMatcher.

No trained pipeline is needed (and none may be downloaded): a blank multilingual tokenizer
suffices because text and terms are normalised the same way first (see normalise.py).
"""

import threading
from collections import Counter
from typing import TYPE_CHECKING

import spacy
from spacy.matcher import PhraseMatcher

from knowledge.lexicon.normalise import normalised, written_tokens
from knowledge.lexicon.stopwords import is_stop_word

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
        return list(self.mentions(text))

    def mentions(self, text: str) -> dict[str, str]:
        """{concept id: the words of its first mention as written}, most mentioned first, then
        in order of appearance."""
        words = written_tokens(text)
        with self._lock:
            doc = self._nlp.make_doc(" ".join(token for token, _ in words))
            strings = self._nlp.vocab.strings
            spans = [(strings[m], start, end) for m, start, end in self._matcher(doc)]
        # Folding makes French "mais" (but) read as "maïs" (maize): a one-word mention written
        # exactly as a function word is not a mention (the accented word still is).
        if len(doc) == len(words):
            spans = [(c, s, e) for c, s, e in spans if e - s > 1 or not is_stop_word(words[s][1])]
        # "solar dryer" also contains "dryer" (food drying) and "solar" (solar energy): the
        # longest mention says what the user meant, so mentions inside a longer one are dropped.
        hits = [
            (concept, start, end)
            for concept, start, end in spans
            if not any(s <= start and end <= e and e - s > end - start for _, s, e in spans)
        ]
        counts = Counter(concept for concept, _, _ in hits)
        first_seen: dict[str, tuple[int, int]] = {}
        for concept, start, end in hits:
            first_seen.setdefault(concept, (start, end))
        aligned = len(doc) == len(words)

        def said(start: int, end: int) -> str:
            if not aligned:
                return " ".join(token.text for token in doc[start:end])
            return " ".join(dict.fromkeys(word for _, word in words[start:end]))

        ordered = sorted(counts, key=lambda c: (-counts[c], first_seen[c][0]))
        return {concept: said(*first_seen[concept]) for concept in ordered}
