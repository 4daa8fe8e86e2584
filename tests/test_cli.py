"""The command line: exit codes, output formats, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, drop_rows, edit_descriptor, first_row, resource, set_cell

from security_diplomacy import cli
from security_diplomacy.checks import run_checks
from security_diplomacy.cli import main
from security_diplomacy.package import load


def test_valid_package_exits_0(pristine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pristine)]) == 0, capsys.readouterr().out
    assert "valid" in capsys.readouterr().out


def test_invalid_package_exits_1(pkg_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = first_row(pkg_dir, "citations")
    set_cell(pkg_dir, "citations", row.line, "quote", "not in the source at all")
    assert main(["validate", str(pkg_dir)]) == 1
    out = capsys.readouterr().out
    assert "data/citations.csv:" in out
    assert "[quote-not-on-line]" in out


def test_json_report(pkg_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "record_id", "no-such-record")
    assert main(["validate", str(pkg_dir), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["summary"]["errors"] == len(report["problems"])
    assert report["summary"]["rows"]["citations"] > 0
    assert {
        "code": "citation-record-missing",
        "path": "data/citations.csv",
        "row": line,
        "column": "record_id",
    }.items() <= next(
        p for p in report["problems"] if p["code"] == "citation-record-missing"
    ).items()


def test_json_report_of_valid_package(pristine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pristine), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert report["problems"] == []


def test_broken_descriptor_reports_without_traceback(pkg_dir: Path) -> None:
    (pkg_dir / "datapackage.json").write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py"), str(pkg_dir), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    report = json.loads(result.stdout)
    assert [p["code"] for p in report["problems"]] == ["descriptor-invalid"]


def test_not_a_directory_exits_2(tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 2


def test_a_crash_outside_the_checks_exits_3(
    pristine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug that no check catches (in the loader, say) is told apart from a finding."""

    def broken(_: Path) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "load", broken)
    assert main(["validate", str(pristine)]) == 3
    err = capsys.readouterr().err
    assert "RuntimeError: a bug" in err and "bug in the validator" in err


def test_crashing_check_becomes_a_problem(pristine: Path) -> None:
    def broken(_pkg: object) -> list:
        raise RuntimeError("boom")

    problems = run_checks(load(pristine), [("broken", broken)])
    assert [(p.code, p.path) for p in problems] == [("check-crashed", ".")]
    assert "`broken`" in problems[0].message


def test_build_metadata_check_and_write(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "people")
    set_cell(pkg_dir, "people", row.line, "name", row.values["name"] + " Jr.")
    assert main(["build-metadata", str(pkg_dir), "--check"]) == 1
    assert main(["build-metadata", str(pkg_dir)]) == 0
    assert main(["build-metadata", str(pkg_dir), "--check"]) == 0


