"""Every cell is backed: a citation of its record states the value (the rules in evidence/).

The rule each column follows is declared in datapackage.json as the field's ``x-support``; a
column of a cited table without a known rule is itself a problem, so no column slips through.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator

from ..evidence.index import build
from ..evidence.rules import NOT_EVIDENCED, RULES
from ..evidence.support import Verdict, cited_tables, support_rule, table_verdicts
from ..model import DESCRIPTOR, Package, Table
from ..problems import Problem, problem
from .runner import Check

# The part of the cells the runner's child process judges when the check is run in two halves.
# The parent runs all the other checks besides, yet at a million citations the child, which
# builds the index too and copies every page it touches, was still the last to finish with
# 0.75 (39 s of checks; 36 s with this share).
CHILD_SHARE = 0.6


def check(pkg: Package, tables: Collection[str] | None = None) -> Iterator[Problem]:
    """The findings of each cited table (or of those named), table by table."""
    if tables is not None and not tables:
        return  # an empty half: no index to build
    index = build(pkg)
    for table in cited_tables(pkg):
        if tables is not None and table.name not in tables:
            continue
        yield from _declarations(table)
        for verdict in table_verdicts(pkg, index, table, failures_only=True):
            if verdict.tried or not verdict.outcome.needs_quote:
                yield _unsupported(verdict)


def halves(pkg: Package) -> tuple[Check, Check]:
    """The check in two parts whose findings, in turn, are the whole check's, in its order.

    The first part takes the leading cited tables, about :data:`CHILD_SHARE` of the cells to
    judge; the second takes the others.
    """
    cited = list(cited_tables(pkg))
    costs = [_cells(table) for table in cited]
    total, running, split = sum(costs) or 1, 0, 0
    for position, cost in enumerate(costs):
        if abs(running + cost - CHILD_SHARE * total) > abs(running - CHILD_SHARE * total):
            break
        running, split = running + cost, position + 1
    first = frozenset(table.name for table in cited[:split])
    rest = frozenset(table.name for table in cited[split:])
    return functools.partial(check, tables=first), functools.partial(check, tables=rest)


def _cells(table: Table) -> int:
    evidenced = [f for f in table.fields if support_rule(f) not in NOT_EVIDENCED]
    return len(table.lines) * len(evidenced)


def _declarations(table: Table) -> Iterator[Problem]:
    known = sorted({*RULES, *NOT_EVIDENCED})
    for field in table.fields:
        rule = support_rule(field)
        if rule is None:
            yield problem(
                "support-rule-missing",
                DESCRIPTOR,
                f"field {table.name}.{field.name} declares no `x-support` rule; "
                f"give it one of {known}",
                column=field.name,
            )
        elif rule not in known:
            yield problem(
                "support-rule-unknown",
                DESCRIPTOR,
                f"field {table.name}.{field.name} has unknown `x-support` {rule!r}; "
                f"use one of {known}",
                column=field.name,
            )


def _unsupported(verdict: Verdict) -> Problem:
    cell, outcome = verdict.cell, verdict.outcome
    if outcome.needs_quote:
        message = (
            f"value {cell.value!r} not supported by citations {', '.join(verdict.tried)} "
            f"({outcome.reason}); quote the words that state it, or correct the value"
        )
    else:
        message = f"value {cell.value!r} not supported: {outcome.reason}"
    return problem(outcome.code, cell.path, message, row=cell.line, column=cell.column)
