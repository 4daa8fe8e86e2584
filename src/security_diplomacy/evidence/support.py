"""Apply the support rules to every cell of every cited table, once.

The result, a list of :class:`Verdict`, serves three readers: the support check (the failures),
the coverage report (counts per column and rule) and the conflicts report (which sources
support which reading).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ..model import Field, Package, Table
from .index import Citation, Index, build
from .rules import NOT_EVIDENCED, RULES, Cell, Outcome, Rule


class Verdict(NamedTuple):
    cell: Cell
    rule: str
    outcome: Outcome
    tried: tuple[str, ...]
    sources: tuple[str, ...]  # the sources of the supporting citations, for conflicts

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


def verdicts(pkg: Package, index: Index) -> Iterator[Verdict]:
    """Every verdict, one at a time: a check that keeps only failures holds no more."""
    for table in cited_tables(pkg):
        yield from _table_verdicts(index, table, _plan(pkg, index, table))


# What to apply to one column: its name, rule name, rule and descriptor.
_Step = tuple[str, str, Rule, Mapping[str, Any]]


def _plan(pkg: Package, index: Index, table: Table) -> list[_Step]:
    """The columns of a table that take evidence, each with its rule, picked once per table."""
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
        steps.append((field.name, rule, RULES[rule], field.descriptor))
    return steps


def _table_verdicts(index: Index, table: Table, steps: list[_Step]) -> Iterator[Verdict]:
    if len(table.primary_key) != 1:
        return
    (key,) = table.primary_key
    for row in table.rows:
        values = row.values
        record_id = values.get(key)
        if record_id is None:
            continue
        record_id = str(record_id)
        citations = index.citations.get((table.name, record_id), ())
        tried = tuple(c.citation_id for c in citations)
        for name, rule_name, rule, descriptor in steps:
            value = values.get(name)
            if value is None:
                continue
            for item in value if isinstance(value, tuple) else (value,):
                cell = Cell(
                    table.name, record_id, table.path, row.line, name, str(item), values, descriptor
                )
                outcome = rule(index, cell, citations)
                yield Verdict(cell, rule_name, outcome, tried, _sources(citations, outcome))


def _sources(citations: tuple[Citation, ...], outcome: Outcome) -> tuple[str, ...]:
    """The documents of the supporting citations, for the conflicts report."""
    if not outcome.supporting:
        return ()
    supporting = set(outcome.supporting)
    return tuple(sorted({c.source_id for c in citations if c.citation_id in supporting}))
