"""The canonical form of the data files, and the formatter that writes it.

A data file is canonical when it is UTF-8 without BOM; has the header and then the rows sorted
by primary key (the order check's own key); has its columns in schema order; ends every record,
the last one included, with LF; and quotes a cell only when it must (the cell holds the
delimiter, the quote character or a line break, or is the only cell of its record and empty).
Every cell keeps its characters, whitespace included: the formatter moves cells, never edits one.

It reads with the loader's own code (:mod:`.csvfile`), so the formatter and the validator cannot
disagree on what a file holds; it parses its output back and writes nothing unless every record
survives cell for cell; it refuses a file it cannot parse; and it writes atomically (a temporary
file beside the data file, then a rename), so an interrupted run leaves the old file whole. A
file that the loader has proven to be the canonical rendering of its records is not rendered
again: it is canonical when its rows are in key order.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import casts, csvfile, datafile
from .checks.order import is_sorted
from .checks.order import row_key as order_key
from .model import DESCRIPTOR, Row, Table
from .package import load
from .problems import Problem, problem
from .schema_gen import stamp

FIX = "run `python scripts/format.py`"


@dataclass(frozen=True)
class Result:
    """What formatting one data file found: its canonical text, or why there is none."""

    path: str
    current: bytes | None
    canonical: bytes | None
    reasons: tuple[str, ...] = ()  # how the file differs from its canonical form
    problems: tuple[Problem, ...] = ()  # why it cannot be formatted

    @property
    def refused(self) -> bool:
        return self.canonical is None

    @property
    def changed(self) -> bool:
        return self.canonical is not None and self.canonical != self.current


@dataclass(frozen=True)
class _Layout:
    """A parsed file, its records already in schema column order."""

    header: tuple[str, ...]
    records: tuple[csvfile.Record, ...]
    columns_moved: bool
    blank_lines: bool


def format_package(root: Path | str, *, write: bool) -> tuple[list[Problem], list[Result]]:
    """Format every data file of the package; write the changed ones when ``write`` is set.

    Returns the problems that stop formatting altogether (an unreadable descriptor) and one
    result per data file.
    """
    pkg = load(root)
    if pkg.descriptor is None or not pkg.tables:
        nothing = problem("descriptor-invalid", DESCRIPTOR, f"{DESCRIPTOR} lists no table")
        return list(pkg.problems) or [nothing], []
    results = [format_table(pkg.root, table) for table in pkg.tables.values()]
    if write:
        for result in results:
            if result.changed and result.canonical is not None:
                write_atomically(pkg.root / result.path, result.canonical)
    return [], results


def format_table(root: Path, table: Table) -> Result:
    """The canonical bytes of one table's data file, or the problems that prevent them."""
    problems: list[Problem] = []
    raw = datafile.read_file(root, table, problems)
    if raw is None:
        return Result(table.path, None, None, problems=tuple(problems))
    if _already_canonical(table, raw):
        return Result(table.path, raw, raw)
    return format_bytes(table, raw)


def _already_canonical(table: Table, raw: bytes) -> bool:
    """Whether the loader has shown these very bytes canonical, so that nothing need be rendered.

    A file that the loader proved to be the canonical rendering of its records in their order
    (``canonical_text``) is canonical once its rows are sorted. A large package is so checked
    at the cost of loading it, instead of parsing, sorting, rendering and parsing every file
    again; the stamp makes sure that the file was not changed since it was loaded.
    """
    return (
        table.canonical_text  # set only on a table that loaded
        and table.stamp == stamp(raw)
        and (not table.primary_key or is_sorted(table))
    )


def format_bytes(table: Table, raw: bytes) -> Result:
    """The canonical form of a data file's bytes (``table`` gives its schema and dialect)."""
    # A BOM, CRLF or NUL is reported by the validator and is no reason to refuse: only text
    # that is not UTF-8, or not CSV, cannot be rewritten losslessly.
    problems: list[Problem] = []
    text = datafile.decode(table.path, raw, problems)
    if text is None:
        return Result(table.path, raw, None, problems=tuple(problems))
    problems = []
    parsed = csvfile.parse(table, text, problems)
    if parsed is None:
        return Result(table.path, raw, None, problems=tuple(problems))
    if parsed.header is None:
        return Result(table.path, raw, raw)  # an empty file: the validator says so
    layout, refusals = _layout(table, parsed)
    if layout is None:
        return Result(table.path, raw, None, problems=tuple(refusals))
    rows = _sorted(table, layout.records)
    canonical = render(table, layout.header, [record.cells for record in rows])
    lost = _lost(table, canonical, layout.header, rows)
    if lost is not None:
        return Result(table.path, raw, None, problems=(lost,))
    encoded = canonical.encode("utf-8")
    reasons = _reasons(raw, encoded, layout, rows) if encoded != raw else ()
    return Result(table.path, raw, encoded, reasons)


# --- layout ----------------------------------------------------------------------------------


