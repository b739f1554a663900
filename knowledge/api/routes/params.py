"""Path and query parameters shared by several routes."""

from typing import Annotated

from fastapi import Path, Query

from knowledge.registry.references import PATTERN
from knowledge.schemas.needs import LANGUAGE_MAX, LANGUAGE_PATTERN

Reference = Annotated[str, Path(pattern=PATTERN, examples=["TN-7KQ2M9XD4A"])]
Language = Annotated[
    str | None,
    Query(
        max_length=LANGUAGE_MAX, pattern=LANGUAGE_PATTERN, description="default: the need's language"
    ),
]
SenderId = Annotated[str, Query(min_length=1, max_length=128)]
