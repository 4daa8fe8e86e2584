"""Arrow reads a large file only where the file proves that the csv module reads it alike.

The csv module is the definition (:mod:`security_diplomacy.csvfile`). These tests hold
:mod:`security_diplomacy.nativecsv` to it: a canonical file is always proven and split into the
csv module's cells; any other text is either refused (and left to the csv module) or split
into the very same cells; and every corpus case loads alike with and without Arrow.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CASES, Case
from hypothesis import given, settings
from hypothesis import strategies as st

from security_diplomacy import casts, csvfile, datafile, formatter, nativecsv
from security_diplomacy.formatter import format_package, render
from security_diplomacy.model import Package, Table
from security_diplomacy.package import load

TABLE = Table(name="t", path="data/t.csv", descriptor={}, fields=())
# The same proof holds for any one-byte delimiter and quote that a resource's dialect names.
SEMICOLONS = Table(
    name="t",
    path="data/t.csv",
    descriptor={"dialect": {"delimiter": ";", "quoteChar": "'"}},
    fields=(),
)
DIALECTS = pytest.mark.parametrize("table", [TABLE, SEMICOLONS], ids=["default", "semicolons"])
# Dialects no curator would choose, where delimiter, quote and line end collide: still sound.
ODD_DIALECTS = [
    Table(name="t", path="data/t.csv", descriptor={"dialect": dialect}, fields=())
    for dialect in (
        {"delimiter": '"'},
        {"delimiter": "\r"},
        {"delimiter": "\n"},
        {"quoteChar": "\n"},
    )
]
# The characters that matter to a CSV reader, and a few that must not: a BOM, non-Latin text.
CHARACTERS = st.sampled_from(["a", "é", "Ж", " ", ",", '"', "\n", "\r", "\ufeff", ";", "'", "\x00"])
CELLS = st.text(CHARACTERS, max_size=5)


@pytest.fixture(autouse=True)
def _any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nativecsv, "MIN_BYTES", 0)


def _tables(width: int) -> st.SearchStrategy[list[list[str]]]:
    return st.lists(st.lists(CELLS, min_size=width, max_size=width), min_size=1, max_size=8)


def _by_csv_module(text: str, table: Table = TABLE) -> list[list[str]] | None:
    """The records as the loader's csv reader returns them; None on a syntax error."""
    grid = csvfile.split_records(table, text, [])
    return None if grid is None else [list(grid.header or ()), *grid.body]


def _by_arrow(
    data: bytes, block: int = nativecsv._BLOCK, table: Table = TABLE
) -> list[list[str]] | None:
    """The records as the batches of :func:`nativecsv.split` give them; None if not proven."""
    options = csvfile.dialect(table.descriptor)
    records: list[list[str]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nativecsv, "_BLOCK", block)
        try:
            for split in nativecsv.split(data, options, csvfile.CELL_LIMIT, sample=2):
                records = records or [list(split.header)]
                records += map(list, zip(*map(_cells, split.columns), strict=True))
                assert len(records) == 1 + sum(1 for _ in records[1:])
        except nativecsv.NotProven:
            return None
    return records


def _cells(column: nativecsv.Column) -> list[str]:
    return column.expand(column.values) if isinstance(column, nativecsv.Coded) else column


@DIALECTS
@settings(max_examples=500, deadline=None)
@given(records=st.integers(1, 4).flatmap(_tables))
def test_a_canonical_file_is_proven_and_read_as_the_csv_module_reads_it(
    table: Table, records: list[list[str]]
) -> None:
    text = render(table, tuple(records[0]), [tuple(r) for r in records[1:]])
    data = text.encode()
    if data.startswith(datafile.BOM):
        # Arrow skips the mark, so its cells cannot render as the file: the csv path reports it.
        assert _by_arrow(data, table=table) is None
        return
    assert _by_arrow(data, table=table) == _by_csv_module(text, table) == records
    # In batches of a few records. Arrow may then split a quoted CR LF at a block's end: the
    # proof must catch it.
    assert _by_arrow(data, block=64, table=table) in (None, records)


