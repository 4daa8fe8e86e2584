"""The hostile-package corpus: each broken copy is rejected with its code at its file and row.

The validator runs through the command line in this process, so an exception anywhere (loader,
checks, report) fails the test with its traceback instead of hiding in a subprocess; the JSON
report must parse, so nothing else was printed; and no check may have crashed. The formatter
runs over every case too: it may refuse a file, but never crash or write a broken one.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from corpus import CASES, Case
from helpers import (
    REPO,
    assert_accepted,
    assert_problem,
    data_path,
    drop_rows,
    first_row,
    has_words,
    read_csv,
    set_cell,
    source_lines,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_regressions.data_regression import DataRegressionFixture

from security_diplomacy.checks.formulas import FORMULA_STARTS
from security_diplomacy.checks.properties import PROJECT_EXTENSIONS
from security_diplomacy.cli import main
from security_diplomacy.evidence.conflicts import Conflict, Reading
from security_diplomacy.locate import Match
from security_diplomacy.model import Package
from security_diplomacy.package import load
from security_diplomacy.problems import problem
from security_diplomacy.report import (
    as_github,
    as_text,
    conflicts_text,
    coverage_text,
    matches_text,
)

CITATIONS = "data/citations.csv"
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_CLIPPED_UNDER_TMP = re.compile(r"'<tmp>[^'…]*…")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_is_rejected_at_its_place(
    case: Case,
    pkg_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data_regression: DataRegressionFixture,
) -> None:
    """The expected problem is among those reported, and the whole report, every problem's
    place and message, is the reviewed one in ``tests/test_corpus/<case>.yml``: what a curator
    reads for this mistake changes only deliberately (review the diff, then ``--force-regen``).
    """
    row = case.expected_row(case.edit(pkg_dir, tmp_path / "outside"))
    status = main(["validate", str(pkg_dir), "--format", "json"])
    captured = capsys.readouterr()
    problems = json.loads(captured.out)["problems"]
    listing = "\n".join(f"{p['path']}:{p['row']}:{p['column']}: [{p['code']}]" for p in problems)
    assert status == 1, listing
    assert "Traceback" not in captured.err
    assert not [p for p in problems if p["code"] == "check-crashed"], listing
    wordless = [p["code"] for p in problems if not has_words(p["message"])]
    assert not wordless, f"problems without a message: {wordless}"
    found = [
        p
        for p in problems
        if (p["code"], p["path"], p["row"]) == (case.code, case.path, row)
        and (case.column is None or p["column"] == case.column)
    ]
    assert found, f"expected [{case.code}] at {case.path}:{row}:{case.column}; got:\n{listing}"
    # A list is a YAML document too; pytest-regressions' annotation asks for a mapping.
    data_regression.check(_reviewed(problems, tmp_path), basename=case.name)  # type: ignore[arg-type]


def _reviewed(problems: list[dict[str, Any]], scratch: Path) -> list[dict[str, Any]]:
    """The report as its baseline keeps it, without what depends on where the test runs: the
    scratch directory, written ``<tmp>``, a value under it that a message clips (where the cut
    falls depends on the directory's length), and file hashes, which change with that length
    when a case writes an absolute path into a file."""
    place = str(scratch)
    cut_short = [f"'{place[:k]}…" for k in range(len(place) - 1, 1, -1)]  # longest first

    def steady(message: str) -> str:
        message = next((message.replace(c, "'<tmp>…") for c in cut_short if c in message), message)
        message = _CLIPPED_UNDER_TMP.sub("'<tmp>…", message.replace(place, "<tmp>"))
        return _HASH.sub("sha256:<hash>", message)

    keys = ("path", "row", "column", "code")
    return [{**{k: p[k] for k in keys}, "message": steady(p["message"])} for p in problems]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_formatter_survives_the_case(case: Case, pkg_dir: Path, tmp_path: Path) -> None:
    """The formatter refuses or rewrites a broken copy, never raises, and never loses a cell."""
    case.edit(pkg_dir, tmp_path / "outside")
    before = _snapshot(pkg_dir)
    assert main(["format", "--check", str(pkg_dir)]) in (0, 1)
    assert _snapshot(pkg_dir) == before, "--check must not write"
    assert main(["format", str(pkg_dir)]) in (0, 1)
    after = _snapshot(pkg_dir)
    assert after.keys() == before.keys()
    for name, data in after.items():
        if data != before[name]:
            assert _records(data) == _records(before[name]), f"{name} lost or changed cells"


def _snapshot(root: Path) -> dict[str, bytes]:
    data = root / "data"
    if not data.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(data.iterdir()) if p.is_file()}


def _records(data: bytes) -> list[tuple[tuple[str, str], ...]]:
    """The file's records as sorted (column, cell) pairs, read by the csv module alone."""
    limit = csv.field_size_limit(2**31 - 1)  # the corpus has a cell beyond the default
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = next(reader)
        return sorted(tuple(sorted(zip(header, row, strict=True))) for row in reader if row)
    finally:
        csv.field_size_limit(limit)


# Problems about one cell's value: never the consequence of a descriptor mistake in another
# table's resource, whose records' names or vocabulary's cues are then unknown, not absent.
VALUE_LEVEL = frozenset({"value-unsupported", "weekday-mismatch", "citation-supports-nothing"})


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.path == "datapackage.json"], ids=lambda case: case.name
)
def test_a_descriptor_mistake_reports_no_value_of_a_table_it_left_alone(
    case: Case, pkg_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One mistake, one report: the values of a table whose resource the edit did not change
    are judged as before (none fails), or not at all while they cannot be."""
    descriptor = pkg_dir / "datapackage.json"
    before = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
    case.edit(pkg_dir, tmp_path / "outside")
    main(["validate", str(pkg_dir), "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    try:
        after = json.loads(descriptor.read_text(encoding="utf-8")).get("resources")
    except (OSError, ValueError, AttributeError, RecursionError):
        after = None  # gone, not JSON, or no object: nothing is judged (the report shows it)
    edited = {r["path"] for r in before if not isinstance(after, list) or r not in after}
    stray = [p for p in problems if p["code"] in VALUE_LEVEL and p["path"] not in edited]
    assert not stray, "\n".join(
        f"{p['path']}:{p['row']}:{p['column']}: {p['message']}" for p in stray
    )


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


def test_every_extension_the_code_reads_is_known() -> None:
    """An ``x-`` key read in the source but missing from the list would be reported as unknown."""
    source = "".join(p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))
    assert set(re.findall(r'"(x-[a-z-]+)"', source)) <= PROJECT_EXTENSIONS


# --- the same findings for CI: GitHub Actions annotations -----------------------------------------


def test_github_annotations_point_at_file_and_line(
    pkg_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = next(c for c in CASES if c.code == "citation-record-missing")
    line = case.expected_row(case.edit(pkg_dir, pkg_dir.parent / "outside"))
    monkeypatch.chdir(pkg_dir)  # a workflow runs from the repository root
    assert main(["validate", ".", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    head = f"::error file={case.path},line={line},title={case.code}::record_id: "
    assert any(out.startswith(head) and out.endswith(f"[{case.code}]") for out in lines), lines
    assert all(out.startswith("::error ") for out in lines[:-1])
    assert "INVALID" in lines[-1]


def test_github_annotations_escape_what_would_end_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    odd = problem("csv-syntax", "data/a,b:c.csv", "50% done\nsecond line", row=3, column="x")
    crash = problem("check-crashed", ".", "boom")
    lines = as_github(load("."), [odd, crash]).splitlines()
    assert lines[:2] == [
        "::error title=check-crashed::boom [check-crashed]",  # no file: `.` is no file
        "::error file=data/a%2Cb%3Ac.csv,line=3,title=csv-syntax::x: 50%25 done%0Asecond line "
        "[csv-syntax]",
    ]


def test_reports_show_control_characters_as_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A NUL or line break read from a broken file stays visible, and one problem one line."""
    monkeypatch.chdir(tmp_path)
    odd = problem("source-missing", "data/a\x00.csv", "sources/a\x00.txt\nmissing", row=2)
    text = as_text(load("."), [odd]).splitlines()
    assert text[0] == "data/a\\x00.csv:2: sources/a\\x00.txt\\nmissing [source-missing]"
    github = as_github(load("."), [odd]).splitlines()[0]
    assert github.endswith("::sources/a\\x00.txt%0Amissing [source-missing]"), github
    assert "file=data/a\\x00.csv," in github


@settings(max_examples=500, deadline=None)
@given(path=st.text(min_size=1), message=st.text())
def test_every_problem_is_one_printable_line(path: str, message: str) -> None:
    pkg = _empty_package()
    lines = as_text(pkg, [problem("csv-syntax", path, message, row=1)]).split("\n")
    assert len(lines) == 2 and all(line.isprintable() for line in lines)
    annotation = as_github(pkg, [problem("csv-syntax", path, message, row=1)]).split("\n")
    assert len(annotation) == 2 and all(line.isprintable() for line in annotation)


@settings(max_examples=500, deadline=None)
@given(path=st.text(min_size=1), text=st.text(), kind=st.sampled_from(["exact", "closest"]))
def test_every_other_text_report_is_printable_lines(path: str, text: str, kind: str) -> None:
    """Coverage, conflicts and locate print source lines and cells: one printable line each."""
    uncited = {"line": 3, "text": text, "skipped": None}
    covered = {
        "columns": {},
        "sources": {path: {"cited": 0, "content_lines": 1, "uncited": [uncited]}},
    }
    readings = (Reading(text, text, (path,)), Reading("name", "other", (path, text)))
    head = 1 if kind == "closest" else 0  # the closest lines follow a line that says so
    texts = {
        "coverage": (coverage_text(covered), 4),
        "conflicts": (conflicts_text([Conflict(text, text, text, readings)]), 4),
        "locate": (
            matches_text(path, text, [Match(1, kind, text), Match(2, kind, text)]),
            2 + head,
        ),
        "locate, nothing": (matches_text(path, text, []), 1),
    }
    for name, (report, count) in texts.items():
        lines = report.split("\n")
        assert len(lines) == count and all(line.isprintable() for line in lines), (name, lines)


@functools.cache
def _empty_package() -> Package:
    """A package of nothing, loaded once: the reports need one for their summary line."""
    return load(tempfile.mkdtemp())


def test_the_text_report_of_a_nul_in_a_path_is_printable(
    pkg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c.name == "source-path-nul")
    case.edit(pkg_dir, pkg_dir.parent / "outside")
    assert main(["validate", str(pkg_dir)]) == 1
    out = capsys.readouterr().out
    assert "\x00" not in out and "sources/a\\x00.txt does not exist" in out


def test_json_flag_is_an_alias(pristine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pristine), "--json"]) == 0
    alias = capsys.readouterr().out
    assert main(["validate", str(pristine), "--format", "json"]) == 0
    assert capsys.readouterr().out == alias
    assert json.loads(alias)["valid"] is True


