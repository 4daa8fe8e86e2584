"""How a cell's text becomes its typed value: the one cast of each field type.

The loader types a file's cells a column at a time (:class:`Columns`), and the formatter one
record at a time to sort it (:func:`converter`); both use the same casts, so that the rows the
formatter orders are those the validator reads. A cell that does not parse as its type is kept
as its text, for the Table Schema check to report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from . import nativecsv
from .model import Field, Value

# A whole number, of at most 4,300 digits: Python's own limit for reading one (int() refuses a
# longer one, so that a hostile cell cannot make the conversion take minutes). A longer one is
# kept as text, which the Table Schema check reports.
MAX_DIGITS = 4300
INTEGER = re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}")


Converter = Callable[[tuple[str, ...]], dict[str, Value]]
ColumnCast = Callable[[Sequence[str]], list[Value | None]]


def convert_columns(
    fields: tuple[Field, ...], missing: frozenset[str], body: list[list[str]]
) -> dict[str, list[Value | None]]:
    """The typed columns of a table's rows, one list per field (None: an empty cell)."""
    columns = Columns(fields, missing)
    columns.add(body)
    return dict(zip((f.name for f in fields), columns.values, strict=True))


# How many leading cells of a column tell whether its values repeat.
SAMPLE = 4096
_UNDECIDED: dict[Value | None, Value | None] = {}


class Columns:
    """Typed columns, one list per field (None: an empty cell), built a batch of rows at a time.

    Columns, not row objects: a million rows become a handful of lists, converted by one
    comprehension per column and batch. A cell that does not parse as its type is kept as a
    string, so the Table Schema check reports it instead of the loader guessing.

    The csv module makes a new string for every cell, so a column of a few distinct values (a
    table name, a source, a kind) would hold a million copies of them: such a column keeps each
    value once. Whether a column's values repeat is judged on its first :data:`SAMPLE` cells; a
    column of identifiers or quotes is left alone, since the lookups would save nothing.
    """

    def __init__(self, fields: tuple[Field, ...], missing: frozenset[str]) -> None:
        self.casts = tuple(_column_cast(f, missing) for f in fields)
        self.values: list[list[Value | None]] = [[] for _ in fields]
        self.shared: list[dict[Value | None, Value | None] | None] = [_UNDECIDED] * len(fields)

    def add(self, rows: list[list[str]]) -> None:
        self.add_columns(list(zip(*rows, strict=True)) if rows else [() for _ in self.casts])

    def add_columns(self, cells: Sequence[Sequence[str] | nativecsv.Coded]) -> None:
        """More rows, given as the cells of each field (one sequence per field, in order)."""
        for position, (cast, column) in enumerate(zip(self.casts, cells, strict=True)):
            if isinstance(column, nativecsv.Coded):  # each distinct text typed once, kept once
                self.shared[position] = None
                self.values[position] += column.expand(cast(column.values))
                continue
            typed = cast(column)
            shared = self.shared[position]
            if shared is _UNDECIDED:
                shared = self.shared[position] = _sharing(typed)
            if shared is not None:
                keep = shared.setdefault
                typed = list(map(keep, typed, typed))  # setdefault(value, value), in C
            self.values[position] += typed


def _sharing(typed: list[Value | None]) -> dict[Value | None, Value | None] | None:
    """An empty table of kept values if the column's first cells repeat; None if not."""
    sample = typed[:SAMPLE]
    return {} if len(sample) == SAMPLE and nativecsv.repeats(len(set(sample)), SAMPLE) else None


def _column_cast(field_: Field, missing: frozenset[str]) -> ColumnCast:
    if field_.type == "integer":
        match = INTEGER.fullmatch
        return lambda cells: [None if c in missing else int(c) if match(c) else c for c in cells]
    if field_.type == "list":
        # An empty delimiter is a descriptor error (the Table Schema check reports it).
        delimiter = field_.delimiter or None
        return lambda cells: [
            None if c in missing else tuple(c.split(delimiter)) if delimiter else (c,)
            for c in cells
        ]
    if missing == frozenset({""}):
        return lambda cells: [c or None for c in cells]  # the usual case, the fastest
    return lambda cells: [None if c in missing else c for c in cells]


def converter(fields: tuple[Field, ...], missing: frozenset[str]) -> Converter:
    """One record's cells to its typed values (empty cells omitted): the columns' casts."""
    casts = tuple((f.name, _column_cast(f, missing)) for f in fields)

    def convert(cells: tuple[str, ...]) -> dict[str, Value]:
        values = {}
        # One cell per field: the formatter types only whole records (it refuses ragged ones).
        for (name, cast), cell in zip(casts, cells, strict=True):
            (value,) = cast((cell,))
            if value is not None:
                values[name] = value
        return values

    return convert
