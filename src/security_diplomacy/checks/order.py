"""Rows are sorted by the plain byte order of their primary key (integers by their value).

A fixed order keeps diffs small and reviewable: a hand edit that appends a row at the end, or a
spreadsheet that re-sorts by another column, shows up here instead of as a noisy diff later.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from ..model import Package, Row, Table
from ..problems import Problem, problem


def check(pkg: Package) -> Iterator[Problem]:
    for table in pkg.tables.values():
        if table.loaded and table.primary_key:
            yield from _unsorted_rows(table)


def row_key(table: Table, row: Row) -> tuple[tuple[int, int, bytes], ...]:
    """Text keys in byte order, integer keys (a skipped line's number) in numeric order."""
    return tuple(_part(row.get(name)) for name in table.primary_key)


def _part(value: object) -> tuple[int, int, bytes]:
    if isinstance(value, int):
        return (0, value, b"")
    return (1, 0, str(value or "").encode("utf-8"))


def is_sorted(table: Table) -> bool:
    """Whether the rows are in primary-key order (what a stable sort by the key leaves alone)."""
    return _ascending(_keys(table))


def _ascending(keys: list[Any]) -> bool:
    return all(map(operator.le, keys, keys[1:]))  # compared pairwise at C speed


def _unsorted_rows(table: Table) -> Iterator[Problem]:
    keys = _keys(table)
    if _ascending(keys):
        return
    for index in range(1, len(keys)):
        if keys[index] < keys[index - 1]:
            yield problem(
                "rows-not-sorted",
                table.path,
                f"this row's key {_label(table, index)} sorts before the key "
                f"{_label(table, index - 1)} of the row above (line {table.lines[index - 1]}); "
                "sort the rows by primary key in byte order",
                row=table.lines[index],
                column=table.primary_key[0],
            )


def _keys(table: Table) -> list[Any]:
    """The sort key of every row, as :func:`row_key` gives it.

    A text column is compared as it is: Python orders strings by code point, which is the byte
    order of their UTF-8 encoding, so no row needs encoding.
    """
    columns = [table.column(name) for name in table.primary_key]
    if len(columns) == 1 and all(isinstance(v, str) for v in columns[0]):
        return list(columns[0])
    return [tuple(map(_part, values)) for values in zip(*columns, strict=True)]


def _label(table: Table, index: int) -> str:
    return ", ".join(repr(table.column(name)[index]) for name in table.primary_key)