def _layout(table: Table, parsed: csvfile.Parsed) -> tuple[_Layout | None, list[Problem]]:
    """Records in schema column order, or the problems that make the file unformattable."""
    names = tuple(field.name for field in table.fields)
    header = parsed.header or ()
    if sorted(header) != sorted(names) or len(set(header)) != len(header):
        problems: list[Problem] = []
        csvfile.header_matches(table.path, header, names, problems)
        return None, problems
    position = [header.index(name) for name in names]
    records, problems = [], []
    for record in parsed.records:
        if not record.cells:
            continue  # a blank line holds no cell: dropping it loses nothing
        if len(record.cells) != len(names):
            # The formatter cannot tell which cell is missing or extra: the record is fixed by hand.
            problems.extend(csvfile.shape_problems(table.path, header, (record,)))
        else:
            records.append(csvfile.Record(record.line, tuple(record.cells[i] for i in position)))
    if problems:
        return None, problems
    layout = _Layout(
        header=names,
        records=tuple(records),
        columns_moved=header != names,
        blank_lines=len(records) != len(parsed.records),
    )
    return layout, []


def _sorted(table: Table, records: tuple[csvfile.Record, ...]) -> list[csvfile.Record]:
    """Sorted with the order check's key over the loader's typed values (stable for ties)."""
    missing = csvfile.missing_values(table.descriptor)
    keyed = [i for i, field in enumerate(table.fields) if field.name in table.primary_key]
    fields = tuple(table.fields[i] for i in keyed)  # typing only the key is enough to sort
    convert = casts.converter(fields, missing)

    def key(record: csvfile.Record) -> tuple[Any, ...]:
        cells = tuple(record.cells[i] for i in keyed)
        return order_key(table, Row(record.line, convert(cells)))

    return sorted(records, key=key) if table.primary_key else list(records)


# --- rendering -------------------------------------------------------------------------------


def render(table: Table, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """The header and rows as canonical CSV text."""
    dialect = csvfile.dialect(table.descriptor)
    delimiter, quote = dialect["delimiter"], dialect["quotechar"]
    special = re.compile(f"[{re.escape(delimiter + quote)}\r\n]")

    def cell(text: str, alone: bool) -> str:
        """Quoted only when a reader would otherwise split, join or drop it.

        The csv module's own writer is not used: with LF as line end it leaves a carriage return
        unquoted, which a reader then takes for the end of the record.
        """
        if special.search(text) or (alone and not text):
            return quote + text.replace(quote, quote + quote) + quote
        return text

    return "".join(
        delimiter.join([cell(text, len(cells) == 1) for text in cells]) + "\n"
        for cells in (header, *rows)
    )


def _lost(
    table: Table, canonical: str, header: tuple[str, ...], rows: list[csvfile.Record]
) -> Problem | None:
    """Parse the output back with the loader's reader: every cell must come back unchanged."""
    scratch: list[Problem] = []
    again = csvfile.parse(table, canonical, scratch)
    expected = [record.cells for record in rows]
    back = [record.cells for record in again.records] if again is not None else None
    if again is not None and again.header == header and back == expected:
        return None
    return problem(
        "format-not-lossless",
        table.path,
        "the canonical form of this file would not read back cell for cell, so nothing was "
        "written; please report this bug with the file",
    )


def _reasons(
    raw: bytes, canonical: bytes, layout: _Layout, rows: list[csvfile.Record]
) -> tuple[str, ...]:
    """How a file differs from its canonical form, in words a curator recognizes."""
    found = []
    if raw.startswith(datafile.BOM):
        found.append("byte order mark")
    if raw.count(b"\r") > canonical.count(b"\r"):
        found.append("CRLF line ends")
    if layout.columns_moved:
        found.append("columns not in schema order")
    if [record.line for record in rows] != sorted(record.line for record in rows):
        found.append("rows not sorted by primary key")
    if layout.blank_lines:
        found.append("blank lines")
    if not raw.endswith(b"\n"):
        found.append("no line end after the last record")
    return tuple(found) or ("quoting",)


# --- writing ---------------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` so that no reader ever sees a partly written file.

    The bytes go to a temporary file in the same directory (so the rename stays on one file
    system), are flushed to disk, and the file is renamed over the old one, which is atomic;
    on any failure the temporary file is removed and the old file is left as it was.
    """
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            temporary.chmod(path.stat().st_mode & 0o777)  # mkstemp makes it private
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def describe(results: list[Result], *, write: bool) -> Iterator[str]:
    """Report lines: refusals with their problems, then what changed or would change."""
    for result in results:
        if result.refused:
            yield from (str(p) for p in result.problems)
            yield f"{result.path}: not formatted: fix the problem(s) above by hand first"
        elif result.changed:
            reasons = ", ".join(result.reasons)
            if write:
                yield f"formatted {result.path} ({reasons})"
            else:
                yield f"{result.path}: not in canonical form ({reasons}); {FIX}"
    refused = sum(r.refused for r in results)
    changed = sum(r.changed for r in results)
    verb = "reformatted" if write else "to reformat"
    yield (
        f"{len(results)} data files: {changed} {verb}, {refused} not formattable, "
        f"{len(results) - changed - refused} already canonical"
    )
