"""A source document of 100,000 lines: read, hashed and cited like a short one.

The benchmark (`make bench`) validates a generated package whose 500,000 citations all quote one
source of 100,000 lines; this test keeps to seconds by padding a short generated source with
blank lines (which no coverage rule asks to cite), so that its last lines sit past line 100,000.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import assert_problem, first_row, set_cell, validate

from security_diplomacy import synth
from security_diplomacy.metadata import write_derived
from security_diplomacy.package import load
from security_diplomacy.package_copy import copy_package

PADDING = 100_000
SOURCE = "synth-00001"


@pytest.fixture(scope="module")
def long_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = synth.write(tmp_path_factory.mktemp("long") / "package", citations=100)
    path = root / "sources" / f"{SOURCE}.txt"
    lines = path.read_bytes().split(b"\n")
    # The blank lines go before the last line, which the skipped-lines table lists.
    data = b"\n".join([*lines[:-1], *[b""] * PADDING, lines[-1]])
    path.write_bytes(data)
    sources = first_row(root, "sources", lambda row: row["source_id"] == SOURCE)
    line = set_cell(root, "sources", sources.line, "sha256", hashlib.sha256(data).hexdigest())
    set_cell(root, "sources", line, "line_count", str(len(lines) + PADDING))
    skipped = first_row(root, "skipped_lines", lambda row: row["source_id"] == SOURCE)
    set_cell(root, "skipped_lines", skipped.line, "line", str(len(lines) + PADDING))
    write_derived(load(root))  # the descriptor's bytes and hash of the edited tables
    return root


def test_a_source_of_100000_lines_validates(long_package: Path) -> None:
    assert validate(long_package) == []


def test_its_last_line_is_where_the_validator_looks(long_package: Path, tmp_path: Path) -> None:
    """Skipping the last line at its old number leaves the line uncovered, and that is found."""
    root = copy_package(long_package, tmp_path / "copy")
    last = first_row(root, "skipped_lines", lambda row: row["source_id"] == SOURCE)
    assert int(last.values["line"]) > PADDING
    set_cell(root, "skipped_lines", last.line, "line", str(int(last.values["line"]) - PADDING))
    assert_problem(root, "line-uncovered", "sources/synth-00001.txt", row=int(last.values["line"]))


def test_a_line_past_its_end_is_out_of_range(long_package: Path, tmp_path: Path) -> None:

    root = copy_package(long_package, tmp_path / "copy")
    citation = first_row(root, "citations", lambda row: row["source_id"] == SOURCE)
    line_count = int(first_row(root, "sources").values["line_count"])
    row = set_cell(root, "citations", citation.line, "line", str(line_count + 1))
    assert_problem(root, "citation-line-out-of-range", "data/citations.csv", row=row, column="line")
