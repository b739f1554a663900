"""Kept only so that older imports keep working: the one fold lives in ``languages.folding``.

Import ``from languages import fold`` instead; this module goes once nothing imports it.
"""

from __future__ import annotations

from languages import fold

__all__ = ["fold"]
