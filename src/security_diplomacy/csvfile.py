"""Read the data files of the descriptor's resources into :class:`~.model.Table` objects.

A file's bytes come from :mod:`.datafile` (inside the package, UTF-8 without BOM, NUL bytes or
carriage returns); this module splits them into records, with LF line ends, strict CSV quoting,
cells no longer than :data:`CELL_LIMIT` and a header equal to the schema's field names, and
:mod:`.casts` types the cells. Every breach becomes a Problem, and a table whose rows cannot be
trusted is returned with ``loaded=False`` so checks skip it instead of reporting follow-on noise.

The steps (:func:`.datafile.read_file` and :func:`.datafile.decode`, :func:`split_records`,
:func:`parse`, :func:`.casts.converter`) are public because the formatter reads the files with
the same code: one strict csv reader (:func:`_batches`) and the same casts, so a file the
formatter writes is one the loader reads back cell for cell. The loader reads a file from its
bytes a batch of records at a time, and types each batch a column at a time; it never holds the
file's decoded text, nor all of its records as lists. A large file in canonical form is split by
Arrow instead (:mod:`.nativecsv`), with a proof that its cells are the csv module's; any file
that fails the proof is read by the csv module, as every small one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from . import casts, nativecsv
from .datafile import read_file, readable
from .model import DESCRIPTOR, Field, Table
from .problems import Problem, problem
from .schema_gen import stamp

# The default limit of Python's csv module: a reader that keeps it (pandas' python engine, most
# scripts) fails on a longer cell, so no cell of the package may be longer.
CELL_LIMIT = 131_072
# The loader itself reads longer cells, so that it can say which cell is too long; frictionless
# raises the process-wide limit when imported, which this must not depend on.
_READ_LIMIT = 2**31 - 1
# Records read and typed at a time: the loader holds a file's bytes and its typed columns, never
# all of its records as lists of cells besides.
_BATCH = 50_000

T = TypeVar("T")


class Record(NamedTuple):
    """One CSV record as text: the line where it starts and its cells (none: a blank line).

    A named tuple rather than a dataclass: a package of a million records builds a million.
    """

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    """A data file split into records, as the csv module returns them (lists of cells)."""

    header: tuple[str, ...] | None
    body: list[list[str]]  # the records after the header; a blank record is []
    starts: Sequence[int]  # the line where each of them starts


@dataclass(frozen=True)
class Parsed:
    """A data file split into records; ``header`` is None for a file without any record."""

    header: tuple[str, ...] | None
    records: tuple[Record, ...]  # after the header, blank records included


def load_tables(
    root: Path, descriptor: Mapping[str, Any] | None, problems: list[Problem]
) -> Iterator[Table]:
    if descriptor is None:
        return
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        problems.append(
            problem("descriptor-invalid", DESCRIPTOR, "`resources` must be a list of resources")
        )
        return
    for index, resource in enumerate(resources):
        table = _table_shell(index, resource, problems)
        if table is not None:
            yield _load_table(root, table, problems)


def _table_shell(index: int, resource: Any, problems: list[Problem]) -> Table | None:
    """The resource's name, path and fields, or None (with a problem) if it lacks them."""
    where = f"resources[{index}]"
    if not isinstance(resource, Mapping):
        message = (
            f"{where} is not an object; write it as an object with `name`, `path` and `schema`"
        )
        problems.append(problem("descriptor-invalid", DESCRIPTOR, message))
        return None
    name, path, schema = resource.get("name"), resource.get("path"), resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    if not (isinstance(name, str) and isinstance(path, str) and isinstance(fields, list)):
        wanting = [
            needed
            for needed, present in (
                ("a string `name`", isinstance(name, str)),
                ("a string `path`", isinstance(path, str)),
                ("a list `schema.fields`", isinstance(fields, list)),
            )
            if not present
        ]
        them = "it" if len(wanting) == 1 else "them"
        message = (
            f"{where} needs {' and '.join(wanting)}; add or correct {them} in datapackage.json"
        )
        problems.append(problem("descriptor-invalid", DESCRIPTOR, message))
        return None
    typed: list[Field] = []
    for field_descriptor in fields:
        field_name = field_descriptor.get("name") if isinstance(field_descriptor, Mapping) else None
        if not isinstance(field_name, str):
            problems.append(
                problem(
                    "descriptor-invalid",
                    DESCRIPTOR,
                    f"a field of resource `{name}` has no string `name`; add one",
                )
            )
            return None
        typed.append(
            Field(field_name, str(field_descriptor.get("type", "string")), field_descriptor)
        )
    return Table(name=name, path=path, descriptor=resource, fields=tuple(typed))


