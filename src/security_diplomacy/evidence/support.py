"""Apply the support rules to every cell of every cited table, once.

The result, a list of :class:`Verdict`, serves three readers: the support check (the failures),
the coverage report (counts per column and rule) and the conflicts report (which sources
support which reading).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Field, Package, Row, Table
from .index import Index, build, primary_key_value
from .rules import NOT_EVIDENCED, RULES, Cell, Outcome


@dataclass(frozen=True)
class Verdict:
    cell: Cell
    rule: str
    outcome: Outcome
    tried: tuple[str, ...]
    sources: tuple[str, ...]  # the sources of the supporting citations, for conflicts

    @property
    def supported(self) -> bool:
        return self.outcome.supported


@dataclass(frozen=True)
class Evaluation:
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
    index = build(pkg)
    # A reference into a table that could not be loaded cannot be judged: its names are unknown,
    # and the loading problem already says why.
    unloaded = frozenset(name for name, table in pkg.tables.items() if not table.loaded)
    verdicts = [
        verdict
        for table in cited_tables(pkg)
        for row in table.rows
        for verdict in _row_verdicts(index, table, row, unloaded)
    ]
    return Evaluation(index, tuple(verdicts))


def _row_verdicts(
    index: Index, table: Table, row: Row, unloaded: frozenset[str]
) -> Iterator[Verdict]:
    record_id = primary_key_value(table, row)
    if record_id is None:
        return
    citations = index.citations.get((table.name, record_id), ())
    by_id = {c.citation_id: c for c in citations}
    for field in table.fields:
        rule = support_rule(field)
        if rule is None or rule in NOT_EVIDENCED or rule not in RULES:
            continue  # missing and unknown rules are reported by the support check
        if rule == "reference" and index.references.get((table.name, field.name)) in unloaded:
            continue
        for value in _items(row.get(field.name)):
            cell = Cell(
                table.name,
                record_id,
                table.path,
                row.line,
                field.name,
                value,
                row.values,
                field.descriptor,
            )
            outcome = RULES[rule](index, cell, citations)
            sources = tuple(sorted({by_id[c].source_id for c in outcome.supporting}))
            yield Verdict(cell, rule, outcome, tuple(by_id), sources)


def _items(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return tuple(str(item) for item in value)
    return (str(value),)