# --- what the formula rule accepts ----------------------------------------------------------------


def test_quote_that_begins_with_a_formula_sign_in_the_source_is_accepted(pkg_dir: Path) -> None:
    """A quote may start at a hyphen of its line: the source text itself begins so."""
    row = first_row(pkg_dir, "citations", lambda r: "-" in _line_of(pkg_dir, r)[1:])
    text = _line_of(pkg_dir, row.values)
    start = text.index("-", 1)
    line = set_cell(pkg_dir, "citations", row.line, "quote", text[start : start + 30])
    assert_accepted(pkg_dir, CITATIONS, line, ["formula-like-cell", "quote-not-on-line"])


@pytest.mark.parametrize("where", ["first", "last"])
def test_formula_sign_quote_on_the_first_or_last_line_is_accepted(
    pkg_dir: Path, where: str
) -> None:
    """The ends of a document are lines too: a quote there that begins so is the source's."""
    for source in read_csv(pkg_dir, "sources")[1]:
        source_id = source.values["source_id"]
        lines = source_lines(pkg_dir, source_id)
        number = 1 if where == "first" else len(lines)
        text = lines[number - 1]
        start = next((i for i, c in enumerate(text) if i and c in FORMULA_STARTS), None)
        if start is not None:
            break
    else:
        pytest.fail(f"no source's {where} line has a formula sign to quote from")
    row = first_row(pkg_dir, "citations")
    for column, value in (("source_id", source_id), ("line", str(number))):
        set_cell(pkg_dir, "citations", row.line, column, value)
    line = set_cell(pkg_dir, "citations", row.line, "quote", text[start : start + 30])
    assert_accepted(pkg_dir, CITATIONS, line, ["formula-like-cell", "quote-not-on-line"])


