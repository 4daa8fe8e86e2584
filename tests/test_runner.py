"""The runner: the same findings, in the same order, whether a check runs in a child or not."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus import CASES, Case
from helpers import PACKAGE, first_row, read_csv, set_cell

from security_diplomacy import nativecsv
from security_diplomacy.checks import CHECKS, run_checks, runner, support
from security_diplomacy.package import load
from security_diplomacy.problems import Problem, problem

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
def test_parallel_run_after_arrow_has_read_every_file(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child is forked from a process whose Arrow threads and allocator have run."""
    set_cell(pkg_dir, "events", first_row(pkg_dir, "events").line, "name", "Nobody Anyone Says")
    by_csv_module = run_checks(load(pkg_dir))
    split, proven = nativecsv.split, []

    def counted(*args: Any) -> Iterator[nativecsv.Split]:
        yield from split(*args)
        proven.append(args)

    monkeypatch.setattr(nativecsv, "MIN_BYTES", 0)
    monkeypatch.setattr(nativecsv, "split", counted)
    pkg = load(pkg_dir)
    assert len(proven) == len(pkg.tables), "every file was read by Arrow"
    assert run_checks(pkg) == run_checks(pkg, parallel=True) == by_csv_module
    assert any(p.code == "value-unsupported" for p in by_csv_module)


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