def _load_table(root: Path, table: Table, problems: list[Problem]) -> Table:
    """Read and parse one CSV file; any problem leaves ``loaded`` False or adds a Problem."""
    raw = read_file(root, table, problems)
    if raw is None:
        return table
    table = replace(table, stamp=stamp(raw))
    if not readable(table.path, raw, problems):
        return table
    # The records are read from the bytes, decoded a chunk at a time: the text of a large file
    # is never held whole beside them.
    try:
        options = _options(table, problems)
        body = _read_body(table, raw, options, problems)
    except _Unreadable:
        return table
    starts = _record_starts(raw, body.count + 1, options)[1:]
    names = tuple(f.name for f in table.fields)
    problems.extend(_oversized_cells(table.path, body.header, body.located(starts, body.long)))
    loaded = header_matches(table.path, body.header, names, problems)
    loaded = _has_rows(table.path, body.header, body.count > len(body.blank), problems) and loaded
    table = replace(table, record_lines=starts)
    if not loaded or body.columns is None:  # no columns: the header did not match
        return table
    odd = tuple(Record(line, tuple(cells)) for line, cells in body.located(starts, body.odd))
    problems.extend(shape_problems(table.path, names, odd))
    lines = starts if not body.blank else [n for i, n in enumerate(starts) if i not in body.blank]
    columns = dict(zip(names, body.columns.values, strict=True))
    return replace(
        table,
        columns=MappingProxyType(columns),
        lines=lines,
        loaded=True,
        canonical_text=body.canonical,
    )