def test_list_cell_is_judged_by_its_first_item_and_text_by_all_of_it(pkg_dir: Path) -> None:
    """A spreadsheet export puts a list's first item first: a quote that holds it is enough.

    A text cell is not a list, though its descriptor has a delimiter too (`,` by default): all
    of it must be in a quote.
    """
    citation = first_row(
        pkg_dir, "citations", lambda r: r["table"] == "events" and "-" in r["quote"][1:]
    ).values
    quote = citation["quote"]
    span = quote[quote.index("-", 1) :][:12].rstrip()
    word = span.split()[0]
    event = first_row(pkg_dir, "events", lambda r: r["event_id"] == citation["record_id"])
    events = "data/events.csv"
    line = set_cell(pkg_dir, "events", event.line, "aliases", f"{span};Another name")
    assert_accepted(pkg_dir, events, line, ["formula-like-cell"])
    line = set_cell(pkg_dir, "events", line, "aliases", f"{word} invented;Another name")
    assert_problem(pkg_dir, "formula-like-cell", events, line, "aliases")
    line = set_cell(pkg_dir, "events", line, "aliases", "")
    line = set_cell(pkg_dir, "events", line, "name", f"{span}, invented")
    assert_problem(pkg_dir, "formula-like-cell", events, line, "name")


