"""The loader: typed rows, line numbers, and problems instead of exceptions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import edit_descriptor, matching, resource, schema_field, validated

from security_diplomacy import casts, csvfile
from security_diplomacy.csvfile import CELL_LIMIT
from security_diplomacy.formatter import format_bytes
from security_diplomacy.model import Field
from security_diplomacy.package import load
from security_diplomacy.problems import Problem

FIELDS = [
    {"name": "id", "type": "string"},
    {"name": "n", "type": "integer"},
    {"name": "tags", "type": "list", "delimiter": ";", "itemType": "string"},
    {"name": "note", "type": "string"},
]


def _package(root: Path, csv_bytes: bytes) -> Path:
    descriptor = {
        "name": "t",
        "resources": [{"name": "things", "path": "data/things.csv", "schema": {"fields": FIELDS}}],
    }
    (root / "data").mkdir(parents=True)
    (root / "schemas").mkdir()
    (root / "schemas" / "vocabulary.json").write_text('{"vocabularies": {}}', encoding="utf-8")
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (root / "data" / "things.csv").write_bytes(csv_bytes)
    return root


def test_rows_are_typed_and_empty_cells_omitted(tmp_path: Path) -> None:
    pkg = load(_package(tmp_path, b"id,n,tags,note\na,1,x;y,\nb,two,,hi\n"))
    rows = pkg.tables["things"].rows
    assert dict(rows[0].values) == {"id": "a", "n": 1, "tags": ("x", "y")}
    assert dict(rows[1].values) == {"id": "b", "n": "two", "note": "hi"}
    assert rows[0].as_json()["tags"] == ["x", "y"]


def test_line_numbers_follow_multiline_cells(tmp_path: Path) -> None:
    pkg = load(_package(tmp_path, b'id,n,tags,note\na,1,,"two\nlines"\nb,2,,\n\nc,3,,\n'))
    table = pkg.tables["things"]
    assert [row.line for row in table.rows] == [2, 4, 6]
    assert list(table.record_lines) == [2, 4, 5, 6]
    assert table.line_of_record(4) == 5, "frictionless numbers the blank record too"


def test_loading_problems_never_raise(tmp_path: Path) -> None:
    root = _package(tmp_path, b"\xef\xbb\xbfid,n,tags,note\r\na,1,,\r\n")
    pkg = load(root)
    assert [(p.code, p.row) for p in pkg.problems] == [("csv-encoding", 1), ("csv-encoding", 1)]
    assert pkg.tables["things"].loaded, "BOM and CRLF are reported, the rows still load"


def test_an_encoding_problem_is_placed_on_its_line_counting_a_first_blank_one(
    tmp_path: Path,
) -> None:
    """The line of a NUL byte counts every newline before it, the file's first byte too."""
    pkg = load(_package(tmp_path, b"\nid,n,tags,note\na,1,,\nb\x00,2,,\n"))
    assert [p.row for p in pkg.problems if p.code == "csv-encoding"] == [4]


@pytest.mark.parametrize(("first", "word"), [(b"\x00", "NUL"), (b"\r", "carriage returns")])
def test_a_forbidden_byte_as_the_first_byte_is_reported(
    tmp_path: Path, first: bytes, word: str
) -> None:
    pkg = load(_package(tmp_path, first + b"id,n,tags,note\na,1,,\n"))
    found = [p for p in pkg.problems if p.code == "csv-encoding" and word in p.message]
    assert [p.row for p in found] == [1]


def test_header_mismatch_leaves_table_unloaded(tmp_path: Path) -> None:
    pkg = load(_package(tmp_path, b"id,count,tags,note\na,1,,\n"))
    assert [(p.code, p.column) for p in pkg.problems] == [("header-mismatch", "n")]
    assert not pkg.tables["things"].loaded


def test_missing_everything(tmp_path: Path) -> None:
    pkg = load(tmp_path)
    assert pkg.descriptor is None
    assert {p.code for p in pkg.problems} == {"descriptor-invalid"}


