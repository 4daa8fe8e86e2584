"""scripts/benchmark.py: how repeated runs become one figure (not the figures themselves).

A benchmark prints figures and asserts nothing about speed; what can be tested is that the
figure it prints is the one it says: the median time, the worst memory, a failing exit kept.
"""

from __future__ import annotations

import pytest
from helpers import load_script

benchmark = load_script("benchmark")
Run = benchmark.Run


def test_a_figure_is_the_median_time_and_the_largest_peak() -> None:
    runs = [Run(3.0, 100.0, 0), Run(4.4, 120.0, 0), Run(3.2, 90.0, 0)]
    assert benchmark.combined(runs) == Run(3.2, 120.0, 0)


def test_a_failing_run_shows_in_the_figure() -> None:
    runs = [Run(1.0, 10.0, 0), Run(1.0, 10.0, 1), Run(1.0, 10.0, 2)]
    assert benchmark.combined(runs).status == 1


def test_rounds_run_every_command_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []

    def measure(command: list[str]) -> object:
        order.append(command[0])
        return Run(float(len(order)), 1.0, 0)

    monkeypatch.setattr(benchmark, "measure", measure)
    figures = benchmark._rounds([["a"], ["b"]], 3)
    assert order == ["a", "b", "a", "b", "a", "b"]
    assert [figure.seconds for figure in figures] == [3.0, 4.0]  # medians of 1,3,5 and 2,4,6


def test_the_report_says_how_many_runs_a_figure_is() -> None:
    real = Run(0.4, 30.0, 0)
    text = benchmark._report(real, [], None, 3)
    assert "Each command ran 3 times" in text
