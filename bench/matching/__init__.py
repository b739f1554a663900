"""Judged relevance benchmark for technology, finance and training recommendations."""
