"""The registry of checks, in the order they run, and the runner.

Each check is a function ``check(pkg) -> Iterable[Problem]`` over the loaded package. A check
that crashes (a bug, or input nobody foresaw) becomes a ``check-crashed`` problem naming it, so
one broken check never hides the others' findings or prints a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Package
from ..problems import Problem
from . import (
    citations,
    coverage,
    derived,
    descriptor,
    files,
    formulas,
    integrity,
    order,
    rows,
    sources,
    support,
    tables,
)
from .runner import Check, Parts, run_one, start_in_background

CHECKS: tuple[tuple[str, Check], ...] = (
    ("descriptor", descriptor.check),
    ("files", files.check),
    ("tables", tables.check),
    ("rows", rows.check),
    ("order", order.check),
    ("sources", sources.check),
    ("citations", citations.check),
    ("support", support.check),
    ("formulas", formulas.check),
    ("coverage", coverage.check),
    ("integrity", integrity.check),
    ("derived", derived.check),
)
# The checks that the runner may share between its two processes, and how they split.
PARTS: dict[Check, Parts] = {support.check: support.parts}


def run_checks(
    pkg: Package,
    checks: Iterable[tuple[str, Check]] = CHECKS,
    *,
    loading: bool = True,
    on_step: Callable[[str], None] | None = None,
    parallel: bool = False,
) -> list[Problem]:
    """Loading problems first (unless ``loading`` is False), then each check's, in order.

    ``on_step`` is told the name of each check as it starts (the progress bar). ``parallel``
    lets :mod:`.runner` run the support check in a second process while this one runs the
    others, where that can pay; the findings and their order are the same either way.
    """
    found = list(pkg.problems) if loading else []
    checks = tuple(checks)
    background = start_in_background(pkg, checks, PARTS) if parallel else {}
    # The checks of this process run first and the child is waited for last, so that this
    # process never waits while it has work; the findings are then put in the checks' order.
    results: dict[int, list[Problem]] = {}
    for position in sorted(range(len(checks)), key=lambda i: checks[i][0] in background):
        name, function = checks[position]
        if on_step is not None:
            on_step(name)
        job = background.get(name)
        results[position] = job.result() if job is not None else run_one(name, function, pkg)
    for position in range(len(checks)):
        found.extend(results[position])
    return found
