"""Provenance: every citation quotes its source exactly, and every record is cited.

A citation names a record (``table`` + ``record_id``, the record's primary key), a source
document and a line of it, and quotes a substring of that line. Checked here: the table exists,
the record exists, the line exists, the quote is on it; then every record of every cited
table (``x-cited`` is not false: all but the citations and the skipped lines) has a
citation, and every source document is quoted at least once. Missing values, the
``line >= 1`` minimum and the ``source_id`` foreign key belong to the Table Schema and are
reported by its check (:mod:`.tables`); citations failing them are skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import CITATIONS_TABLE, SOURCES_TABLE, Package, Table, Value
from ..problems import Problem, problem


def check(pkg: Package) -> Iterator[Problem]:
    citations = pkg.tables.get(CITATIONS_TABLE)
    if citations is None or not citations.loaded:
        return
    keys = {name: table.record_keys() for name, table in pkg.tables.items() if table.loaded}
    texts = {key: source.lines for key, source in pkg.sources.items() if source.lines is not None}
    names = ("table", "record_id", "source_id", "line", "quote")
    uncitable: dict[str, list[int]] = {}  # a table no citation can name: the rows naming it
    columns = [citations.column(name) for name in names]
    for row, table, record_id, source_id, line, quote in zip(
        citations.lines, *columns, strict=True
    ):
        # The usual case, a valid citation, is decided inline; anything else takes the path
        # that explains it (which also knows the cases that are other checks' to report).
        records = keys.get(table)
        if records is None or record_id not in records:
            yield from _check_target(pkg, citations.path, row, table, record_id, keys, uncitable)
        lines = texts.get(source_id)
        if not (
            lines is not None
            and type(line) is int
            and 1 <= line <= len(lines)
            and isinstance(quote, str)
            and quote
            and quote in lines[line - 1]
        ):
            yield from _check_quote(pkg, citations.path, row, source_id, line, quote)
    yield from _uncitable_tables(pkg, citations.path, uncitable)
    yield from _uncited_records(pkg, citations)
    yield from _uncited_sources(pkg, citations)


def _check_target(
    pkg: Package,
    path: str,
    line: int,
    table: Value | None,
    record_id: Value | None,
    keys: dict[str, frozenset[str] | None],
    uncitable: dict[str, list[int]],
) -> Iterator[Problem]:
    if not isinstance(table, str) or not isinstance(record_id, str):
        return
    if table in pkg.tables and table not in keys:
        return  # the cited table could not be loaded; its loading problem says why
    if table not in pkg.tables and table in pkg.declared("name"):
        return  # declared, but too malformed to load; the descriptor problem says why
    records = keys.get(table)
    if records is None:  # no resource, or no one-field key: the table's fault, told once
        uncitable.setdefault(table, []).append(line)
    elif record_id not in records:
        yield problem(
            "citation-record-missing",
            path,
            f"{table} has no record {record_id!r}; correct record_id or add the record "
            f"to {pkg.tables[table].path}",
            row=line,
            column="record_id",
        )


def _uncitable_tables(
    pkg: Package, path: str, uncitable: dict[str, list[int]]
) -> Iterator[Problem]:
    """One problem for each named table whose records no citation can name, at the first
    citation that names it: one fix (the name, or the table's key) serves all its citations."""
    for table, lines in uncitable.items():
        named = _named_by(lines)
        if table in pkg.tables:
            message = (
                f"table {table!r} has no single-field primary key, so record_id cannot name a "
                f"row{named}; cite a table that has one, or declare (or correct) its `primaryKey`"
            )
        else:
            message = (
                f"table {table!r} is not a resource of datapackage.json{named}; "
                f"use one of {sorted(pkg.tables)}"
            )
        yield problem("citation-unknown-table", path, message, row=lines[0], column="table")


def _named_by(lines: list[int], shown: int = 5) -> str:
    """Which citations name the table, when more than one does: the first few rows."""
    if len(lines) < 2:
        return ""
    more = f" and {len(lines) - shown} more" if len(lines) > shown else ""
    return f" (named by {len(lines)} citations: rows {', '.join(map(str, lines[:shown]))}{more})"


def _check_quote(
    pkg: Package,
    path: str,
    row: int,
    source_id: Value | None,
    line: Value | None,
    quote: Value | None,
) -> Iterator[Problem]:
    source = pkg.sources.get(source_id) if isinstance(source_id, str) else None
    lines = source.lines if source is not None else None
    if source is None or lines is None or not isinstance(line, int) or line < 1:
        return
    if not isinstance(quote, str) or not quote:
        return
    if line > len(lines):
        yield problem(
            "citation-line-out-of-range",
            path,
            f"line {line} is beyond the end of {source.path}, which has {len(lines)} lines; "
            "cite the line that holds the quote",
            row=row,
            column="line",
        )
    elif quote not in lines[line - 1]:
        yield problem(
            "quote-not-on-line",
            path,
            f"the quote is not an exact substring of line {line} of {source.path}"
            f"{_where_else(lines, quote)}; copy it verbatim (typographic quotes included)",
            row=row,
            column="quote",
        )


def _where_else(lines: tuple[str, ...], quote: str) -> str:
    """Point at the lines that do hold the quote, the usual fix for an off-by-one line."""
    found = [str(number) for number, text in enumerate(lines, 1) if quote in text]
    return f" (it is on line {', '.join(found)})" if found else " (nor of any other line)"


def _uncited_records(pkg: Package, citations: Table) -> Iterator[Problem]:
    # A set of record ids per table, not of (table, record) pairs: a million citations would
    # make a million tuples.
    cited: dict[Value | None, set[Value | None]] = {}
    for table_name, record_id in zip(
        citations.column("table"), citations.column("record_id"), strict=True
    ):
        cited.setdefault(table_name, set()).add(record_id)
    for name, table in pkg.tables.items():
        if not table.cited or not table.loaded or len(table.primary_key) != 1:
            continue
        (key,) = table.primary_key
        records = cited.get(name, set())
        for line, value in zip(table.lines, table.column(key), strict=True):
            if value is not None and str(value) not in records:
                yield problem(
                    "record-uncited",
                    table.path,
                    f"no citation supports {name} record {str(value)!r}; add a row to "
                    f"{citations.path} quoting the source line that states it",
                    row=line,
                    column=key,
                )


def _uncited_sources(pkg: Package, citations: Table) -> Iterator[Problem]:
    sources = pkg.tables.get(SOURCES_TABLE)
    if sources is None or not sources.loaded:
        return
    quoted = set(citations.column("source_id"))
    for line, source_id in zip(sources.lines, sources.column("source_id"), strict=True):
        if isinstance(source_id, str) and source_id not in quoted:
            yield problem(
                "source-uncited",
                sources.path,
                f"no citation quotes source {source_id!r}; cite it or remove the document",
                row=line,
                column="source_id",
            )
