"""Reads a need's own words through the lexicon: the request clause (`request.py`), and the short
title and the sector proposed from it (`need_text.py`). Used by the matching (a need without a
sector) and the registry (a need as it is stored); it imports neither."""
