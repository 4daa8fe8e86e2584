"""Provenance: every citation quotes its source exactly, and every record is cited.

A citation names a record (``table`` + ``record_id``, the record's primary key), a source
document and a line of it, and quotes a substring of that line. Checked here: the table exists,
the record exists, the line exists, the quote is on it; then every record of every cited
table (``x-cited`` is not false: all but the citations and the skipped lines) has a
citation, and every source document is quoted at least once. Missing values, the
``line >= 1`` minimum and the ``source_id`` foreign key belong to the Table Schema and are
reported by frictionless; citations failing them are skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import CITATIONS_TABLE, SOURCES_TABLE, Package, Row, Table
from ..problems import Problem, problem


def check(pkg: Package) -> Iterator[Problem]:
    citations = pkg.tables.get(CITATIONS_TABLE)
    if citations is None or not citations.loaded:
        return
    keys = {name: record_keys(table) for name, table in pkg.tables.items() if table.loaded}
    for row in citations.rows:
        yield from _check_target(pkg, citations.path, row, keys)
        yield from _check_quote(pkg, citations.path, row)
    yield from _uncited_records(pkg, citations)
    yield from _uncited_sources(pkg, citations)


def record_keys(table: Table) -> dict[str, Row] | None:
    """Primary key value → row, or None if the table has no single-field primary key."""
    if len(table.primary_key) != 1:
        return None
    (key,) = table.primary_key
    rows: dict[str, Row] = {}
    for row in table.rows:
        value = row.get(key)
        if value is not None:
            rows.setdefault(str(value), row)
    return rows


def _check_target(
    pkg: Package, path: str, row: Row, keys: dict[str, dict[str, Row] | None]
) -> Iterator[Problem]:
    table, record_id = row.text("table"), row.text("record_id")
    if table is None or record_id is None:
        return
    if table not in pkg.tables:
        yield problem(
            "citation-unknown-table",
            path,
            f"table {table!r} is not a resource of datapackage.json; "
            f"use one of {sorted(pkg.tables)}",
            row=row.line,
            column="table",
        )
        return
    if table not in keys:
        return  # the cited table could not be loaded; its loading problem says why
    records = keys[table]
    if records is None:
        yield problem(
            "citation-unknown-table",
            path,
            f"table {table!r} has no single-field primary key, so record_id cannot name a row",
            row=row.line,
            column="table",
        )
    elif record_id not in records:
        yield problem(
            "citation-record-missing",
            path,
            f"{table} has no record {record_id!r}; correct record_id or add the record "
            f"to {pkg.tables[table].path}",
            row=row.line,
            column="record_id",
        )


def _check_quote(pkg: Package, path: str, row: Row) -> Iterator[Problem]:
    source = pkg.sources.get(row.text("source_id") or "")
    lines = source.lines if source is not None else None
    line, quote = row.get("line"), row.text("quote")
    if source is None or lines is None or not isinstance(line, int) or line < 1 or not quote:
        return
    if line > len(lines):
        yield problem(
            "citation-line-out-of-range",
            path,
            f"line {line} is beyond the end of {source.path}, which has {len(lines)} lines; "
            "cite the line that holds the quote",
            row=row.line,
            column="line",
        )
    elif quote not in lines[line - 1]:
        yield problem(
            "quote-not-on-line",
            path,
            f"the quote is not an exact substring of line {line} of {source.path}"
            f"{_where_else(lines, quote)}; copy it verbatim (typographic quotes included)",
            row=row.line,
            column="quote",
        )


def _where_else(lines: tuple[str, ...], quote: str) -> str:
    """Point at the lines that do hold the quote, the usual fix for an off-by-one line."""
    found = [str(number) for number, text in enumerate(lines, 1) if quote in text]
    return f" (it is on line {', '.join(found)})" if found else " (nor of any other line)"


def _uncited_records(pkg: Package, citations: Table) -> Iterator[Problem]:
    cited = {(r.text("table"), r.text("record_id")) for r in citations.rows}
    for name, table in pkg.tables.items():
        if not table.cited or not table.loaded or len(table.primary_key) != 1:
            continue
        (key,) = table.primary_key
        for row in table.rows:
            value = row.get(key)
            if value is not None and (name, str(value)) not in cited:
                yield problem(
                    "record-uncited",
                    table.path,
                    f"no citation supports {name} record {str(value)!r}; add a row to "
                    f"{citations.path} quoting the source line that states it",
                    row=row.line,
                    column=key,
                )


def _uncited_sources(pkg: Package, citations: Table) -> Iterator[Problem]:
    sources = pkg.tables.get(SOURCES_TABLE)
    if sources is None or not sources.loaded:
        return
    quoted = {r.text("source_id") for r in citations.rows}
    for row in sources.rows:
        source_id = row.text("source_id")
        if source_id is not None and source_id not in quoted:
            yield problem(
                "source-uncited",
                sources.path,
                f"no citation quotes source {source_id!r}; cite it or remove the document",
                row=row.line,
                column="source_id",
            )
