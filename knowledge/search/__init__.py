"""Candidate retrieval for the matcher, built once per catalogue version.

Before this package, every request rebuilt a BM25 index over every catalogue entry and loaded
every row (0.7 ms per entry: over a minute per request at 100,000 entries). Here each process
keeps, per catalogue table, an in-memory inverted index (numpy postings) with the same Okapi
BM25 as `rank_bm25` (so ranks and scores stay identical) and the structured filters as
inverted lists. A request scores only the postings of its own words, masks out what the need is
not eligible for, and hands the few hundred best candidates to the existing scoring.

The index is rebuilt when the table's fingerprint (row count, highest id, latest update) in the
database changes, so every process sees the catalogue the database holds. Measurements and the
reasons for this choice over SQLite FTS5 / PostgreSQL tsvector: bench/matching_scale/.
"""
