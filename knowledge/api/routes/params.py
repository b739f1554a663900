"""Path and query parameters shared by several routes."""

from typing import Annotated

from fastapi import Path, Query

Reference = Annotated[str, Path(pattern=r"^[Tt][Nn]-\d{6,}$", examples=["TN-000042"])]
Language = Annotated[
    str | None,
    Query(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$", description="default: the need's language"),
]
SenderId = Annotated[str, Query(min_length=1, max_length=128)]
