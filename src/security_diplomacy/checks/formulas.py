"""No cell that a spreadsheet would run as a formula, unless the source text begins so too.

Spreadsheets that open a CSV file run a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a
formula (CSV injection), so such a cell is accepted only where the package copies source text
that itself begins so: a citation's quote that stands on its source line, or a value of a cited
record that one of the record's quotes contains exactly, leading character included. Integers
are exempt: a spreadsheet reads ``-5`` as a number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..evidence.index import Index, build, primary_key_value
from ..model import CITATIONS_TABLE, Field, Package, Row, Table, Value
from ..problems import Problem, problem, shown

FORMULA_STARTS = ("=", "+", "-", "@")
_LINE_STARTS = tuple("\n" + start for start in FORMULA_STARTS)  # a line of text that starts so
QUOTE_COLUMN = "quote"

Suspect = tuple[Table, Row, Field, str]


def check(pkg: Package) -> Iterator[Problem]:
    suspects = list(_suspects(pkg))
    if not suspects:
        return  # the usual case: no need to index the citations
    index = build(pkg)
    for table, row, field, text in suspects:
        if not _copied_from_source(pkg, index, table, row, field, text):
            yield problem(
                "formula-like-cell",
                table.path,
                f"value {shown(text)} starts with {text[0]!r}, so a spreadsheet would run it as "
                "a formula, and no source text that it copies starts so; remove the leading "
                f"{text[0]!r}, or cite the source text that begins with it",
                row=row.line,
                column=field.name,
            )


def _suspects(pkg: Package) -> Iterator[Suspect]:
    for table in pkg.tables.values():
        if not table.loaded:
            continue
        for field in table.fields:
            column = table.column(field.name)
            if not _may_hold_formulas(field, column):
                continue
            for position, value in enumerate(column):
                text = _cell_text(field, value)
                if text is not None and text.startswith(FORMULA_STARTS):
                    yield table, table.row_at(position), field, text


def _may_hold_formulas(field: Field, column: Sequence[Value | None]) -> bool:
    """False when no cell of the column can start like a formula: a scan of the joined text.

    Each cell starts a line of the joined text, so a cell that starts so is found; a line break
    inside a cell can only add lines to look at, never hide one, and then every cell is read.
    The cells are joined a slice at a time, so that a large column is never copied whole.
    """
    for start in range(0, len(column), _SLICE):
        joined = "\n" + "\n".join(_texts(field, column[start : start + _SLICE]))
        # Four C-level searches for a line break and a formula's start: faster than a pattern.
        if any(start_of_line in joined for start_of_line in _LINE_STARTS):
            return True
    return False


def _texts(field: Field, values: Sequence[Value | None]) -> Iterator[str]:
    """The cells' texts, or for a list its first item (the start of the cell's text)."""
    if field.type == "string":
        return filter(None, values)  # type: ignore[arg-type]  # strings and Nones only
    texts = (v[0] if isinstance(v, tuple) else v for v in values if v)
    return (t for t in texts if isinstance(t, str))


_SLICE = 10_000


def _cell_text(field: Field, value: Value | None) -> str | None:
    """The text a spreadsheet sees; None for an empty cell or an integer."""
    if isinstance(value, tuple):
        return field.delimiter.join(value)
    return value if isinstance(value, str) else None


def _copied_from_source(
    pkg: Package, index: Index, table: Table, row: Row, field: Field, text: str
) -> bool:
    if table.name == CITATIONS_TABLE:
        return field.name == QUOTE_COLUMN and _on_its_line(pkg, row, text)
    record_id = primary_key_value(table, row)
    if not table.cited or record_id is None:
        return False
    # An empty delimiter is a descriptor error (the Table Schema check reports it).
    first = text.split(field.delimiter)[0] if field.type == "list" and field.delimiter else text
    quotes = (c.quote for c in index.citations.get((table.name, record_id), ()))
    return any(first in quote for quote in quotes)


def _on_its_line(pkg: Package, row: Row, quote: str) -> bool:
    source = pkg.sources.get(row.text("source_id") or "")
    lines = source.lines if source is not None else None
    number = row.get("line")
    if lines is None or not isinstance(number, int) or not 1 <= number <= len(lines):
        return False
    return quote in lines[number - 1]
