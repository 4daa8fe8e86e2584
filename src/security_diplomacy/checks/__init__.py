"""The registry of checks, in the order they run, and the runner.

Each check is a function ``check(pkg) -> Iterable[Problem]`` over the loaded package. A check
that crashes (a bug, or input nobody foresaw) becomes a ``check-crashed`` problem naming it, so
one broken check never hides the others' findings or prints a traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable

from ..model import Package
from ..problems import Problem, problem
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

Check = Callable[[Package], Iterable[Problem]]

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


def run_checks(
    pkg: Package,
    checks: Iterable[tuple[str, Check]] = CHECKS,
    *,
    loading: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> list[Problem]:
    """Loading problems first (unless ``loading`` is False), then each check's, in order.

    ``on_step`` is told the name of each check as it starts (the progress bar).
    """
    found = list(pkg.problems) if loading else []
    for name, function in checks:
        if on_step is not None:
            on_step(name)
        try:
            found.extend(function(pkg))
        except Exception as exception:  # a crash is a finding, not the end of the run
            where = traceback.extract_tb(exception.__traceback__)[-1]
            found.append(
                problem(
                    "check-crashed",
                    ".",
                    f"check `{name}` crashed with {exception!r} at {where.filename}:"
                    f"{where.lineno}; please report this bug with the input that caused it",
                )
            )
    return found