# Blank, short, long and multi-line records, and a cell over the size limit, on both sides of
# batch boundaries.
_AWKWARD = (
    b"id,n,tags,note\n"
    + b"".join(b"r%d,%d,x;y,\n" % (i, i) for i in range(7))
    + b'a,1,,"two\nlines"\n\nb,2\nc,3,,,extra\n'
    + b"d,4,,"
    + b"z" * (CELL_LIMIT + 1)
    + b"\n\n"
    + b"".join(b"s%d,%d,,k\n" % (i, i % 2) for i in range(7))
)


@pytest.mark.parametrize("batch", [1, 2, 3, 5, 8])
def test_batches_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    whole = load(_package(tmp_path / "whole", _AWKWARD))
    monkeypatch.setattr(csvfile, "_BATCH", batch)
    monkeypatch.setattr(casts, "SAMPLE", 4)  # so that repeated values are shared too
    batched = load(_package(tmp_path / "batched", _AWKWARD))
    assert batched.problems == whole.problems
    assert {p.code for p in whole.problems} == {
        "blank-row",
        "missing-cell",
        "extra-cell",
        "cell-too-large",
    }
    assert batched.tables["things"].rows == whole.tables["things"].rows
    assert list(batched.tables["things"].record_lines) == list(whole.tables["things"].record_lines)


def test_repeated_values_are_kept_once(tmp_path: Path) -> None:
    rows = b"".join(b"r%d,1,x,same\n" % i for i in range(casts.SAMPLE + 1))
    table = load(_package(tmp_path, b"id,n,tags,note\n" + rows)).tables["things"]
    notes, ids = table.column("note"), table.column("id")
    assert len({id(note) for note in notes}) == 1, "one string for a column of one value"
    assert len({id(i) for i in ids}) == len(ids), "identifiers are left alone"


def test_only_a_long_column_whose_sample_repeats_keeps_a_table_of_its_values() -> None:
    """What decides the sharing: identity alone cannot show it (a table of distinct values
    keeps each once as well), so the decision itself is asserted."""
    fields = (Field("id", "string", {}), Field("note", "string", {}))
    rows = [[f"r{i}", "same"] for i in range(casts.SAMPLE)]
    columns = casts.Columns(fields, frozenset({""}))
    columns.add(rows)
    assert columns.shared == [None, {"same": "same"}], "identifiers keep no table of values"
    short = casts.Columns(fields, frozenset({""}))
    short.add(rows[1:])
    assert short.shared == [None, None], "fewer rows than the sample: nothing worth sharing"
    assert casts._UNDECIDED == {}, "the marker of an undecided column is never filled"


@pytest.mark.parametrize(
    "missing",
    # "XXXX" is this dataset's unknown year: a table could plausibly declare it missing.
    [frozenset(), frozenset({""}), frozenset({"NA"}), frozenset({"XXXX"}), frozenset({"", "-"})],
)
def test_a_text_cell_is_empty_exactly_when_it_is_a_missing_value(missing: frozenset[str]) -> None:
    field = Field("note", "string", {"name": "note", "type": "string"})
    cells = ["", "NA", "XXXX", "-", "text"]
    typed = casts.convert_columns((field,), missing, [[cell] for cell in cells])["note"]
    assert typed == [None if cell in missing else cell for cell in cells]


def test_a_list_with_an_empty_delimiter_keeps_its_cell_whole() -> None:
    """An empty delimiter is a descriptor error; the cell stays one item, not split on spaces."""
    field = Field("tags", "list", {"name": "tags", "type": "list", "delimiter": ""})
    assert casts.convert_columns((field,), frozenset({""}), [["two words"]]) == {
        "tags": [("two words",)]
    }


