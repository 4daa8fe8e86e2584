"""Rows are sorted by the plain byte order of their primary key (integers by their value).

A fixed order keeps diffs small and reviewable: a hand edit that appends a row at the end, or a
spreadsheet that re-sorts by another column, shows up here instead of as a noisy diff later.
"""

from __future__ import annotations

from collections.abc import Iterator

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


def _unsorted_rows(table: Table) -> Iterator[Problem]:
    for previous, row in zip(table.rows, table.rows[1:], strict=False):
        if row_key(table, row) < row_key(table, previous):
            yield problem(
                "rows-not-sorted",
                table.path,
                f"this row's key {_label(table, row)} sorts before the key "
                f"{_label(table, previous)} of the row above (line {previous.line}); sort the "
                "rows by primary key in byte order",
                row=row.line,
                column=table.primary_key[0],
            )


def _label(table: Table, row: Row) -> str:
    return ", ".join(repr(row.get(name)) for name in table.primary_key)
