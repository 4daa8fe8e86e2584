"""Running one check, and sharing the heaviest one with a second process.

A crash inside a check is a finding (``check-crashed``), never the end of the run. On a large
package the support check takes most of the time; on a machine that can fork, a child process,
which shares the loaded package with this one page by page (copy-on-write, so nothing is
serialized but the findings), starts on it at once, while this process runs the other checks.

A check that comes in parts (:data:`Parts`) is then shared: the child and, once it has run the
other checks, this process take its parts in turn from a shared counter, so that neither waits
while the other works, whatever each part costs. Each part's findings are kept by its number,
and the check's findings are those of one process, in the same order. Small packages are
checked in one process: starting a child costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from multiprocessing.connection import Connection
from typing import Any

from ..model import Package
from ..problems import Problem, problem

Check = Callable[[Package], Iterable[Problem]]
# A check as parts whose findings, in turn, are the whole check's, in the same order.
Parts = Callable[[Package], Sequence[Check]]

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
    """One check's parts, run by a forked child and by :meth:`result`, which gives all findings.

    The child runs the first part, then takes the next part not yet taken until none is left;
    :meth:`result` takes parts the same way before it waits for the child.
    """

    def __init__(self, name: str, parts: Sequence[Check], pkg: Package, context: Any) -> None:
        self.name, self._parts, self._pkg = name, parts, pkg
        self._next = context.Value("i", 1)  # part 0 is the child's: a check in one part is too
        self._receive, send = context.Pipe(duplex=False)
        arguments = (name, parts, pkg, self._next, send)
        self._process = context.Process(target=_child, args=arguments)
        self._process.start()
        send.close()

    def result(self) -> list[Problem]:
        found = _take_parts(self.name, self._parts, self._pkg, self._next)
        try:
            found.update(self._receive.recv())
        except EOFError:  # the child died without a word (killed, out of memory)
            self._process.join()  # its exit code is None until it has been joined
            found[-1] = [_lost(self.name, self._process.exitcode)]
        self._process.join()
        return _in_order(found)


def _child(name: str, parts: Sequence[Check], pkg: Package, counter: Any, send: Connection) -> None:
    found = {0: run_one(name, parts[0], pkg)} if parts else {}
    found.update(_take_parts(name, parts, pkg, counter))
    send.send(found)
    send.close()


def _take_parts(
    name: str, parts: Sequence[Check], pkg: Package, counter: Any
) -> dict[int, list[Problem]]:
    """The findings of each part this process takes, by part number, until none is left."""
    found: dict[int, list[Problem]] = {}
    while True:
        with counter.get_lock():
            taken = counter.value
            counter.value = taken + 1
        if taken >= len(parts):
            return found
        found[taken] = run_one(name, parts[taken], pkg)


def _in_order(found: Mapping[int, list[Problem]]) -> list[Problem]:
    """The parts' findings in part order; a crash that several parts share is told once."""
    problems: list[Problem] = []
    for number in sorted(found):
        problems += [p for p in found[number] if p.code != "check-crashed" or p not in problems]
    return problems


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
    parts: Mapping[Check, Parts] | None = None,
) -> dict[str, Background]:
    """Start the background checks, where a child process can be forked and pays.

    ``parts`` gives, for a check function that can be split, how to split it; a check that
    is not in it (a test's stand-in, say) is one part, run whole in the child.
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
        split = (parts or {}).get(function)
        started[name] = Background(name, split(pkg) if split else [function], pkg, context)
    return started
