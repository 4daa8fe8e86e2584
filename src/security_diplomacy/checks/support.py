"""Every cell is backed: a citation of its record states the value (the rules in evidence/).

The rule each column follows is declared in datapackage.json as the field's ``x-support``; a
column of a cited table without a known rule is itself a problem, so no column slips through.
A citation that backs none of its record's values, beside others that do, is reported too: it
names the wrong record, or its quote states nothing that the record holds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from ..evidence.index import Index, build
from ..evidence.rules import NOT_EVIDENCED, RULES, lacking
from ..evidence.support import Idle, Verdict, cited_tables, support_rule, table_failures
from ..model import CITATIONS_TABLE, DESCRIPTOR, Package, Table
from ..problems import Problem, problem, shown
from .runner import Check

# Rows of a cited table per part of the check, when two processes share it: small enough that
# neither waits long for the other at the end (a part of events takes about 3 s at a million
# citations), large enough that the parts cost nothing to hand out.
PART_ROWS = 20_000


def check(pkg: Package) -> Iterator[Problem]:
    """The findings of each cited table, table by table."""
    index = build(pkg)
    for table in cited_tables(pkg):
        yield from _findings(pkg, index, table, range(len(table.lines)))


def parts(pkg: Package) -> list[Check]:
    """The check as parts of :data:`PART_ROWS` rows, whose findings in turn are the check's.

    Each process that runs a part builds the support index once, for all the parts it runs.
    """
    index = functools.cache(lambda: build(pkg))
    return [
        functools.partial(_part, index=index, table=table, rows=rows)
        for table in cited_tables(pkg)
        for rows in _row_ranges(len(table.lines))
    ]


def _row_ranges(count: int) -> list[range]:
    starts = range(0, count, PART_ROWS) or range(1)  # a table without rows has its declarations
    return [range(start, min(start + PART_ROWS, count)) for start in starts]


def _part(pkg: Package, *, index: Callable[[], Index], table: Table, rows: range) -> list[Problem]:
    return list(_findings(pkg, index(), table, rows))


def _findings(pkg: Package, index: Index, table: Table, rows: range) -> Iterator[Problem]:
    if rows.start == 0:
        yield from _declarations(table)
    for found in table_failures(pkg, index, table, rows):
        if isinstance(found, Idle):
            yield _idle(pkg.tables[CITATIONS_TABLE], found)
        elif found.tried or not found.outcome.needs_quote:
            yield _unsupported(found)


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
        elif (lacks := lacking(table, field, rule)) is not None:
            what, fix = lacks
            yield problem(
                "support-rule-unfit",
                DESCRIPTOR,
                f"field {table.name}.{field.name} has `x-support` {rule!r} but no {what} to "
                f"look for in the quotes; {fix} (or correct it), or give the field another rule",
                column=field.name,
            )


def _unsupported(verdict: Verdict) -> Problem:
    cell, outcome = verdict.cell, verdict.outcome
    if outcome.needs_quote:
        message = (
            f"value {shown(cell.value)} not supported by citations {', '.join(verdict.tried)} "
            f"({outcome.reason}); quote the words that state it, or correct the value"
        )
    else:
        message = f"value {shown(cell.value)} not supported: {outcome.reason}"
    return problem(outcome.code, cell.path, message, row=cell.line, column=cell.column)


def _idle(citations: Table, idle: Idle) -> Problem:
    quote = citations.column("quote")[idle.row]
    return problem(
        "citation-supports-nothing",
        citations.path,
        f"citation {idle.citation_id} supports none of the values of {idle.table} "
        f"{idle.record_id!r} (quote {quote!r}); quote the words that state one of them, add the "
        "form it prints to the record's names, cite the record it is about, or remove it",
        row=citations.lines[idle.row],
        column="quote",
    )
