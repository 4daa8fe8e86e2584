"""Apply the support rules to every cell of every cited table, once.

The result, a list of :class:`Verdict`, serves three readers: the support check (the failures),
the coverage report (counts per column and rule) and the conflicts report (which sources
support which reading).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ..model import Field, Package, Table
from .index import Index, build
from .rules import NOT_EVIDENCED, RULES, Cell, Column, Judge, Outcome


class Verdict(NamedTuple):
    cell: Cell
    rule: str
    outcome: Outcome
    tried: tuple[str, ...]

    @property
    def supported(self) -> bool:
        return self.outcome.supported


class Evaluation(NamedTuple):
    index: Index
    verdicts: tuple[Verdict, ...]


def cited_tables(pkg: Package) -> Iterator[Table]:
    """The loaded tables whose records need evidence."""
    for table in pkg.tables.values():
        if table.loaded and table.cited:
            yield table


def support_rule(field: Field) -> str | None:
    value = field.descriptor.get("x-support")
    return value if isinstance(value, str) else None


def evaluate(pkg: Package) -> Evaluation:
    """Every verdict, kept: for the reports that count or group them."""
    index = build(pkg)
    return Evaluation(index, tuple(verdicts(pkg, index)))


def verdicts(pkg: Package, index: Index, *, failures_only: bool = False) -> Iterator[Verdict]:
    """Every verdict, one at a time, or only those of unsupported values (the check's)."""
    for table in cited_tables(pkg):
        yield from table_verdicts(pkg, index, table, failures_only=failures_only)


def table_verdicts(
    pkg: Package,
    index: Index,
    table: Table,
    *,
    failures_only: bool = False,
    rows: range | None = None,
) -> Iterator[Verdict]:
    """The verdicts of one cited table's cells (of the rows at ``rows``: all), row by row."""
    steps = _plan(pkg, index, table, failures_only)
    rows = range(len(table.lines)) if rows is None else rows
    yield from _table_verdicts(index, table, steps, failures_only, rows)


def sources(index: Index, verdict: Verdict) -> tuple[str, ...]:
    """The documents of the citations that support a verdict's value (for the conflicts)."""
    supporting = set(verdict.outcome.supporting)
    if not supporting:
        return ()
    cell = verdict.cell
    citations = index.citations.get((cell.table, cell.record_id), ())
    return tuple(sorted({c.source_id for c in citations if c.citation_id in supporting}))


# What to apply to one column: its name, rule name, compiled rule and descriptor.
_Step = tuple[str, str, Judge, Mapping[str, Any]]


def _plan(pkg: Package, index: Index, table: Table, failures_only: bool) -> list[_Step]:
    """The columns of a table that take evidence, each with its rule compiled for it."""
    # A reference into a table that could not be loaded cannot be judged: its names are unknown,
    # and the loading problem already says why.
    unloaded = frozenset(name for name, t in pkg.tables.items() if not t.loaded)
    steps = []
    for field in table.fields:
        rule = support_rule(field)
        if rule is None or rule in NOT_EVIDENCED or rule not in RULES:
            continue  # missing and unknown rules are reported by the support check
        if rule == "reference" and index.references.get((table.name, field.name)) in unloaded:
            continue
        column = Column(table, field.name, field.descriptor, first=failures_only)
        judge = RULES[rule](index, column)
        steps.append((field.name, rule, judge, field.descriptor))
    return steps


def _table_verdicts(
    index: Index, table: Table, steps: list[_Step], failures_only: bool, rows: range
) -> Iterator[Verdict]:
    if len(table.primary_key) != 1:
        return
    part = slice(rows.start, rows.stop)
    keys = table.column(table.primary_key[0])[part]
    records = [None if rid is None else str(rid) for rid in keys]
    cited_rows, citations_at = index.citations.rows, index.citations.at
    columns = [table.column(name)[part] for name, *_ in steps]
    lined = zip(table.lines[part], records, *columns, strict=True)
    for position, (line, record_id, *values) in enumerate(lined, start=rows.start):
        if record_id is None:
            continue
        at = cited_rows(table.name, record_id)
        cited = citations_at(at) if at else ()
        for (name, rule_name, judge, descriptor), value in zip(steps, values, strict=True):
            if value is None:
                continue
            for item in value if value.__class__ is tuple else (value,):
                text = item if item.__class__ is str else str(item)  # an integer, say
                outcome = judge(text, record_id, position, cited)
                # A supporting quote settles it: the usual case, without the property's call.
                if failures_only and (outcome.supporting or outcome.supported):
                    continue
                cell = Cell(table.name, record_id, table.path, line, name, text, descriptor)
                yield Verdict(cell, rule_name, outcome, tuple(c.citation_id for c in cited))