@pytest.mark.parametrize("table", [TABLE, SEMICOLONS, *ODD_DIALECTS])
@settings(max_examples=500, deadline=None)
@given(text=st.text(CHARACTERS, max_size=40))
def test_any_other_text_is_refused_or_read_as_the_csv_module_reads_it(
    table: Table, text: str
) -> None:
    for block in (nativecsv._BLOCK, 16):
        by_arrow = _by_arrow(text.encode(), block, table)
        if by_arrow is not None:
            assert by_arrow == _by_csv_module(text, table)


def test_a_file_is_proven_batch_by_batch() -> None:
    records = [["id", "note"], *([f"r{i}", 'a "quoted", word\nand a line'] for i in range(40))]
    text = render(TABLE, tuple(records[0]), [tuple(r) for r in records[1:]])
    assert _by_arrow(text.encode(), block=64) == _by_csv_module(text) == records
    broken = text.replace("r39,", '"r39"x,')  # text after a closing quote, in the last batch
    assert _by_arrow(broken.encode(), block=64) is None


def test_an_arrow_failure_on_a_batch_leaves_the_file_to_the_csv_module(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    def failing(*_: object) -> None:
        raise pa.ArrowInvalid("a kernel failed")

    monkeypatch.setattr(nativecsv, "_canonical", failing)
    assert _by_arrow(b"id,n\na,1\n") is None
    _same(*_loaded_both_ways(pkg_dir, monkeypatch))


def test_batches_that_do_not_cover_the_file_prove_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Were Arrow to stop early without an error, the records it left out would be lost."""
    batches = nativecsv._batches
    monkeypatch.setattr(nativecsv, "_batches", lambda *args: list(batches(*args))[:-1])
    records = [["id", "n"], *([f"r{i}", "1"] for i in range(40))]
    text = render(TABLE, tuple(records[0]), [tuple(r) for r in records[1:]])
    assert _by_arrow(text.encode(), block=64) is None


def test_a_file_below_the_size_is_left_to_the_csv_module(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"id,n\na,1\n"
    assert _by_arrow(data) == [["id", "n"], ["a", "1"]]
    monkeypatch.setattr(nativecsv, "MIN_BYTES", len(data) + 1)
    monkeypatch.setattr(nativecsv, "MIN_BYTES_IMPORTED", len(data))
    monkeypatch.setattr(nativecsv, "_arrow_loaded", lambda: False)
    assert _by_arrow(data) is None, "not worth importing pyarrow for"
    monkeypatch.setattr(nativecsv, "_arrow_loaded", lambda: True)
    assert _by_arrow(data) == [["id", "n"], ["a", "1"]], "pyarrow is there: worth it"
    monkeypatch.setattr(nativecsv, "MIN_BYTES_IMPORTED", len(data) + 1)
    assert _by_arrow(data) is None


def _csv_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nativecsv, "MIN_BYTES", 1 << 62)
    monkeypatch.setattr(nativecsv, "MIN_BYTES_IMPORTED", 1 << 62)


@pytest.mark.parametrize(
    "data",
    [
        b'id,n\n"a",1\n',  # a quote that is not needed
        b"id,n\n\na,1\n",  # a blank line, which Arrow reads as empty cells
        b'id,n\n"a"b,1\n',  # text after a closing quote, which Arrow keeps
        b"id,n\na,1",  # no line end after the last record
        b"id,n\na,1\n\n",  # a blank line at the end, which Arrow drops
        b"id,n\r\na,1\r\n",  # CRLF
        b"id,n\na\n",  # a short record
        b"id,n\na,1,2\n",  # a long record
        b'"i\nd",1\na,2\n',  # a header cell with a line break: Arrow reads the numbers as such
    ],
)
def test_a_file_that_is_not_canonical_is_refused(data: bytes) -> None:
    assert _by_arrow(data) is None


def test_a_dialect_without_doubled_quotes_is_left_to_the_csv_module() -> None:
    table = Table(name="t", path="t.csv", descriptor={"dialect": {"doubleQuote": False}}, fields=())
    assert _by_arrow(b"id,n\na,1\n", table=table) is None


def test_a_cell_over_the_limit_is_refused() -> None:
    data = b"id,n\n" + b"x" * (csvfile.CELL_LIMIT + 1) + b",1\n"
    assert _by_arrow(data) is None, "the csv path says which cell is too long"
    wide = "é" * (csvfile.CELL_LIMIT + 1)
    assert _by_arrow(f"id,n\n{wide},1\n".encode()) is None, "characters are counted, not bytes"


def test_the_limit_counts_characters_not_bytes() -> None:
    wide = "é" * csvfile.CELL_LIMIT  # twice as many bytes, as many characters as allowed
    assert _by_arrow(f"id,n\n{wide},1\n".encode()) == [["id", "n"], [wide, "1"]]


def _same(native: Package, by_csv: Package) -> None:
    assert native.problems == by_csv.problems
    for name, table in by_csv.tables.items():
        other = native.tables[name]
        assert other.loaded == table.loaded, name
        assert dict(other.columns) == dict(table.columns), name
        assert list(other.lines) == list(table.lines), name
        assert list(other.record_lines) == list(table.record_lines), name


def _loaded_both_ways(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Package, Package]:
    monkeypatch.setattr(casts, "SAMPLE", 4)  # so that repeating columns are coded
    native = load(root)
    _csv_only(monkeypatch)
    return native, load(root)


def test_the_real_package_loads_alike(pkg_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    native, by_csv = _loaded_both_ways(pkg_dir, monkeypatch)
    _same(native, by_csv)
    assert all(table.loaded for table in native.tables.values())


def test_the_real_package_loads_alike_in_many_batches(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table in batches of 16 KB: the records, columns and lines of all add up."""
    monkeypatch.setattr(nativecsv, "_BLOCK", 1 << 14)
    native, by_csv = _loaded_both_ways(pkg_dir, monkeypatch)
    _same(native, by_csv)
    citations = pkg_dir / native.tables["citations"].path
    assert citations.stat().st_size > 3 * (1 << 14), "the table is split into several batches"
    assert native.tables["citations"].canonical_text, "and Arrow has split it"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_corpus_case_loads_alike(
    case: Case, pkg_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case.edit(pkg_dir, tmp_path / "outside")
    _same(*_loaded_both_ways(pkg_dir, monkeypatch))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_corpus_case_formats_alike(
    case: Case, pkg_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formatter's shortcut for a proven file finds what rendering it would."""
    case.edit(pkg_dir, tmp_path / "outside")
    monkeypatch.setattr(casts, "SAMPLE", 4)
    native = format_package(pkg_dir, write=False)
    _csv_only(monkeypatch)
    assert native == format_package(pkg_dir, write=False)


def test_a_proven_sorted_file_is_not_rendered_again(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    format_bytes = formatter.format_bytes

    def spied(table: Table, raw: bytes) -> formatter.Result:
        rendered.append(table.name)
        return format_bytes(table, raw)

    monkeypatch.setattr(formatter, "format_bytes", spied)
    _csv_only(monkeypatch)  # read by the csv module: rendered
    _, results = format_package(pkg_dir, write=False)
    assert not any(r.changed or r.refused for r in results)
    assert len(rendered) == len(results) > 1
    rendered.clear()
    monkeypatch.setattr(nativecsv, "MIN_BYTES", 0)  # split by Arrow, proven: not rendered
    _, results = format_package(pkg_dir, write=False)
    assert rendered == [] and not any(r.changed or r.refused for r in results)


def test_a_proven_file_out_of_order_is_still_sorted(pkg_dir: Path) -> None:
    path = pkg_dir / "data" / "events.csv"
    header, first, second, *rest = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join([header, second, first, *rest]))
    _, results = format_package(pkg_dir, write=False)
    (events,) = [r for r in results if r.path == "data/events.csv"]
    assert events.changed and events.reasons == ("rows not sorted by primary key",)


def test_a_file_changed_since_it_was_loaded_is_rendered(pkg_dir: Path) -> None:
    table = load(pkg_dir).tables["events"]
    assert table.canonical_text and formatter._already_canonical(table, _raw(pkg_dir, table))
    changed = _raw(pkg_dir, table).replace(b"\n", b"\r\n", 1)
    assert not formatter._already_canonical(table, changed)


def _raw(root: Path, table: Table) -> bytes:
    return (root / table.path).read_bytes()