@pytest.mark.parametrize("quoted", [False, True])
def test_a_cell_is_too_large_from_one_character_past_the_limit(
    tmp_path: Path, quoted: bool
) -> None:
    """The csv module's own limit finds long cells as it reads; its edge is the limit's."""
    mark = b'"' if quoted else b""
    at_limit, past = (mark + b"z" * size + mark for size in (CELL_LIMIT, CELL_LIMIT + 1))
    rows = b"a,1,," + at_limit + b"\nb,2,," + past + b"\nc,3," + at_limit + b"," + past + b"\n"
    root = _package(tmp_path, b"id,n,tags,note\n" + rows)
    pkg = load(root)
    expected = [("data/things.csv", 3, "note"), ("data/things.csv", 4, "note")]
    found = [(p.path, p.row, p.column) for p in pkg.problems if p.code == "cell-too-large"]
    assert found == expected, "a cell at the limit passes, also beside one past it"
    assert [row.values.get("id") for row in pkg.tables["things"].rows] == ["a", "b", "c"]
    # The formatter keeps such cells whole (the validator reports them): nothing is lost.
    result = format_bytes(pkg.tables["things"], (root / "data" / "things.csv").read_bytes())
    assert result.canonical is not None and not result.problems
    assert result.canonical.count(b"z" * CELL_LIMIT) == 4


def test_long_cells_in_several_batches_are_all_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records are read a batch at a time; a long cell of each batch is kept to report."""
    monkeypatch.setattr(csvfile, "_BATCH", 2)
    past = b"z" * (CELL_LIMIT + 1)
    rows = b"".join(
        b"%s,%d,,%s\n" % (b"abcde"[i : i + 1], i, past if i in (0, 3) else b"x") for i in range(5)
    )
    pkg = load(_package(tmp_path, b"id,n,tags,note\n" + rows))
    found = [p.row for p in pkg.problems if p.code == "cell-too-large"]
    assert found == [2, 5], "one in the first batch, one in the second"


def test_broken_syntax_after_a_long_cell_is_still_reported(tmp_path: Path) -> None:
    rows = b"a,1,," + b"z" * (CELL_LIMIT + 1) + b'\nb,2,,"never closed\n'
    pkg = load(_package(tmp_path, b"id,n,tags,note\n" + rows))
    assert [(p.code, p.row) for p in pkg.problems] == [("csv-syntax", 3)]


def test_references_hold_the_string_of_the_key_they_name(pkg_dir: Path) -> None:
    """A citation's record id and a foreign key share their key's string; a dangling one stays."""
    citations = pkg_dir / "data" / "citations.csv"
    header, first, rest = citations.read_text(encoding="utf-8").split("\n", 2)
    edited = first.split(",")
    edited[2] = "no-such-event"  # record_id
    citations.write_text("\n".join([header, ",".join(edited), rest]), encoding="utf-8")
    pkg = load(pkg_dir)
    keys = {}
    for table in pkg.tables.values():
        if table.cited and len(table.primary_key) == 1:
            keys.update({id(value): value for value in table.column(table.primary_key[0])})
    cited = pkg.tables["citations"].column("record_id")
    assert "no-such-event" in cited
    assert [v for v in cited if id(v) not in keys] == ["no-such-event"]
    for table in pkg.tables.values():
        for key in table.foreign_keys:
            targets = pkg.tables[key.resource].column(key.target_field)
            shared = {id(value) for value in targets}
            cells = [v for v in table.column(key.field) if v is not None]
            assert all(id(v) in shared for v in cells), f"{table.name}.{key.field}"


def test_a_key_is_shared_with_its_references_though_its_table_is_not_cited(
    pkg_dir: Path,
) -> None:
    """A foreign key's target is shared for being a target, not only for being cited."""
    edit_descriptor(pkg_dir, lambda d: resource(d, "sources").update({"x-cited": False}))
    pkg = load(pkg_dir)
    assert not pkg.tables["sources"].cited
    shared = {id(value) for value in pkg.tables["sources"].column("source_id")}
    cells = pkg.tables["citations"].column("source_id")
    assert cells and all(id(value) in shared for value in cells)


