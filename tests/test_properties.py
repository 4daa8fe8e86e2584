"""Property-based tests: random single edits are detected; valid rewrites format back.

Each detection example edits one cell of one table in a copy of the real package on disk, reads
the whole file back with the loader's own steps (read, decode, parse), types the edited record,
and runs only the checks that own the rule on that record, so 500 examples take seconds, not
minutes; the file is restored after every example. The examples are derandomized and the
example database is off, so every run tries the same edits and a failure always reproduces.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import pytest
from helpers import CsvRow, data_path, read_csv
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from security_diplomacy import casts, csvfile, datafile
from security_diplomacy.checks import citations, rows, support
from security_diplomacy.formatter import format_bytes
from security_diplomacy.model import CITATIONS_TABLE, SOURCES_TABLE, Field, Package, Table
from security_diplomacy.package import load
from security_diplomacy.package_copy import copy_package
from security_diplomacy.problems import Problem
from security_diplomacy.schema_gen import stamp

EXAMPLES = settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# Characters an edit may insert: ASCII letters, digits and punctuation, the typographic quotes
# the sources print, and a non-Latin letter; no line break, so no row moves to another line.
EDIT_ALPHABET = st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,;:'\"“”’()/Ӯ"
)
ID_ALPHABET = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-")
DATE_ALPHABET = st.sampled_from("0123456789X-/")


@dataclass
class Workspace:
    """A copy of the real package, its loaded form, and its tables' rows as the csv module reads."""

    root: Path
    pkg: Package
    rows: dict[str, list[CsvRow]]
    headers: dict[str, list[str]]

    @contextmanager
    def edited(self, table: str, line: int, column: str, value: str) -> Iterator[Package]:
        """The package with one cell changed on disk and that table read again; then restored.

        Only the edited record's lines are rewritten (by the csv module), so the rest of the
        file keeps its committed bytes. The file is read back with the loader's own steps, and
        only the edited record is typed: the assertions are about that row, and the checks need
        not judge the others again.
        """
        path = data_path(self.root, table)
        original = path.read_bytes()
        path.write_bytes(self._splice(original, table, line, column, value))
        try:
            yield self._reloaded(table, line)
        finally:
            path.write_bytes(original)

    def _splice(self, original: bytes, table: str, line: int, column: str, value: str) -> bytes:
        rows = self.rows[table]
        index = next(i for i, row in enumerate(rows) if row.line == line)
        end = rows[index + 1].line if index + 1 < len(rows) else None
        buffer = io.StringIO()
        record = dict(rows[index].values, **{column: value})
        csv.writer(buffer, lineterminator="\n").writerow([record[c] for c in self.headers[table]])
        lines = original.split(b"\n")
        after = lines[end - 1 :] if end is not None else [b""]
        spliced = [*lines[: line - 1], buffer.getvalue().encode("utf-8").removesuffix(b"\n")]
        return b"\n".join([*spliced, *after])

    def _reloaded(self, name: str, line: int) -> Package:
        table = self.pkg.tables[name]
        problems: list[Problem] = []
        raw = datafile.read_file(self.root, table, problems)
        text = datafile.decode(table.path, raw, problems) if raw is not None else None
        parsed = csvfile.parse(table, text, problems) if text is not None else None
        assert raw is not None and parsed is not None and not problems, [str(p) for p in problems]
        assert list(parsed.header or ()) == self.headers[name]
        (record,) = (r for r in parsed.records if r.line == line)
        missing = csvfile.missing_values(table.descriptor)
        columns = casts.convert_columns(table.fields, missing, [list(record.cells)])
        narrowed = replace(table, stamp=stamp(raw), columns=columns, lines=(line,))
        return replace(self.pkg, tables=MappingProxyType({**self.pkg.tables, name: narrowed}))


