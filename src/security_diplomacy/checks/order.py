"""Rows are sorted by the plain byte order of their primary key.

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


def _key(table: Table, row: Row) -> tuple[bytes, ...]:
    return tuple(str(row.get(name) or "").encode("utf-8") for name in table.primary_key)


def _unsorted_rows(table: Table) -> Iterator[Problem]:
    for previous, row in zip(table.rows, table.rows[1:], strict=False):
        if _key(table, row) < _key(table, previous):
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
