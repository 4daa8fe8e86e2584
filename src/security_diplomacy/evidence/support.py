"""Apply the support rules to every cell of every cited table, once.

The result, a list of :class:`Verdict`, serves three readers: the support check (the failures,
and each :class:`Idle` citation), the coverage report (counts per column and rule) and the
conflicts report (which sources support which reading).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from ..model import Field, Package, Table
from .index import Index, build
from .rules import (
    NOT_EVIDENCED,
    RULES,
    Cell,
    Column,
    Judge,
    Outcome,
    deferring_to_other_checks,
    lacking,
)


class Verdict(NamedTuple):
    cell: Cell
    rule: str
    outcome: Outcome
    tried: tuple[str, ...]

    @property
    def supported(self) -> bool:
        return self.outcome.supported


class Idle(NamedTuple):
    """A citation that supports none of its record's values, though the record has some to back.

    Such a citation names the wrong record, or quotes words that state nothing recorded (a form
    of a name that the record lacks, say). ``row`` is its row in the citations table.
    """

    table: str
    record_id: str
    citation_id: str
    row: int


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
    """Every verdict, kept: for the reports that count or group them."""
    index = build(pkg)
    return Evaluation(index, tuple(verdicts(pkg, index)))


def verdicts(pkg: Package, index: Index) -> Iterator[Verdict]:
    """Every verdict, one at a time."""
    for table in cited_tables(pkg):
        yield from table_verdicts(pkg, index, table)


def table_verdicts(
    pkg: Package, index: Index, table: Table, rows: range | None = None
) -> Iterator[Verdict]:
    """The verdicts of one cited table's cells (of the rows at ``rows``: all), row by row."""
    # Idle citations are looked for only with the failures: this pass yields no Idle.
    return cast(Iterator[Verdict], _judged(pkg, index, table, rows, failures_only=False))


def table_failures(
    pkg: Package, index: Index, table: Table, rows: range | None = None
) -> Iterator[Verdict | Idle]:
    """The check's findings in a cited table: unsupported values and idle citations, row by row.

    A citation is idle when it supports none of its record's values, the record has a value that
    needs a quote, and the record has another citation. A record's only citation is never idle:
    it at least shows the record is in the source, and the values it fails to back are reported
    as unsupported.
    """
    return _judged(pkg, index, table, rows, failures_only=True)


def _judged(
    pkg: Package, index: Index, table: Table, rows: range | None, *, failures_only: bool
) -> Iterator[Verdict | Idle]:
    steps = _plan(pkg, index, table)
    rows = range(len(table.lines)) if rows is None else rows
    return _table_verdicts(index, table, steps, failures_only, rows)


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


def _plan(pkg: Package, index: Index, table: Table) -> list[_Step]:
    """The columns of a table that take evidence, each with its rule compiled for it."""
    steps = []
    for field in table.fields:
        rule = support_rule(field)
        if rule is None or rule in NOT_EVIDENCED or rule not in RULES:
            continue  # missing and unknown rules are reported by the support check
        if lacking(table, field, rule) or _unknowable(pkg, index, table, field, rule):
            continue
        judge = RULES[rule](index, Column(table, field.name, field.descriptor))
        judge = deferring_to_other_checks(judge, index, table, field)
        steps.append((field.name, rule, judge, field.descriptor))
    return steps


def _unknowable(pkg: Package, index: Index, table: Table, field: Field, rule: str) -> bool:
    """Whether what the rule looks for is unknown, not absent: the names of the records of a
    table not loaded, without a one-field primary key or not declared; the cues of a
    vocabulary that vocabulary.json does not define as an object. The loading or descriptor
    problem says why, once; judging each value would add one unsupported value per cell."""
    if rule == "reference":
        # The field has a foreign key: a field without one is `lacking`, never asked here.
        target = pkg.tables.get(index.references[(table.name, field.name)])
        return target is None or not target.loaded or len(target.primary_key) != 1
    if rule == "vocabulary":
        # Undefined, or not an object (vocabulary-unknown or vocabulary-invalid says which).
        return not isinstance(pkg.vocabularies.get(field.vocabulary or ""), Mapping)
    return False


def _table_verdicts(
    index: Index, table: Table, steps: list[_Step], failures_only: bool, rows: range
) -> Iterator[Verdict | Idle]:
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
        # The ids that back a value that needs a quote; kept only where a citation can be idle.
        backing: set[str] | None = set() if failures_only and len(cited) > 1 else None
        quoted = False  # whether the record has a value that needs a quote
        for (name, rule_name, judge, descriptor), value in zip(steps, values, strict=True):
            if value is None:
                continue
            for item in value if value.__class__ is tuple else (value,):
                text = item if item.__class__ is str else str(item)  # an integer, say
                outcome = judge(text, record_id, position, cited)
                if backing is not None and outcome.needs_quote:
                    quoted = True
                    backing.update(outcome.supporting)
                # A supporting quote settles it: the usual case, without the property's call.
                if failures_only and (outcome.supporting or outcome.supported):
                    continue
                cell = Cell(table.name, record_id, table.path, line, name, text, descriptor)
                yield Verdict(cell, rule_name, outcome, tuple(c.citation_id for c in cited))
        if quoted and backing is not None and len(backing) < len(cited):
            for row, citation in zip(at, cited, strict=True):
                if citation.citation_id not in backing:
                    yield Idle(table.name, record_id, citation.citation_id, row)