def test_build_metadata_writes_nothing_while_a_resource_is_unreadable(
    pkg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """people's fields are an object: writing now would drop people from the README's data
    dictionary; nothing is written, and the problem is named."""
    edit_descriptor(pkg_dir, lambda d: resource(d, "people")["schema"].update(fields={}))
    files = [pkg_dir / "README.md", pkg_dir / "datapackage.json", *pkg_dir.glob("schemas/*.json")]
    before = {path: path.read_bytes() for path in files}
    assert main(["build-metadata", str(pkg_dir)]) == 1
    out = capsys.readouterr().out
    assert "resources[5] needs a list `schema.fields`" in out
    assert "wrote nothing: repair what is named above" in out
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("check", [True, False], ids=["check", "write"])
def test_build_metadata_waits_for_an_unreadable_vocabulary(
    pkg_dir: Path, capsys: pytest.CaptureFixture[str], check: bool
) -> None:
    """Without its vocabulary the README's dictionary would lose every vocabulary's values:
    nothing is written, and nothing is called up to date."""
    (pkg_dir / "schemas" / "vocabulary.json").write_text("{", encoding="utf-8")
    before = {path: path.read_bytes() for path in pkg_dir.rglob("*") if path.is_file()}
    assert main(["build-metadata", str(pkg_dir), *(["--check"] if check else [])]) == 1
    out = capsys.readouterr().out
    assert "schemas/vocabulary.json: " in out
    assert f"{'checked' if check else 'wrote'} nothing: repair what is named above" in out
    assert {p: p.read_bytes() for p in before} == before


def test_coverage_report(pristine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pristine), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "people.name: " in out and "supported (text)" in out
    assert "(skipped: " in out and "NOT COVERED" not in out


def test_coverage_report_shows_an_uncovered_line(
    pkg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_rows(pkg_dir, "skipped_lines", lambda row: True)
    assert main(["validate", str(pkg_dir), "--coverage"]) == 1
    assert "NOT COVERED" in capsys.readouterr().out


def test_coverage_counts_a_value_another_check_reports_apart(
    pkg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An organizer that names no organization is the foreign key's problem; coverage neither
    calls it supported nor unsupported, but left to that check."""
    row = first_row(pkg_dir, "events", lambda r: bool(r["organizer_id"]))
    set_cell(pkg_dir, "events", row.line, "organizer_id", "no-such-organization")
    assert main(["validate", str(pkg_dir), "--coverage", "--json"]) == 1
    entry = json.loads(capsys.readouterr().out)["coverage"]["columns"]["events.organizer_id"]
    assert entry["not_judged"] == 1 and entry["supported"] == entry["values"] - 1, entry
    assert main(["validate", str(pkg_dir), "--coverage"]) == 1
    left = f"events.organizer_id: {entry['values'] - 1}/{entry['values']} supported, 1 left to"
    assert left in capsys.readouterr().out


def test_conflicts_report(pristine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pristine), "--conflicts", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    conflicts = {(c["table"], c["record_id"], c["group"]) for c in document["conflicts"]}
    assert ("events", "csto-csc-extraordinary-session-2022-01-10", "name") in conflicts
    for conflict in document["conflicts"]:
        assert len({tuple(r["sources"]) for r in conflict["readings"]}) > 1
    # A short form found in every document that has the long one is no disagreement.
    records = {c["record_id"] for c in document["conflicts"]}
    assert not records & {"kazakhstan", "tajikistan"}
    # Each reading with the documents whose quotes state it, not the record's other documents.
    kyrgyzstan = next(c for c in document["conflicts"] if c["record_id"] == "kyrgyzstan")
    assert kyrgyzstan["readings"] == [
        {
            "column": "name",
            "value": "Kyrgyz Republic",
            "sources": ["president-tj-2022-01-10-csto-extraordinary-session"],
        },
        {
            "column": "aliases",
            "value": "Kyrgyzstan",
            "sources": ["news-xxxx-01-10-csto-extraordinary-session"],
        },
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_flag(pkg_dir: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One process or two as asked, the same exit status on a broken copy (the runner tests
    compare the findings)."""
    from security_diplomacy.checks import runner

    started: list[str] = []

    class Counted(runner.Background):
        def __init__(self, name: str, *args: Any) -> None:
            started.append(name)
            super().__init__(name, *args)

    monkeypatch.setattr(runner, "MIN_ROWS", 0)  # let the real package take the parallel path
    monkeypatch.setattr(runner, "Background", Counted)
    set_cell(pkg_dir, "people", first_row(pkg_dir, "people").line, "name", "Nobody Says This")
    assert main(["validate", str(pkg_dir), "--jobs", jobs]) == 1
    assert started == ([] if jobs == "1" else list(runner.BACKGROUND))


def test_script_exits_with_the_status_and_all_output(pkg_dir: Path) -> None:
    """The script leaves without interpreter teardown; its output and status must survive."""
    set_cell(pkg_dir, "people", first_row(pkg_dir, "people").line, "name", "Nobody Says This")
    script = REPO / "scripts" / "validate.py"
    done = subprocess.run(
        [sys.executable, str(script), str(pkg_dir)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "[value-unsupported]" in done.stdout and done.stdout.rstrip().endswith("problem(s)")
