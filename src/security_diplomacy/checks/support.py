"""Every cell is backed: a citation of its record states the value (the rules in evidence/).

The rule each column follows is declared in datapackage.json as the field's ``x-support``; a
column of a cited table without a known rule is itself a problem, so no column slips through.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evidence.index import build
from ..evidence.rules import NOT_EVIDENCED, RULES
from ..evidence.support import Verdict, cited_tables, support_rule, verdicts
from ..model import DESCRIPTOR, Package
from ..problems import Problem, problem


def check(pkg: Package) -> Iterator[Problem]:
    yield from _declarations(pkg)
    for verdict in verdicts(pkg, build(pkg), failures_only=True):
        if verdict.tried or not verdict.outcome.needs_quote:
            yield _unsupported(verdict)


def _declarations(pkg: Package) -> Iterator[Problem]:
    known = sorted({*RULES, *NOT_EVIDENCED})
    for table in cited_tables(pkg):
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