class _Body:
    """The records after a file's header, taken a batch at a time and kept as typed columns.

    Only what the problems need is kept of the records themselves: the blank, short and long
    ones (usually none), and those holding a cell longer than :data:`CELL_LIMIT`. Their lines
    are known only once the whole file is read, so they are kept by record number.
    """

    def __init__(
        self, header: tuple[str, ...] | None, columns: casts.Columns | None, long_cells: bool
    ) -> None:
        self.header, self.columns = header, columns
        self.long_cells = long_cells  # False: the reader has shown that no cell is too long
        self.width = len(header) if header else 0
        self.count = 0  # records read after the header
        self.odd: list[tuple[int, list[str]]] = []  # blank, short and long records
        self.blank: set[int] = set()
        self.long: list[tuple[int, list[str]]] = []  # records with a cell over the limit
        self.canonical = False  # proven to be the canonical rendering of its records

    def add_columns(self, split: nativecsv.Split) -> None:
        """The records of a file that Arrow has split, proven to be rectangular, none too long."""
        self.count += split.records
        if self.columns is not None:
            self.columns.add_columns(split.columns)

    def add(self, records: list[list[str]]) -> None:
        first, self.count = self.count, self.count + len(records)
        regular = not set(map(len, records)) - {self.width}  # C-level: usually every record fits
        if not regular:
            odd = [(i, cells) for i, cells in enumerate(records, first) if len(cells) != self.width]
            self.odd += odd
            self.blank.update(i for i, cells in odd if not cells)
        if self.long_cells and _longest(itertools.chain.from_iterable(records)) > CELL_LIMIT:
            self.long += [(i, c) for i, c in enumerate(records, first) if _longest(c) > CELL_LIMIT]
        if self.columns is not None:
            self.columns.add(records if regular else _rectangular(records, self.width))

    @staticmethod
    def located(
        starts: Sequence[int], records: list[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        return ((starts[i], cells) for i, cells in records)


def _read_body(
    table: Table, data: bytes, options: Mapping[str, Any], problems: list[Problem]
) -> _Body:
    try:
        return _split_natively(table, data, options)  # a large canonical file: quick
    except nativecsv.NotProven:
        return _limited(lambda limit: _read_records(table, data, options, problems, limit))


def _split_natively(table: Table, data: bytes, options: Mapping[str, Any]) -> _Body:
    body = None
    for split in nativecsv.split(data, options, CELL_LIMIT, casts.SAMPLE):
        if body is None:
            body = _new_body(table, split.header, long_cells=False)
        body.add_columns(split)
    assert body is not None  # split() raises NotProven for a file without a record
    body.canonical = True  # split() has proven it once it is exhausted
    return body


def _limited(read: Callable[[int], T]) -> T:
    """``read(limit)`` with the csv module's limit on a cell's length at :data:`CELL_LIMIT`,
    which the reader checks as it reads; read again, with cells of any length, only if the
    reader stops (a long cell, or broken syntax, which that run tells). The second read finds no
    long cell by itself: the loader's looks for them (:class:`_Body`).
    """
    try:
        return read(CELL_LIMIT)
    except _Retry:
        return read(_READ_LIMIT)


def _read_records(
    table: Table, data: bytes, options: Mapping[str, Any], problems: list[Problem], limit: int
) -> _Body:
    batches = _batches(table, data, options, problems, limit)
    first = next(batches, [])
    body = _new_body(table, tuple(first[0]) if first else None, long_cells=limit > CELL_LIMIT)
    body.add(first[1:])
    for batch in batches:
        body.add(batch)
    return body


def _new_body(table: Table, header: tuple[str, ...] | None, long_cells: bool) -> _Body:
    names = tuple(f.name for f in table.fields)
    # Rows under a header that does not match are not typed: the table will not be loaded.
    columns = None
    if header == names:
        columns = casts.Columns(table.fields, missing_values(table.descriptor))
    return _Body(header, columns, long_cells)


def _rectangular(records: list[list[str]], width: int) -> list[list[str]]:
    """The rows (blank records dropped) with exactly one cell per field.

    A short record's absent cells are empty and a long record's extra cells are dropped, once
    its shape has been reported, so that its other cells are still checked.
    """
    return [(cells + [""] * width)[:width] for cells in records if cells]


def _longest(cells: Iterable[str]) -> int:
    return max(map(len, cells), default=0)


def shape_problems(
    path: str, names: tuple[str, ...], records: tuple[Record, ...]
) -> Iterator[Problem]:
    """Blank records, and records with fewer or more cells than the header."""
    expected = len(names)
    for record in records:
        count = len(record.cells)
        if count == expected:
            continue
        if count == 0:
            yield problem(
                "blank-row",
                path,
                "the line is blank, so it is a record without cells; delete it "
                "(`python scripts/format.py` removes blank lines)",
                row=record.line,
            )
        elif count < expected:
            yield problem(
                "missing-cell",
                path,
                f"record has {count} cells but the header has {expected}, so this cell and "
                "those after it are missing; add the missing cells (empty cells still need their "
                "commas), or quote a cell that holds a comma or a line break",
                row=record.line,
                column=names[count],
            )
        else:
            yield problem(
                "extra-cell",
                path,
                f"record has {count} cells but the header has {expected}; remove the extra "
                "cells, or quote the cell that holds a comma",
                row=record.line,
            )


# --- parsing -------------------------------------------------------------------------------------


# How the loader reads every data file, whatever the descriptor says: the settings of the
# standard that it does not read, at the only values it honours (the descriptor check reports
# any other value, which would make the file read differently elsewhere).
FIXED_DIALECT: Mapping[str, Any] = {
    "header": True,
    "headerRows": [1],
    "commentRows": [],
    "commentChar": None,
    "escapeChar": None,
    "nullSequence": None,
    "skipInitialSpace": False,
    "lineTerminator": "\n",
}
FIXED_RESOURCE: Mapping[str, tuple[str, ...]] = {
    "encoding": ("utf-8", "utf8"),
    "format": ("csv",),
    "mediatype": ("text/csv",),
    "compression": (),
    "type": ("table",),
}


def dialect(resource: Mapping[str, Any]) -> dict[str, Any]:
    """The csv module's arguments for a resource's dialect (only these three are supported)."""
    described = resource.get("dialect")
    described = described if isinstance(described, Mapping) else {}
    return {
        "delimiter": str(described.get("delimiter", ",")),
        "quotechar": str(described.get("quoteChar", '"')),
        "doublequote": bool(described.get("doubleQuote", True)),
    }


def missing_values(resource: Mapping[str, Any]) -> frozenset[str]:
    """The cells that mean "no value": the standard's default, the empty cell, unless the
    schema lists others (a list of another shape is the descriptor check's to report)."""
    schema = resource.get("schema")
    values = schema.get("missingValues") if isinstance(schema, Mapping) else None
    return frozenset(str(v) for v in values) if isinstance(values, list) else frozenset({""})


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


class _Unreadable(Exception):
    """The text cannot be split into records; the problem that says why is already reported."""


class _Retry(Exception):
    """The reader stopped under a limit on a cell's length: read again without it to tell why."""


def _options(table: Table, problems: list[Problem]) -> dict[str, Any]:
    """The csv module's arguments for the resource's dialect, tried once on no records."""
    options = dialect(table.descriptor)
    try:
        csv.reader((), **options)  # the csv module checks a dialect as it builds the reader
    except (TypeError, ValueError) as error:
        problems.append(
            problem(
                "descriptor-invalid",
                DESCRIPTOR,
                f"resource `{table.name}` has an unusable CSV dialect ({error}); use a "
                "one-character `delimiter` and `quoteChar`, or remove the dialect",
            )
        )
        raise _Unreadable from error
    return options


def _batches(
    table: Table,
    data: str | bytes,
    options: Mapping[str, Any],
    problems: list[Problem],
    limit: int = _READ_LIMIT,
) -> Iterator[list[list[str]]]:
    """The records of the text, :data:`_BATCH` at a time, from one strict csv reader.

    The reader is strict: an unterminated quote or text after a closing quote is an error here,
    where a lenient reader would silently swallow the rest of the file into one cell. On such an
    error the problem is reported and :class:`_Unreadable` raised: no record of the file counts.
    Under a ``limit`` on a cell's length, any error raises :class:`_Retry` instead.
    """
    reader = csv.reader(_lines(data), strict=True, **options)
    while True:
        try:
            with _field_limit(limit):
                batch = list(itertools.islice(reader, _BATCH))
        except csv.Error as error:
            if limit < _READ_LIMIT:
                raise _Retry from error
            line = _broken_record(data, options)
            message = _syntax_message(error, str(options["quotechar"]))
            problems.append(problem("csv-syntax", table.path, message, row=line))
            raise _Unreadable from error
        if not batch:
            return
        yield batch


def split_records(table: Table, text: str, problems: list[Problem]) -> Grid | None:
    """Split the text into records; None (and a problem) if it cannot be.

    The start line of each record and the place of a syntax error are worked out afterwards,
    and record by record only when needed. The formatter reads files so; the loader reads the
    same batches, but keeps typed columns instead of the records. A cell longer than
    :data:`CELL_LIMIT` is read whole and not reported here: the formatter keeps it as it is, and
    the loader, which the validator runs, reports it.
    """

    def read(limit: int) -> list[list[str]]:
        return [
            record for batch in _batches(table, text, options, problems, limit) for record in batch
        ]

    try:
        options = _options(table, problems)
        records = _limited(read)
    except _Unreadable:
        return None
    starts = _record_starts(text, len(records), options)
    header = tuple(records[0]) if records else None
    return Grid(header, records[1:], starts[1:])


def parse(table: Table, text: str, problems: list[Problem]) -> Parsed | None:
    """The records of :func:`split_records` as :class:`Record` objects (for the formatter)."""
    grid = split_records(table, text, problems)
    if grid is None:
        return None
    records = (
        Record(line, tuple(cells)) for line, cells in zip(grid.starts, grid.body, strict=False)
    )
    return Parsed(grid.header, tuple(records))


def _lines(data: str | bytes) -> Iterator[str]:
    """The lines of a text, or of UTF-8 bytes (a BOM dropped), as the csv module reads them.

    Bytes are decoded a chunk at a time. A StringIO would be no better than the text: it keeps
    four bytes a character, so a file of 100 MB would take 400 MB more to read.
    """
    if isinstance(data, str):
        return io.StringIO(data, newline="")
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


def _record_starts(data: str | bytes, count: int, options: Mapping[str, Any]) -> Sequence[int]:
    """The start line of each of the ``count`` records.

    When there are as many physical lines as records, every record is one line: the usual case,
    answered without reading the records again. Otherwise some cell holds a line break, and the
    lines are counted record by record.
    """
    newline = "\n" if isinstance(data, str) else b"\n"
    lines = data.count(newline) + (1 if data and not data.endswith(newline) else 0)  # type: ignore[arg-type]
    if lines == count:
        return range(1, count + 1)
    reader = csv.reader(_lines(data), strict=True, **options)
    starts, start = [], 1
    with _field_limit(_READ_LIMIT):
        for _ in reader:
            starts.append(start)
            start = reader.line_num + 1
    return starts


def _broken_record(data: str | bytes, options: Mapping[str, Any]) -> int:
    """The start line of the record that the csv module cannot read."""
    reader = csv.reader(_lines(data), strict=True, **options)
    start = 1
    with contextlib.suppress(csv.Error), _field_limit(_READ_LIMIT):
        for _ in reader:
            start = reader.line_num + 1
    return start


def _syntax_message(error: csv.Error, quote: str) -> str:
    """What is wrong and how to fix it, in the dialect's own quote character."""
    reason = str(error)
    if "unexpected end of data" in reason:
        return (
            "a quoted cell of the record that starts on this line is never closed; add the "
            f"closing quote ({quote}) and double every quote inside the cell ({quote * 2})"
        )
    if "expected after" in reason:
        return (
            "text follows the closing quote of a cell in the record that starts on this line; "
            f"quote the whole cell and double every quote inside it ({quote * 2})"
        )
    return f"CSV syntax error in the record that starts on this line ({reason}); fix its quoting"


def _oversized_cells(
    path: str, header: tuple[str, ...] | None, records: Iterable[tuple[int, Sequence[str]]]
) -> Iterator[Problem]:
    """Each cell longer than :data:`CELL_LIMIT`, of the (line, cells) records given."""
    for line, cells in records:
        if _longest(cells) > CELL_LIMIT:
            for position, cell in enumerate(cells):
                if len(cell) > CELL_LIMIT:
                    yield problem(
                        "cell-too-large",
                        path,
                        f"cell is {len(cell):,} characters long, more than the {CELL_LIMIT:,} "
                        "that common CSV readers accept; shorten it (a quote or statement is one "
                        "span of a line, never a whole document)",
                        row=line,
                        column=_name_at(header, position),
                    )


def _name_at(header: tuple[str, ...] | None, position: int) -> str | None:
    return header[position] if header and position < len(header) else None


def _has_rows(
    path: str, header: tuple[str, ...] | None, rows: bool, problems: list[Problem]
) -> bool:
    """A file without rows is a truncated file (an export of the header only, say)."""
    if rows:
        return True
    what = "is empty: it has no header and no rows" if header is None else "has no rows"
    problems.append(
        problem(
            "table-empty",
            path,
            f"file {what}; restore its rows from version control, or remove the resource",
            row=None if header is None else 1,
        )
    )
    return False


def header_matches(
    path: str, header: tuple[str, ...] | None, names: tuple[str, ...], problems: list[Problem]
) -> bool:
    if header is None:
        return False  # an empty file: _has_rows says so
    if header == names:
        return True
    duplicated = sorted({name for name in header if header.count(name) > 1})
    position = next(
        (i for i, (a, b) in enumerate(zip(header, names, strict=False)) if a != b),
        min(len(header), len(names)),
    )
    expected = names[position] if position < len(names) else None
    actual = header[position] if position < len(header) else None
    twice = (
        f"column(s) {', '.join(map(repr, duplicated))} appear more than once; "
        if duplicated
        else ""
    )
    reorder = (
        " (`python scripts/format.py` puts the columns in this order)"
        if sorted(header) == sorted(names) and not duplicated
        else ""
    )
    problems.append(
        problem(
            "header-mismatch",
            path,
            f"{twice}header column {position + 1} is {actual!r} but datapackage.json expects "
            f"{expected!r}; the header must be exactly: {','.join(names)}{reorder}",
            row=1,
            column=expected or actual,
        )
    )
    return False