def test_a_source_that_cannot_be_read_says_so(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Existing, but unreadable (no permission; root reads all, so it is simulated)."""
    pkg = load(pkg_dir)
    source = next(iter(pkg.sources.values()))
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == Path(source.path).name:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    (problem,) = matching(validated(pkg_dir), "source-missing", "data/sources.csv", source.row)
    assert problem.message == (
        f"{source.path} cannot be read (Permission denied); make it readable or restore it"
    )


def test_a_duplicated_source_id_is_judged_on_its_first_row_only(pkg_dir: Path) -> None:
    """The key check reports the duplicate; the document is the one its first row names."""
    sources = pkg_dir / "data" / "sources.csv"
    header, first, rest = sources.read_text(encoding="utf-8").split("\n", 2)
    source_id, path, tail = first.split(",", 2)
    twin = ",".join([source_id, "sources/elsewhere.txt", tail])
    sources.write_text("\n".join([header, first, twin, rest]), encoding="utf-8")
    pkg = load(pkg_dir)
    assert (pkg.sources[source_id].path, pkg.sources[source_id].row) == (path, 2)
    problems = validated(pkg_dir)
    assert matching(problems, "primary-key", "data/sources.csv", 3)
    assert not matching(problems, "source-path-mismatch", "data/sources.csv")


@pytest.mark.parametrize(
    ("schema", "missing"),
    [
        (None, {""}),  # no schema at all
        (5, {""}),  # a schema of another shape: the descriptor check reports it
        ({}, {""}),  # the standard's default
        ({"missingValues": "NA"}, {""}),  # not a list: read as the default, not as "N", "A"
        ({"missingValues": ["", "NA", 0]}, {"", "NA", "0"}),
        ({"missingValues": []}, set()),
    ],
)
def test_missing_values_read_from_the_schema(schema: object, missing: set[str]) -> None:
    resource = {} if schema is None else {"schema": schema}
    assert csvfile.missing_values(resource) == missing


def test_shape_problems_name_only_the_records_of_another_width() -> None:
    names = ("a", "b")
    records = (
        csvfile.Record(2, ("1", "2")),
        csvfile.Record(3, ("1",)),
        csvfile.Record(4, ("1", "2")),
        csvfile.Record(5, ()),
        csvfile.Record(6, ("1", "2", "3")),
    )
    found = [(p.code, p.row, p.column) for p in csvfile.shape_problems("t.csv", names, records)]
    assert found == [("missing-cell", 3, "b"), ("blank-row", 5, None), ("extra-cell", 6, None)]


@pytest.mark.parametrize("data", ["a\r\nb\rc\n", b"\xef\xbb\xbfa\r\nb\rc\n"], ids=["text", "bytes"])
def test_lines_keep_every_line_end_as_written(data: str | bytes) -> None:
    """The csv module sees the file's own line ends (a BOM dropped): a CR inside a quoted cell
    stays in the cell, and a CRLF is left for the line-end check to report, never translated."""
    assert list(csvfile._lines(data)) == ["a\r\n", "b\r", "c\n"]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("a,b\n1,2\n3,4\n", [1, 2, 3]),  # one line a record: answered from the line count
        ("a,b\n1,2\n3,4", [1, 2, 3]),  # no newline at the end
        ('a,b\n"x\ny",1\nq,2', [1, 2, 4]),  # as many newlines as records, one inside a cell
        ('a,b\n"x\ny\nz",1\nq,2', [1, 2, 5]),
        ('a,b\n"x\ny",1\nq,2\n', [1, 2, 4]),
    ],
)
def test_record_starts_count_the_lines_inside_cells(text: str, starts: list[int]) -> None:
    options = csvfile.dialect({})
    count = len(list(csv.reader(io.StringIO(text, newline=""), **options)))
    for data in (text, text.encode("utf-8")):
        assert list(csvfile._record_starts(data, count, options)) == starts


def test_an_empty_file_has_no_matching_header_and_no_header_problem() -> None:
    """The loader reports an empty file once, as having no rows (_has_rows), not twice."""
    problems: list[Problem] = []
    assert csvfile.header_matches("data/t.csv", None, ("a", "b"), problems) is False
    assert problems == []


def test_a_field_without_a_type_is_a_string(pkg_dir: Path) -> None:
    """Table Schema's default type: the field loads and checks as the string it was."""

    def drop_type(descriptor: dict[str, Any]) -> None:
        del schema_field(descriptor, "people", "name")["type"]

    edit_descriptor(pkg_dir, drop_type)
    people = load(pkg_dir).tables["people"]
    assert next(f for f in people.fields if f.name == "name").type == "string"
    assert people.loaded and "Emomali Rahmon" in people.column("name")
    schema_problems = [p for p in validated(pkg_dir) if "type" in p.message and "name" in p.message]
    assert not schema_problems, schema_problems
