"""Each process's indexes, rebuilt when the database's catalogue changes.

A table's version is its fingerprint (highest id, latest update time: both read from an index,
so the check costs the same at any size), read once per request: an import or an edit by any
process changes it, so every process serves the catalogue the database holds, without a
shared file or a message. A deleted row leaves the fingerprint alone until the next change, but
is never shown: candidates are read from the database, and a row that is gone is not found.
"""

import threading
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from knowledge.lexicon import Lexicon
from knowledge.models import CatalogueEntry
from knowledge.search.table_index import TableIndex

Fingerprint = tuple[Any, ...]


class SearchIndexes:
    """The indexes of one database for one lexicon (the lexicon shapes the documents)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._built: dict[type[CatalogueEntry], tuple[Fingerprint, TableIndex]] = {}
        self._lock = threading.Lock()
        self.builds = 0  # how many times an index was (re)built, for tests and the benchmark

    def index(self, session: Session, model: type[CatalogueEntry]) -> TableIndex:
        version = fingerprint(session, model)
        built = self._built.get(model)
        if built is not None and built[0] == version:
            return built[1]
        # One build at a time per process: concurrent requests wait for it rather than each
        # building its own copy.
        with self._lock:
            built = self._built.get(model)
            if built is not None and built[0] == version:
                return built[1]
            index = TableIndex.build(session, model, self.lexicon)
            self._built[model] = (version, index)
            self.builds += 1
            return index


def fingerprint(session: Session, model: type[CatalogueEntry]) -> Fingerprint:
    # Two subqueries: SQLite reads a lone max() from an index, but scans for two in one select.
    row = session.execute(
        select(
            select(func.max(model.id)).scalar_subquery(), select(func.max(model.updated_at)).scalar_subquery()
        )
    ).one()
    return tuple(row)


_BY_ENGINE: "WeakKeyDictionary[Engine, WeakKeyDictionary[Lexicon, SearchIndexes]]" = WeakKeyDictionary()
_GUARD = threading.Lock()


def search_indexes(session: Session, lexicon: Lexicon) -> SearchIndexes:
    """The process's indexes for the session's database."""
    engine = session.get_bind().engine  # a Connection's or the Engine itself
    with _GUARD:
        per_lexicon = _BY_ENGINE.setdefault(engine, WeakKeyDictionary())
        indexes = per_lexicon.get(lexicon)
        if indexes is None:
            indexes = per_lexicon[lexicon] = SearchIndexes(lexicon)
        return indexes
