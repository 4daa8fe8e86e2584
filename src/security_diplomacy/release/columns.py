"""A table's cells and column descriptions as the exports and the version diff need them."""

from __future__ import annotations

from ..model import Field, Row, Value


def cell(field: Field, row: Row) -> str | int | None:
    """A cell as one scalar: a list joined with its delimiter, as in the CSV; None when empty."""
    value: Value | None = row.get(field.name)
    if isinstance(value, tuple):
        return field.delimiter.join(value)
    return value


def description(field: Field) -> str:
    return str(field.descriptor.get("description", ""))
