"""A table's columns as the exports need them: name, Table Schema type, description."""

from __future__ import annotations

from ..model import Field, Row, Table, Value


def cell(field: Field, row: Row) -> str | int | None:
    """A cell as one scalar: a list joined with its delimiter, as in the CSV; None when empty."""
    value: Value | None = row.get(field.name)
    if isinstance(value, tuple):
        return field.delimiter.join(value)
    return value


def description(field: Field) -> str:
    return str(field.descriptor.get("description", ""))


def foreign_keys(table: Table) -> list[tuple[str, str, str]]:
    """(field, target resource, target field) of each single-field foreign key."""
    schema = table.descriptor.get("schema", {})
    found = []
    for key in schema.get("foreignKeys", []) if isinstance(schema, dict) else []:
        fields, reference = key.get("fields", []), key.get("reference", {})
        targets = reference.get("fields", [])
        if len(fields) == 1 and len(targets) == 1:
            found.append((fields[0], reference.get("resource") or table.name, targets[0]))
    return found
