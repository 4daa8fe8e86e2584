"""The runner: the same findings, in the same order, whether a check runs in a child or not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from corpus import CASES, Case
from helpers import first_row, set_cell

from security_diplomacy.checks import CHECKS, run_checks, runner, support
from security_diplomacy.package import load
from security_diplomacy.problems import Problem

SAMPLE = [case for case in CASES if case.name in {"dangling-key", "uncited-record", "line-zero"}]


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "MIN_ROWS", 0)


def _both(root: Path) -> tuple[list[Problem], list[Problem]]:
    pkg = load(root)
    return run_checks(pkg), run_checks(pkg, parallel=True)


@pytest.mark.usefixtures("always_parallel")
def test_parallel_run_finds_the_same(pkg_dir: Path) -> None:
    # Unsupported by quotes, in the first and the last cited table: one in each half.
    set_cell(pkg_dir, "events", first_row(pkg_dir, "events").line, "name", "Nobody Anyone Says")
    set_cell(pkg_dir, "statements", first_row(pkg_dir, "statements").line, "text", "Nobody says")
    alone, parallel = _both(pkg_dir)
    unsupported = {p.path for p in alone if p.code == "value-unsupported"}
    assert {"data/events.csv", "data/statements.csv"} <= unsupported
    assert parallel == alone


@pytest.mark.usefixtures("always_parallel")
@pytest.mark.parametrize("case", SAMPLE, ids=lambda case: case.name)
def test_parallel_run_on_broken_copies(case: Case, pkg_dir: Path, tmp_path: Path) -> None:
    case.edit(pkg_dir, tmp_path / "outside")
    alone, parallel = _both(pkg_dir)
    assert alone and parallel == alone


@pytest.mark.usefixtures("always_parallel")
def test_a_check_that_crashes_in_the_child(pristine: Path) -> None:
    def broken(_: object) -> list[Problem]:
        raise RuntimeError("boom")

    checks = [(name, broken if name == "support" else check) for name, check in CHECKS]
    found = run_checks(load(pristine), checks, parallel=True)
    assert [p.code for p in found] == ["check-crashed"]
    assert "boom" in found[0].message


@pytest.mark.usefixtures("always_parallel")
def test_a_child_that_dies_is_reported(pristine: Path) -> None:
    def dies(_: object) -> list[Problem]:
        os._exit(3)

    checks = [(name, dies if name == "support" else check) for name, check in CHECKS]
    found = run_checks(load(pristine), checks, parallel=True)
    assert [p.code for p in found] == ["check-crashed"]
    assert "exit code 3" in found[0].message


def test_small_packages_stay_in_one_process(pristine: Path) -> None:
    assert runner.start_in_background(load(pristine), CHECKS) == {}


def test_the_support_halves_find_what_the_whole_check_finds(pkg_dir: Path) -> None:
    """Unsupported values in the first and the last cited table: one half finds each."""
    for table in ("events", "statements"):
        column = "name" if table == "events" else "text"
        set_cell(pkg_dir, table, first_row(pkg_dir, table).line, column, "Nobody Anyone Says")
    pkg = load(pkg_dir)
    first, rest = support.halves(pkg)
    whole, parts = list(support.check(pkg)), (list(first(pkg)), list(rest(pkg)))
    assert [{p.path for p in part} for part in parts] == [
        {"data/events.csv"},
        {"data/statements.csv"},
    ], "each half has a finding of its own"
    assert parts[0] + parts[1] == whole


@pytest.mark.usefixtures("always_parallel")
def test_the_parent_runs_the_second_half(pristine: Path) -> None:
    """A crash in the second half is this process's finding, after the child's (none here)."""

    def second_half_crashes(pkg: object) -> tuple[runner.Check, runner.Check]:
        def boom(_: object) -> list[Problem]:
            raise RuntimeError("second half")

        return (lambda _: [], boom)

    pkg = load(pristine)
    started = runner.start_in_background(pkg, CHECKS, {support.check: second_half_crashes})
    result = started["support"].result()
    assert [p.code for p in result] == ["check-crashed"]
    assert "second half" in result[0].message