def test_the_support_parts_find_what_the_whole_check_finds(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unsupported values in the first and the last cited table, each in its table's last row:
    a part of each finds one, and no part judges rows beyond its own."""
    monkeypatch.setattr(support, "PART_ROWS", 3)
    for table in ("events", "statements"):
        column = "name" if table == "events" else "text"
        last = read_csv(pkg_dir, table)[1][-1]
        set_cell(pkg_dir, table, last.line, column, "Nobody Anyone Says")
    pkg = load(pkg_dir)
    found = [list(part(pkg)) for part in support.parts(pkg)]
    assert len(found) > 20, "every table comes in parts of three rows"
    assert [{p.path for p in part} for part in found if part] == [
        {"data/events.csv"},
        {"data/statements.csv"},
    ], "each finding comes from a part of its own table"
    assert [p for part in found for p in part] == list(support.check(pkg))


def test_the_support_parts_are_rows_of_part_rows_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole parts, then the rest; no rows is still one part, where declarations are checked."""
    monkeypatch.setattr(support, "PART_ROWS", 3)
    assert support._row_ranges(7) == [range(0, 3), range(3, 6), range(6, 7)]
    assert support._row_ranges(6) == [range(0, 3), range(3, 6)]
    assert support._row_ranges(0) == [range(0, 0)]


def _shared(parts: list[runner.Check]) -> list[Problem]:
    """The findings of a check made of ``parts``, shared between this process and a child."""
    context = multiprocessing.get_context("fork")
    return runner.Background("support", parts, load(PACKAGE), context).result()


def _says(message: str) -> runner.Check:
    return lambda _: [problem("value-unsupported", "data/events.csv", message)]


def test_both_processes_take_parts_and_the_findings_keep_their_order() -> None:
    parent = os.getpid()
    taken = multiprocessing.get_context("fork").Event()  # set once this process runs a part

    def first(_: object) -> list[Problem]:  # the child's; it waits for this process to join in
        assert taken.wait(timeout=20), "this process never took a part"
        return [problem("value-unsupported", "data/events.csv", f"part 0 in {os.getpid()}")]

    def numbered(number: int) -> runner.Check:
        def part(_: object) -> list[Problem]:
            if os.getpid() == parent:
                taken.set()
            return [problem("value-unsupported", "data/events.csv", f"part {number}")]

        return part

    found = _shared([first, *map(numbered, range(1, 6))])
    assert [p.message.split(" in ")[0] for p in found] == [f"part {n}" for n in range(6)]
    assert found[0].message != f"part 0 in {parent}", "the child runs the first part"


def test_a_part_that_crashes_is_reported_in_its_place() -> None:
    def boom(_: object) -> list[Problem]:
        raise RuntimeError("part crashed")

    found = _shared([_says("before"), boom, _says("between"), boom, _says("after")])
    assert [p.code for p in found] == [
        "value-unsupported",
        "check-crashed",  # once: the second crash says the same
        "value-unsupported",
        "value-unsupported",
    ]
    assert "part crashed" in found[1].message


def test_loading_problems_come_first_unless_left_out(pristine: Path) -> None:
    loaded = problem("csv-syntax", "data/events.csv", "a loading problem")
    pkg = dataclasses.replace(load(pristine), problems=(loaded,))
    crashed = [("crashes", _crashes)]
    assert [p.code for p in run_checks(pkg, crashed)] == ["csv-syntax", "check-crashed"]
    assert [p.code for p in run_checks(pkg, crashed, loading=False)] == ["check-crashed"]


@pytest.mark.usefixtures("always_parallel")
def test_the_steps_are_told_by_name_and_the_background_check_last(pristine: Path) -> None:
    """This process runs its own checks before it waits for the child's."""
    names = [name for name, _ in CHECKS]
    told: list[str] = []
    run_checks(load(pristine), on_step=told.append)
    assert told == names
    told.clear()
    run_checks(load(pristine), on_step=told.append, parallel=True)
    assert told == [name for name in names if name not in runner.BACKGROUND] + ["support"]


@pytest.mark.usefixtures("always_parallel")
def test_the_background_check_is_shared_in_its_parts_and_only_when_asked(
    pristine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[str, int]] = []

    class Counted(runner.Background):
        def __init__(self, name: str, parts: list[runner.Check], *args: Any) -> None:
            started.append((name, len(parts)))
            super().__init__(name, parts, *args)

    monkeypatch.setattr(runner, "Background", Counted)
    pkg = load(pristine)
    run_checks(pkg)
    assert started == [], "one process unless parallel is asked for"
    run_checks(pkg, parallel=True)
    assert started == [("support", len(support.parts(pkg)))]
    assert started[0][1] > 1, "the real package's support check comes in several parts"


def test_the_row_threshold_is_the_least_that_starts_a_child(
    pristine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = load(pristine)
    rows = sum(len(table.lines) for table in pkg.tables.values())
    monkeypatch.setattr(runner, "MIN_ROWS", rows + 1)
    assert runner.start_in_background(pkg, CHECKS) == {}
    monkeypatch.setattr(runner, "MIN_ROWS", rows)
    started = runner.start_in_background(pkg, CHECKS)
    assert list(started) == ["support"]
    started["support"].result()  # wait for the child


def _raise_here() -> None:
    raise RuntimeError("deep")


RAISED_AT = _raise_here.__code__.co_firstlineno + 1


def _crashes(_: object) -> list[Problem]:
    _raise_here()
    return []


def test_a_crash_is_located_where_it_was_raised() -> None:
    """The innermost frame, not the check's own line that called into it."""
    (found,) = runner.run_one("crashes", _crashes, load(PACKAGE))
    assert (found.code, found.path) == ("check-crashed", ".")
    assert found.message == (
        f"check `crashes` crashed with RuntimeError('deep') at {__file__}:{RAISED_AT}; "
        "please report this bug with the input that caused it"
    )


def test_the_parts_this_process_takes_have_the_package_and_the_check_name() -> None:
    done = multiprocessing.get_context("fork").Event()

    def first(_: object) -> list[Problem]:  # the child's: this process takes parts 1 and 2
        assert done.wait(timeout=20), "this process never took part 2"
        return []

    def counts(pkg: Any) -> list[Problem]:
        return [problem("value-unsupported", "data/events.csv", f"{len(pkg.tables)} tables")]

    def crashes(_: object) -> list[Problem]:
        done.set()
        raise RuntimeError("in this process")

    found = _shared([first, counts, crashes])
    assert [p.message.split(" at ")[0] for p in found] == [
        f"{len(load(PACKAGE).tables)} tables",
        "check `support` crashed with RuntimeError('in this process')",
    ]


def test_a_child_that_dies_keeps_the_findings_of_this_process() -> None:
    taken = multiprocessing.get_context("fork").Event()

    def dies(_: object) -> list[Problem]:
        assert taken.wait(timeout=20), "this process never took a part"
        os._exit(3)

    def reports(_: object) -> list[Problem]:
        taken.set()
        return [problem("value-unsupported", "data/events.csv", "part 1")]

    found = _shared([dies, reports])
    assert [(p.code, p.path, p.message) for p in found] == [
        (
            "check-crashed",
            ".",
            "check `support` ran in a child process that ended with exit code 3 before it "
            "reported; run the validator again, and report this bug if it recurs",
        ),
        ("value-unsupported", "data/events.csv", "part 1"),
    ]