@pytest.fixture(scope="module")
def work(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = copy_package(pristine, tmp_path_factory.mktemp("properties"))
    pkg = load(root)
    assert not pkg.problems
    headers, table_rows = {}, {}
    for name in pkg.tables:
        headers[name], table_rows[name] = read_csv(root, name)
    return Workspace(root, pkg, table_rows, headers)


def only(pkg: Package, *names: str) -> Package:
    """The package restricted to some tables: a check then does only the work that matters."""
    kept = {name: table for name, table in pkg.tables.items() if name in names}
    return replace(pkg, tables=MappingProxyType(kept))


def found(problems: list[Problem], path: str, line: int, column: str, *codes: str) -> bool:
    return any(
        (p.path, p.row, p.column) == (path, line, column) and p.code in codes for p in problems
    )


@st.composite
def single_edit(draw: st.DrawFn, text: str, alphabet: st.SearchStrategy[str]) -> str:
    """``text`` with one character inserted, deleted or replaced; never ``text`` itself."""
    position = draw(st.integers(0, len(text)))
    operation = draw(st.sampled_from(["insert", "delete", "replace"]))
    if operation == "insert" or position == len(text):
        edited = text[:position] + draw(alphabet) + text[position:]
    elif operation == "delete":
        edited = text[:position] + text[position + 1 :]
    else:
        edited = text[:position] + draw(alphabet) + text[position + 1 :]
    assume(edited != text and edited.strip())
    return edited


def _source_line(work: Workspace, row: CsvRow, line: int) -> str | None:
    source = work.pkg.sources[row.values["source_id"]]
    assert source.lines is not None
    return source.lines[line - 1] if 1 <= line <= len(source.lines) else None


# --- random single edits are detected ------------------------------------------------------------


@EXAMPLES
@given(data=st.data())
def test_an_edited_quote_is_detected(work: Workspace, data: st.DataObject) -> None:
    """Flagged exactly when the edited quote no longer stands on its line."""
    row = data.draw(st.sampled_from(work.rows[CITATIONS_TABLE]))
    quote = data.draw(single_edit(row.values["quote"], EDIT_ALPHABET))
    line_text = _source_line(work, row, int(row.values["line"]))
    with work.edited(CITATIONS_TABLE, row.line, "quote", quote) as pkg:
        problems = list(citations.check(pkg))
    table = work.pkg.tables[CITATIONS_TABLE]
    flagged = found(problems, table.path, row.line, "quote", "quote-not-on-line")
    assert flagged == (quote not in (line_text or "")), (quote, line_text)


@EXAMPLES
@given(data=st.data())
def test_an_edited_line_number_is_detected(work: Workspace, data: st.DataObject) -> None:
    row = data.draw(st.sampled_from(work.rows[CITATIONS_TABLE]))
    old = int(row.values["line"])
    count = work.pkg.sources[row.values["source_id"]].lines
    assert count is not None
    line = data.draw(st.integers(1, len(count) + 5).filter(lambda n: n != old))
    line_text = _source_line(work, row, line)
    # another line that holds the same words is a valid citation, not an error
    assume(line_text is None or row.values["quote"] not in line_text)
    with work.edited(CITATIONS_TABLE, row.line, "line", str(line)) as pkg:
        problems = list(citations.check(pkg))
    path = work.pkg.tables[CITATIONS_TABLE].path
    if line_text is None:
        assert found(problems, path, row.line, "line", "citation-line-out-of-range")
    else:
        assert found(problems, path, row.line, "quote", "quote-not-on-line")


def _cited_keys(work: Workspace) -> list[tuple[Table, CsvRow]]:
    return [
        (table, row)
        for table in work.pkg.tables.values()
        if table.cited and len(table.primary_key) == 1
        for row in work.rows[table.name]
    ]


@EXAMPLES
@given(data=st.data())
def test_an_edited_identifier_is_detected(work: Workspace, data: st.DataObject) -> None:
    """A record's own id, or the id a citation names: the citations no longer meet."""
    if data.draw(st.booleans(), label="edit a citation's record_id"):
        row = data.draw(st.sampled_from(work.rows[CITATIONS_TABLE]))
        cited = work.pkg.tables[row.values["table"]]
        ids = {r.values[cited.primary_key[0]] for r in work.rows[cited.name]}
        new = data.draw(single_edit(row.values["record_id"], ID_ALPHABET))
        # Naming another existing record is the support check's to judge (its
        # citation-supports-nothing, in tests/test_support.py), not the citations check's.
        assume(new not in ids)
        table, column, code = (
            work.pkg.tables[CITATIONS_TABLE],
            "record_id",
            "citation-record-missing",
        )
    else:
        table, row = data.draw(st.sampled_from(_cited_keys(work)))
        column, code = table.primary_key[0], "record-uncited"
        ids = {r.values[column] for r in work.rows[table.name]}
        new = data.draw(single_edit(row.values[column], ID_ALPHABET))
        assume(new not in ids)  # a duplicate key is frictionless' to report (see the corpus)
    with work.edited(table.name, row.line, column, new) as pkg:
        problems = list(citations.check(pkg))
    assert found(problems, table.path, row.line, column, code), (row.values, new)


def _date_cells(work: Workspace) -> list[tuple[Table, CsvRow, str]]:
    return [
        (table, row, field.name)
        for table in work.pkg.tables.values()
        for field in table.fields
        if field.format == "edtf"
        for row in work.rows[table.name]
        if row.values[field.name]
    ]


@EXAMPLES
@given(data=st.data())
def test_an_edited_date_is_detected(work: Workspace, data: st.DataObject) -> None:
    """Either no EDTF date any more (row schema) or a date that no quote states (support)."""
    table, row, column = data.draw(st.sampled_from(_date_cells(work)))
    new = data.draw(single_edit(row.values[column], DATE_ALPHABET))
    codes = ("row-schema", "value-unsupported", "weekday-mismatch")
    with work.edited(table.name, row.line, column, new) as pkg:
        problems = list(support.check(only(pkg, table.name, CITATIONS_TABLE, SOURCES_TABLE)))
        if not found(problems, table.path, row.line, column, *codes):
            # only then the row schema: parsing EDTF costs more than the support rule
            problems += rows.check(only(pkg, table.name))
    assert found(problems, table.path, row.line, column, *codes), (row.values[column], new)


# --- valid rewrites are accepted after formatting -------------------------------------------------


def _spell(header: list[str], records: list[list[str]], rng: random.Random) -> bytes:
    """Valid CSV in a random style: any cell may be quoted, LF or CRLF, BOM or not."""

    def cell(text: str, alone: bool) -> str:
        needed = any(c in text for c in ',"\n\r') or (alone and not text)  # else a blank line
        return '"' + text.replace('"', '""') + '"' if needed or rng.random() < 0.5 else text

    end = rng.choice(["\n", "\r\n"])
    lines = [
        ",".join(cell(text, len(record) == 1) for text in record) for record in [header, *records]
    ]
    body = end.join(lines) + (end if rng.random() < 0.8 else "")
    return (b"\xef\xbb\xbf" if rng.random() < 0.2 else b"") + body.encode("utf-8")


@EXAMPLES
@given(
    name=st.sampled_from(["people", "sources", "events", "statements", "citations"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_valid_rewrites_format_back_to_the_committed_bytes(
    work: Workspace, name: str, seed: int
) -> None:
    """Rows in any order and cells quoted in any style: formatting restores the exact file."""
    rng = random.Random(seed)  # one draw, not one per cell: each draw costs Hypothesis time
    original = data_path(work.root, name).read_bytes()
    header = work.headers[name]
    records = [[row.values[column] for column in header] for row in work.rows[name]]
    rng.shuffle(records)
    table = work.pkg.tables[name]
    result = format_bytes(table, _spell(header, records, rng))
    assert result.canonical == original
    problems: list[Problem] = []
    parsed = csvfile.parse(table, result.canonical.decode("utf-8"), problems)
    assert parsed is not None and not problems


# --- generated tables survive a round trip --------------------------------------------------------

SPECIAL = st.sampled_from(['"', ",", "\n", "\r", " ", "\t", ";", "'", "“", "”", "\x00"])
NON_LATIN = st.sampled_from("ӮӯҒғҚқҲҳЧчЖжШш中文字ﷺعربی🙂éßøÅ")
CELL = st.text(st.one_of(SPECIAL, NON_LATIN, st.characters(codec="utf-8")), max_size=12)


def _generated_table(width: int) -> Table:
    fields = tuple(Field(f"c{i}", "string", {"name": f"c{i}"}) for i in range(width))
    descriptor = {"schema": {"primaryKey": ["c0"]}}
    return Table(name="generated", path="data/generated.csv", descriptor=descriptor, fields=fields)


@EXAMPLES
@given(data=st.data(), rng=st.randoms(use_true_random=False))
def test_generated_tables_round_trip(data: st.DataObject, rng: random.Random) -> None:
    """Quotes, commas, line breaks, NUL and non-Latin text: every cell comes back unchanged."""
    width = data.draw(st.integers(1, 4))
    records = data.draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=8))
    table = _generated_table(width)
    header = [field.name for field in table.fields]
    result = format_bytes(table, _spell(header, records, rng))
    assert result.canonical is not None, [str(p) for p in result.problems]
    back = _read(result.canonical)
    assert back[0] == header
    assert sorted(map(tuple, back[1:])) == sorted(map(tuple, records)), "a cell changed"
    keys = [record[0].encode("utf-8") for record in back[1:]]
    assert keys == sorted(keys), "rows are sorted by primary key in byte order"
    assert format_bytes(table, result.canonical).canonical == result.canonical, "idempotent"


def _read(data: bytes) -> list[list[str]]:
    """Read with the csv module alone, not with the code under test."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_suite_s_examples_are_pinned() -> None:
    """conftest.py's profile: every property test is derandomized and keeps no database."""
    pinned = settings.default
    assert pinned is not None
    assert pinned.derandomize
    assert pinned.database is None