def test_formula_in_a_record_without_citations(pkg_dir: Path) -> None:
    person = first_row(pkg_dir, "people").values
    drop_rows(
        pkg_dir,
        "citations",
        lambda r: r["table"] == "people" and r["record_id"] == person["person_id"],
    )
    name = "=" + "x" * 59  # 60 characters: shown whole
    line = set_cell(pkg_dir, "people", first_row(pkg_dir, "people").line, "name", name)
    (found,) = assert_problem(pkg_dir, "formula-like-cell", "data/people.csv", line, "name")
    assert found.message == (
        f"value {name!r} starts with '=', so a spreadsheet would run it as a formula, and no "
        "source text that it copies starts so; remove the leading '=', or cite the source text "
        "that begins with it"
    )


def test_formula_quote_of_a_missing_source(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    set_cell(pkg_dir, "citations", row.line, "source_id", "no-such-source")
    quote = "@" + "y" * 79
    line = set_cell(pkg_dir, "citations", row.line, "quote", quote)
    (found,) = assert_problem(pkg_dir, "formula-like-cell", CITATIONS, line, "quote")
    # The message quotes the value's repr cut to 80 characters, the cut marked with an ellipsis.
    assert found.message.startswith(f"value {repr(quote)[:79]}… starts with '@', so ")


def test_formula_quote_beyond_the_end_of_its_source(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    count = len(source_lines(pkg_dir, row.values["source_id"]))
    set_cell(pkg_dir, "citations", row.line, "line", str(count + 1))
    line = set_cell(pkg_dir, "citations", row.line, "quote", "=" + row.values["quote"])
    assert_problem(pkg_dir, "formula-like-cell", CITATIONS, line, "quote")


def test_table_that_cannot_be_loaded_leaves_the_formula_scan_of_the_next(pkg_dir: Path) -> None:
    data_path(pkg_dir, "memberships").unlink()  # memberships comes before people
    row = first_row(pkg_dir, "people")
    line = set_cell(pkg_dir, "people", row.line, "name", "=" + row.values["name"])
    assert_problem(pkg_dir, "formula-like-cell", "data/people.csv", line, "name")


def _line_of(root: Path, row: dict[str, str]) -> str:
    return source_lines(root, row["source_id"])[int(row["line"]) - 1]


def test_value_copied_from_a_quote_that_begins_so_is_accepted(pkg_dir: Path) -> None:
    """A statement's text may start with a hyphen when its quote holds that very span."""
    citation = first_row(
        pkg_dir, "citations", lambda r: r["table"] == "statements" and "-" in r["quote"][1:]
    ).values
    quote = citation["quote"]
    span = quote[quote.index("-", 1) :][:40]
    record_id = citation["record_id"]
    statement = first_row(pkg_dir, "statements", lambda r: r["statement_id"] == record_id)
    line = set_cell(pkg_dir, "statements", statement.line, "text", span)
    codes = ["formula-like-cell", "value-unsupported"]
    assert_accepted(pkg_dir, "data/statements.csv", line, codes)
    assert span.startswith("-")
