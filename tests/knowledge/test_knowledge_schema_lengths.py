"""Every string the API stores is bounded in the schema by its column's length, so a value the
schema accepts always fits the database (PostgreSQL enforces lengths; SQLite does not, which is
how a too-long `language` went unnoticed). Checked for every field, so a new one cannot slip."""

import typing

from annotated_types import MaxLen
from sqlalchemy import String

from knowledge.models import Need
from knowledge.schemas.needs import NeedCreate


def _max_length(field: typing.Any) -> int | None:
    return next((m.max_length for m in field.metadata if isinstance(m, MaxLen)), None)


def _literal_values(annotation: typing.Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    return [v for arg in typing.get_args(annotation) for v in _literal_values(arg)]


def test_every_stored_string_field_is_bounded_by_its_column() -> None:
    columns = {c.name: c for c in Need.__table__.columns}
    checked = []
    for name, field in NeedCreate.model_fields.items():
        column = columns[name]  # every field of the record is stored
        if not isinstance(column.type, String) or column.type.length is None:
            continue
        length = column.type.length
        values = _literal_values(field.annotation)
        if values:
            assert max(map(len, values)) <= length, name
        else:
            assert _max_length(field) == length, (name, _max_length(field), length)
        checked.append(name)
    assert {"language", "sender_id", "region", "title", "scale", "consent_version", "channel"} <= set(checked)
