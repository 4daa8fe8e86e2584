"""Compare two versions of the package, record by record.

Each side is a package directory or a release zip. For every table: the records added and
removed (by primary key) and, for records on both sides, the cells that changed. This is how a
maintainer drafts a changelog entry, and how a user sees what a new version changed.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Field, Row, Table
from ..package import load
from .columns import cell

Key = tuple[str, ...]


@dataclass(frozen=True)
class Change:
    key: Key
    cells: tuple[tuple[str, str | None, str | None], ...]  # (column, old, new)


@dataclass
class TableDiff:
    name: str
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@contextmanager
def opened(path: Path) -> Iterator[Path]:
    """A package directory for ``path``: itself, or a release zip unpacked to a temp dir."""
    if path.is_dir():
        yield path
        return
    with tempfile.TemporaryDirectory() as temporary, zipfile.ZipFile(path) as archive:
        archive.extractall(temporary)
        found = sorted(Path(temporary).rglob("datapackage.json"))
        if not found:
            raise FileNotFoundError(f"{path} holds no datapackage.json")
        yield found[0].parent


def diff(old_root: Path, new_root: Path) -> list[TableDiff]:
    with opened(old_root) as old_dir, opened(new_root) as new_dir:
        old, new = load(old_dir).tables, load(new_dir).tables
        return [_table_diff(name, old.get(name), new.get(name)) for name in sorted({*old, *new})]


def _records(table: Table | None) -> dict[Key, Row]:
    if table is None:
        return {}
    key = table.primary_key
    return {tuple(str(row.get(k) or "") for k in key): row for row in table.rows}


def _text(row: Row, field: Field) -> str | None:
    value = cell(field, row)  # as the CSV writes it: a list joined by its delimiter
    return None if value is None else str(value)


def _table_diff(name: str, old: Table | None, new: Table | None) -> TableDiff:
    before, after = _records(old), _records(new)
    result = TableDiff(name)
    result.added = sorted(set(after) - set(before))
    result.removed = sorted(set(before) - set(after))
    described = new if new is not None else old
    fields = described.fields if described is not None else ()
    for key in sorted(set(before) & set(after)):
        cells = tuple(
            (field.name, _text(before[key], field), _text(after[key], field))
            for field in fields
            if _text(before[key], field) != _text(after[key], field)
        )
        if cells:
            result.changed.append(Change(key, cells))
    return result


def as_text(diffs: list[TableDiff]) -> str:
    lines = []
    for table in diffs:
        if table.empty:
            continue
        lines.append(
            f"{table.name}: {len(table.added)} added, {len(table.removed)} removed, "
            f"{len(table.changed)} changed"
        )
        lines += [f"  + {', '.join(key)}" for key in table.added]
        lines += [f"  - {', '.join(key)}" for key in table.removed]
        for change in table.changed:
            lines.append(f"  ~ {', '.join(change.key)}")
            lines += [f"      {c}: {old!r} -> {new!r}" for c, old, new in change.cells]
    return "\n".join(lines) or "no differences"


def as_json(diffs: list[TableDiff]) -> dict[str, object]:
    return {
        table.name: {
            "added": [list(key) for key in table.added],
            "removed": [list(key) for key in table.removed],
            "changed": [
                {
                    "key": list(change.key),
                    "cells": [{"column": c, "old": o, "new": n} for c, o, n in change.cells],
                }
                for change in table.changed
            ],
        }
        for table in diffs
        if not table.empty
    }
