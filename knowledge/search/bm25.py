"""Okapi BM25 over an inverted index of numpy postings.

Same formula, constants and floating-point operations as `rank_bm25.BM25Okapi` (k1 1.5, b 0.75,
negative idf floored at 0.25 × the mean idf), so scores are identical to the per-request index
this replaces; but a query touches only the postings of its own words instead of every
document, and nothing is rebuilt per request.
"""

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

EMPTY_DOCUMENT = ["_"]  # what the old index gave an entry without text
_MAX_TF = 65535  # term counts are stored in 16 bits; entry texts are far shorter


class OkapiIndex:
    def __init__(
        self, documents: Iterable[Sequence[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25
    ) -> None:
        self.k1, self.b = k1, b
        vocabulary: dict[str, int] = {}
        doc_freq: list[int] = []
        term_ids, doc_ids, counts, lengths = array("i"), array("i"), array("H"), array("q")
        for position, words in enumerate(documents):
            words = words or EMPTY_DOCUMENT
            lengths.append(len(words))
            # Counter keeps first-appearance order: the vocabulary (and so the order in which
            # idfs are summed for the mean) is the same as rank_bm25's.
            for word, count in Counter(words).items():
                term = vocabulary.get(word)
                if term is None:
                    term = vocabulary[word] = len(doc_freq)
                    doc_freq.append(0)
                doc_freq[term] += 1
                term_ids.append(term)
                doc_ids.append(position)
                counts.append(min(count, _MAX_TF))
        self.size = len(lengths)
        self.vocabulary = vocabulary
        self.idf = self._idf(doc_freq, self.size, epsilon)
        doc_len = np.frombuffer(lengths, dtype=np.int64) if lengths else np.zeros(0, np.int64)
        avgdl = sum(lengths) / self.size if self.size else 1.0
        # The per-document half of BM25's denominator, as rank_bm25 evaluates it.
        self.norm = k1 * (1 - b + b * doc_len / avgdl)
        terms = np.frombuffer(term_ids, dtype=np.int32) if term_ids else np.zeros(0, np.int32)
        order = np.argsort(terms, kind="stable")
        self.docs = (np.frombuffer(doc_ids, dtype=np.int32) if doc_ids else terms)[order]
        self.counts = (np.frombuffer(counts, dtype=np.uint16) if counts else terms)[order]
        self.starts = np.zeros(len(doc_freq) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(doc_freq)), out=self.starts[1:])

    @staticmethod
    def _idf(doc_freq: list[int], size: int, epsilon: float) -> list[float]:
        """log((N - n + 0.5) / (n + 0.5)); a word in more than half the documents would count
        against them, so it gets a small positive floor instead."""
        idf = [math.log(size - n + 0.5) - math.log(n + 0.5) for n in doc_freq]
        if not idf:
            return idf
        total = 0.0
        for value in idf:  # summed in order, as rank_bm25 does (sum() may compensate)
            total += value
        floor = epsilon * (total / len(idf))
        return [value if value >= 0 else floor for value in idf]

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (in index order) for the query's tokens."""
        scores = np.zeros(self.size)
        for word in query:
            term = self.vocabulary.get(word)
            if term is None:
                continue
            start, end = self.starts[term], self.starts[term + 1]
            docs = self.docs[start:end]
            freq = self.counts[start:end].astype(np.int64)
            scores[docs] += self.idf[term] * (freq * (self.k1 + 1) / (freq + self.norm[docs]))
        return scores
