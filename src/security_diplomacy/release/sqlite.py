"""Export the package to one SQLite file: declared types, keys, indexes and the metadata.

Lists keep their CSV form (items joined by the field's delimiter) so every tool sees the same
text. Two extra tables describe the data: ``_package`` (name, title, version, license…) and
``_columns`` (every column's type and description). Written in one fixed order, then vacuumed,
so the same package always gives the same bytes.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from ..model import Package, Table
from .columns import cell, description

_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def write_sqlite(pkg: Package, path: Path) -> None:
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        with connection:
            for table in _tables(pkg):
                _create(connection, table)
            for table in _tables(pkg):
                _insert(connection, table)
            _metadata(connection, pkg)
        connection.execute("VACUUM")
    finally:
        connection.close()


def _tables(pkg: Package) -> list[Table]:
    return [table for _, table in sorted(pkg.tables.items())]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(connection: sqlite3.Connection, table: Table) -> None:
    columns = [
        f"{_quote(f.name)} {_TYPES.get(f.type, 'TEXT')}"
        + (" NOT NULL" if f.constraints.get("required") else "")
        for f in table.fields
    ]
    if table.primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(map(_quote, table.primary_key))})")
    for key in table.foreign_keys:
        columns.append(
            f"FOREIGN KEY ({_quote(key.field)}) REFERENCES {_quote(key.resource)} "
            f"({_quote(key.target_field)})"
        )
    connection.execute(f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(columns) + "\n)")
    for key in table.foreign_keys:
        index = _quote(f"idx_{table.name}_{key.field}")
        connection.execute(f"CREATE INDEX {index} ON {_quote(table.name)} ({_quote(key.field)})")


def _insert(connection: sqlite3.Connection, table: Table) -> None:
    names = ", ".join(_quote(f.name) for f in table.fields)
    marks = ", ".join("?" for _ in table.fields)
    connection.executemany(
        f"INSERT INTO {_quote(table.name)} ({names}) VALUES ({marks})",
        ([cell(f, row) for f in table.fields] for row in table.rows),
    )


def _metadata(connection: sqlite3.Connection, pkg: Package) -> None:
    descriptor: dict[str, Any] = dict(pkg.descriptor or {})
    connection.execute("CREATE TABLE _package (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    keys = ("name", "title", "description", "version", "created", "licenses", "keywords")
    connection.executemany(
        "INSERT INTO _package VALUES (?, ?)",
        [
            (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
            for key in keys
            if (value := descriptor.get(key)) is not None
        ],
    )
    connection.execute(
        "CREATE TABLE _columns (table_name TEXT, column_name TEXT, type TEXT, description TEXT,"
        " PRIMARY KEY (table_name, column_name))"
    )
    connection.executemany(
        "INSERT INTO _columns VALUES (?, ?, ?, ?)",
        [
            (table.name, field.name, _type_text(field.type, field.delimiter), description(field))
            for table in _tables(pkg)
            for field in table.fields
        ],
    )


def _type_text(type_name: str, delimiter: str) -> str:
    return f"list ({delimiter!r}-separated text)" if type_name == "list" else type_name
