"""Okapi BM25 over an inverted index of numpy postings.

Same formula, constants and floating-point operations as `rank_bm25.BM25Okapi` (k1 1.5, b 0.75,
negative idf floored at 0.25 × the mean idf), so scores are identical to the per-request index
this replaces; but a query touches only the postings of its own words instead of every
document, and nothing is rebuilt per request.
"""

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]
EMPTY_DOCUMENT = ["_"]  # what the old index gave an entry without text
_MAX_TF = 65535  # term counts are stored in 16 bits; entry texts are far shorter


class Vocabulary:
    """Word -> term number, for building. Documents may be given as arrays of term numbers
    (a concept's terms are numbered once, not once per entry that lists the concept)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def encode(self, words: Iterable[str]) -> Array:
        numbers = self.numbers
        return np.fromiter((numbers.setdefault(w, len(numbers)) for w in words), dtype=np.int32)


class OkapiIndex:
    def __init__(
        self,
        documents: Iterable[Sequence[str] | Array],
        vocabulary: Vocabulary | None = None,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
    ) -> None:
        self.k1, self.b = k1, b
        vocabulary = vocabulary or Vocabulary()
        empty = vocabulary.encode(EMPTY_DOCUMENT)
        lengths: list[int] = []
        post_terms: list[Array] = []
        post_counts: list[Array] = []
        for document in documents:
            terms = document if isinstance(document, np.ndarray) else vocabulary.encode(document)
            if not len(terms):
                terms = empty
            lengths.append(len(terms))
            unique, first, counts = np.unique(terms, return_index=True, return_counts=True)
            order = np.argsort(first)  # each document's words in order of appearance
            post_terms.append(unique[order].astype(np.int32))
            post_counts.append(np.minimum(counts[order], _MAX_TF).astype(np.uint16))
        self.size = len(lengths)
        terms = np.concatenate(post_terms) if post_terms else np.zeros(0, np.int32)
        counts = np.concatenate(post_counts) if post_counts else np.zeros(0, np.uint16)
        doc_len = np.array(lengths, dtype=np.int64)
        docs = np.repeat(np.arange(self.size, dtype=np.int32), [len(p) for p in post_terms])
        del post_terms, post_counts
        # rank_bm25 sums the idfs (for their mean) in order of each word's first appearance
        # in the corpus; the same order keeps the mean, and so every score, bit for bit equal.
        present, first_seen, doc_freq = np.unique(terms, return_index=True, return_counts=True)
        in_corpus_order = present[np.argsort(first_seen)]
        number_of = np.full(len(vocabulary.numbers) + 1, -1, dtype=np.int64)
        number_of[in_corpus_order] = np.arange(len(in_corpus_order))
        freq_in_order = np.zeros(len(in_corpus_order), dtype=np.int64)
        freq_in_order[number_of[present]] = doc_freq
        self.vocabulary = {w: int(number_of[n]) for w, n in vocabulary.numbers.items() if number_of[n] >= 0}
        self.idf = self._idf(freq_in_order.tolist(), self.size, epsilon)
        avgdl = int(doc_len.sum()) / self.size if self.size else 1.0
        # The per-document half of BM25's denominator, as rank_bm25 evaluates it.
        self.norm = k1 * (1 - b + b * doc_len / avgdl)
        terms = number_of[terms]
        order = np.argsort(terms, kind="stable")
        self.docs = docs[order]
        self.counts = counts[order]
        del order
        self.starts = np.zeros(len(in_corpus_order) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(in_corpus_order)), out=self.starts[1:])

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

    def scores(self, query: Sequence[str]) -> Array:
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
