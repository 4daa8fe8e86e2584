"""Running one check, and running the heaviest one in a second process.

A crash inside a check is a finding (``check-crashed``), never the end of the run. On a large
package the support check takes about two thirds of the time; on a machine that can fork, it
runs in a child process, which shares the loaded package with this one page by page
(copy-on-write, so nothing is serialized but the findings), while this process runs the other
checks. A check that comes in halves (:data:`Halves`) has only its first half run by the child:
this process runs the second once it has run all the others, so that neither waits long.
Small packages are checked in one process: starting a child costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Mapping
from multiprocessing.connection import Connection
from typing import Any

from ..model import Package
from ..problems import Problem, problem

Check = Callable[[Package], Iterable[Problem]]
# A check's two parts, whose findings in turn are the whole check's, in the same order.
Halves = Callable[[Package], tuple[Check, Check]]

BACKGROUND = ("support",)  # the checks worth a process of their own
MIN_ROWS = 20_000  # below this many rows, one process is faster


def run_one(name: str, function: Check, pkg: Package) -> list[Problem]:
    """One check's findings; a crash is a finding, not the end of the run."""
    try:
        return list(function(pkg))
    except Exception as exception:
        where = traceback.extract_tb(exception.__traceback__)[-1]
        return [
            problem(
                "check-crashed",
                ".",
                f"check `{name}` crashed with {exception!r} at {where.filename}:"
                f"{where.lineno}; please report this bug with the input that caused it",
            )
        ]


class Background:
    """One check (or its first half) in a forked child; :meth:`result` gives all its findings.

    ``rest``, the check's second half if it has one, is run here by :meth:`result` before it
    waits for the child.
    """

    def __init__(
        self, name: str, function: Check, pkg: Package, context: Any, rest: Check | None = None
    ) -> None:
        self.name, self._pkg, self._rest = name, pkg, rest
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(name, function, pkg, send))
        self._process.start()
        send.close()

    def result(self) -> list[Problem]:
        rest = run_one(self.name, self._rest, self._pkg) if self._rest is not None else []
        try:
            found: list[Problem] = self._receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            found = [_lost(self.name, self._process.exitcode)]
        self._process.join()
        return found + rest


def _child(name: str, function: Check, pkg: Package, send: Connection) -> None:
    send.send(run_one(name, function, pkg))
    send.close()


def _lost(name: str, exitcode: int | None) -> Problem:
    return problem(
        "check-crashed",
        ".",
        f"check `{name}` ran in a child process that ended with exit code {exitcode} before "
        "it reported; run the validator again, and report this bug if it recurs",
    )


def start_in_background(
    pkg: Package,
    checks: tuple[tuple[str, Check], ...],
    halves: Mapping[Check, Halves] | None = None,
) -> dict[str, Background]:
    """Start the background checks, where a child process can be forked and pays.

    ``halves`` gives, for a check function that can be split, how to split it; a check that
    is not in it (a test's stand-in, say) runs whole in the child.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return {}
    if sum(len(table.lines) for table in pkg.tables.values()) < MIN_ROWS:
        return {}
    context = multiprocessing.get_context("fork")
    started = {}
    for name, function in checks:
        if name not in BACKGROUND:
            continue
        split = (halves or {}).get(function)
        first, rest = split(pkg) if split is not None else (function, None)
        started[name] = Background(name, first, pkg, context, rest)
    return started
