"""The support rules: one function per rule name that the schemas give in ``x-support``.

Each rule answers, for one cell value and the citations of its record, which citations support
the value, or why none does. The schemas declare which rule each column follows, so adding a
column never means adding code here, and no rule exists twice.

A rule is compiled once per column, as :mod:`..standard.schema` compiles a field's type and
constraints: ``rule(index, column)`` looks up what the whole column shares (the table a
reference points to, the vocabulary, the column of a date's rule) and returns the judge that
the support pass calls for each cell. A million cells so pay only for what differs from cell to
cell.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pycountry

from ..casts import INTEGER
from ..formats import FORMATS
from ..model import Field, Table
from ..problems import shown
from ..standard.schema import rejects
from ..vocabulary import judgeable, value_cues
from .dates import PartialDate, expressions, may_give, parse_value
from .index import Citation, Index
from .numbers import states
from .text import contains_folded, needle, normalize

# Rules that take no evidence from quotes: identifiers are labels, computed columns are
# recomputed from the source file by the sources check, evidence columns are the citations.
NOT_EVIDENCED = frozenset({"id", "computed", "evidence"})


@dataclass(slots=True)
class Cell:
    """One value to support: a scalar cell, or one item of a list cell.

    Slotted and not frozen, for cells and outcomes: a large package makes millions of them,
    and a frozen dataclass takes twice as long to build. Nothing changes one once it is built.
    """

    table: str
    record_id: str
    path: str
    line: int
    column: str
    value: str
    field: Mapping[str, Any]


@dataclass(slots=True)
class Outcome:
    supporting: tuple[str, ...] = ()
    reason: str = ""
    code: str = "value-unsupported"
    needs_quote: bool = True  # False: the rule is satisfied without any quote
    judged: bool = True  # False: another check reports the value, so this rule passed it over

    @property
    def supported(self) -> bool:
        return bool(self.supporting) or (not self.needs_quote and not self.reason)


@dataclass(frozen=True, slots=True)
class Column:
    """One evidenced column of a cited table: what a rule is compiled for.

    Every rule names all the citations that support a value, not the first: the check needs
    them all to find a citation that supports nothing, the reports to group by source.
    """

    table: Table
    name: str
    field: Mapping[str, Any]


# A compiled rule's judgement of one value: (value, record id, row position, the record's
# citations) → its outcome. The position reads another column of the row (a date's rule).
Judge = Callable[[str, str, int, Sequence[Citation]], Outcome]
Rule = Callable[[Index, Column], Judge]

# Outcomes that do not depend on the value are built once and shared (none is ever changed).
_WITHOUT_QUOTE = Outcome(needs_quote=False)
# A value that another check reports (a number that is no number, a reference to no record, a
# value the vocabulary lacks): judged as needing no quote, so that its one mistake is one report.
_NOT_JUDGED = Outcome(needs_quote=False, judged=False)
_CITATION_ID = operator.attrgetter("citation_id")


def _ids(citations: Sequence[Citation]) -> tuple[str, ...]:
    return tuple(map(_CITATION_ID, citations))


def text(_: Index, __: Column) -> Judge:
    """The value appears in a quote (case, whitespace and quote styles aside)."""
    absent = Outcome(reason="the value does not appear in any of their quotes")

    def judge(value: str, _: str, __: int, citations: Sequence[Citation]) -> Outcome:
        wanted = needle(value)
        found = [c.citation_id for c in citations if contains_folded(c.folded, wanted)]
        return Outcome(tuple(found)) if found else absent

    return judge


def verbatim(_: Index, __: Column) -> Judge:
    """The value is an exact span of a quote, byte for byte."""
    absent = Outcome(reason="the value is not an exact span of any of their quotes")

    def judge(value: str, _: str, __: int, citations: Sequence[Citation]) -> Outcome:
        found = [c.citation_id for c in citations if value in c.quote]
        return Outcome(tuple(found)) if found else absent

    return judge


def reference(index: Index, column: Column) -> Judge:
    """A quote names the referenced record; for an event, a citation shares one of its sources."""
    target = index.references.get((column.table.name, column.name), "")
    if target == "events":
        return _shares_a_source(index)
    folded_names = index.folded_names

    def judge(value: str, _: str, __: int, citations: Sequence[Citation]) -> Outcome:
        found = _containing_any(citations, folded_names(target, value))
        if found:
            return Outcome(tuple(found))
        names = index.names_of(target, value)
        listed = ", ".join(repr(name) for name in names) or "no name"
        return Outcome(reason=f"no quote names {target} {shown(value)} (as {listed})")

    return judge


def _containing_any(citations: Sequence[Citation], needles: Sequence[str]) -> list[str]:
    """The ids of the citations whose quote contains one of the normalized ``needles``."""
    return [c.citation_id for c in citations if any(contains_folded(c.folded, n) for n in needles)]


def _shares_a_source(index: Index) -> Judge:
    event_sources = index.citations.sources

    def judge(value: str, _: str, __: int, citations: Sequence[Citation]) -> Outcome:
        sources = event_sources("events", value)
        found = [c.citation_id for c in citations if c.source_id in sources]
        if found:
            return Outcome(tuple(found))
        return Outcome(reason=f"none comes from a source that event {shown(value)} is cited from")

    return judge


def vocabulary(index: Index, column: Column) -> Judge:
    """A quote holds a cue of the value; a classification value needs none."""
    name = column.field.get("x-vocabulary")
    known: dict[str, tuple[Any, tuple[str, ...]]] = {}  # each value's cues, looked up once

    def judge(value: str, _: str, __: int, citations: Sequence[Citation]) -> Outcome:
        if value not in known:
            known[value] = _cues(index, name, value)
        cues, folded = known[value]
        if cues is None:
            return _WITHOUT_QUOTE
        found = _containing_any(citations, folded)
        if found:
            return Outcome(tuple(found))
        if not cues:  # a value defined without cues: no quote can support it
            return Outcome(reason=f"the vocabulary lists no cue for {shown(value)}")
        return Outcome(reason=f"no cue for {shown(value)} ({', '.join(map(repr, cues))})")

    return judge


def _cues(index: Index, name: Any, value: str) -> tuple[Any, tuple[str, ...]]:
    """A vocabulary value's cues and their normalized forms; (None, ()) for a classification,
    and for a value that the vocabulary does not define, or whose cues are of another shape:
    the Table Schema, or the vocabulary check, reports that mistake once."""
    vocabulary = index.vocabularies.get(name) if isinstance(name, str) else None
    values = vocabulary.get("values") if isinstance(vocabulary, Mapping) else None
    entry = values.get(value) if isinstance(values, Mapping) else None
    cues = value_cues(vocabulary, entry) if judgeable(entry) else None
    return (None, ()) if cues is None else (cues, tuple(needle(cue) for cue in cues))


def classification(_: Index, __: Column) -> Judge:
    """The curators' reading of the source, not a stated fact: no quote needed."""
    return lambda *_: _WITHOUT_QUOTE


def number(_: Index, column: Column) -> Judge:
    """A quote states the number, in digits (``46th``) or as an ordinal word (``first``)."""

    def judge(value: str, _: str, __: int, citations: Sequence[Citation]) -> Outcome:
        if not INTEGER.fullmatch(value):
            return _NOT_JUDGED  # not a number at all: the Table Schema reports it
        wanted = int(value)
        found = [c.citation_id for c in citations if states(c.quote, wanted)]
        if found:
            return Outcome(tuple(found))
        return Outcome(reason=f"no quote states the number {value}")

    return judge


def country_code(index: Index, column: Column) -> Judge:
    """The ISO 3166-1 code's country names include the record's name or one of its aliases."""
    table = column.table.name

    def judge(value: str, record_id: str, _: int, __: Sequence[Citation]) -> Outcome:
        country = pycountry.countries.get(alpha_3=value)
        if country is None:
            return Outcome(reason="not an ISO 3166-1 alpha-3 code", needs_quote=False)
        official = {
            normalize(getattr(country, attribute, ""))
            for attribute in ("name", "official_name", "common_name")
        }
        names = index.names_of(table, record_id)
        if any(normalize(name) in official for name in names):
            return _WITHOUT_QUOTE
        return Outcome(
            reason=f"{value} is {country.name!r}, which is none of the record's names",
            needs_quote=False,
        )

    return judge


def date(index: Index, column: Column) -> Judge:
    """A quote's date expression gives every part of the value (or the named rule does)."""
    rule_column = column.field.get("x-date-rule")
    rules = column.table.column(rule_column) if isinstance(rule_column, str) else None
    refused = rejects(column.table, rule_column)

    def judge(value: str, _: str, position: int, citations: Sequence[Citation]) -> Outcome:
        parsed = parse_value(value)
        if parsed is None:
            return Outcome(reason=f"{shown(value)} is not a form the date rule reads")
        rule = rules[position] if rules is not None else None
        if rule == "year-from-dateline":
            return _year_from_dateline(index, parsed, citations)
        if rule is None:
            return _stated(parsed, citations)
        if refused(rule):
            return _NOT_JUDGED  # the Table Schema reports the rule (outside its enum)
        # A rule the schema allows but this code does not apply: fail safe, nothing supports it.
        return Outcome(reason=f"unknown date rule {rule!r}")

    return judge


def _stated(value: PartialDate, citations: Sequence[Citation]) -> Outcome:
    found, weekday = [], ""
    for citation in citations:
        if not may_give(citation.quote, value):
            continue
        for stated in expressions(citation.quote):
            if stated.gives(value):
                problem = stated.weekday_problem()
                weekday = weekday or (problem or "")
                if not problem:
                    found.append(citation)
    if found:
        return Outcome(_ids(found))
    return _unstated(weekday, f"no quote states a date that gives {value.text}")


def _year_from_dateline(index: Index, value: PartialDate, citations: Sequence[Citation]) -> Outcome:
    if None in (value.year, value.month, value.day):
        return Outcome(reason="year-from-dateline needs a full date (YYYY-MM-DD)")
    found, weekday = [], ""
    month_day = value._replace(year=None)  # the year is the dateline's, not the quote's
    for citation in citations:
        if index.published_year.get(citation.source_id) != value.year:
            continue
        if not may_give(citation.quote, month_day):
            continue
        for stated in expressions(citation.quote):
            if (stated.month, stated.day) == (value.month, value.day) and stated.year in (
                None,
                value.year,
            ):
                combined = PartialDate(
                    value.year, value.month, value.day, stated.weekday, stated.text
                )
                problem = combined.weekday_problem()
                weekday = weekday or (problem or "")
                if not problem:
                    found.append(citation)
    if found:
        return Outcome(_ids(found))
    return _unstated(
        weekday,
        f"no quote states the month and day of {value.text} in a source published in {value.year}",
    )


def _unstated(weekday: str, reason: str) -> Outcome:
    """No quote states the date: a stated weekday that disagrees is the better explanation."""
    if weekday:
        return Outcome(reason=weekday, code="weekday-mismatch")
    return Outcome(reason=reason)


RULES: Mapping[str, Rule] = {
    "text": text,
    "verbatim": verbatim,
    "reference": reference,
    "vocabulary": vocabulary,
    "classification": classification,
    "date": date,
    "number": number,
    "country-code": country_code,
}


def deferring_to_other_checks(judge: Judge, index: Index, table: Table, field: Field) -> Judge:
    """``judge``, except for a value that another check refuses, and so reports once: one that
    the field's ``x-format`` refuses (an EDTF date of month 13, a country code not in ISO
    3166) or an empty item of a list (``a;;b``: schema_gen gives every string item
    ``minLength`` 1), both the row schema's; a reference (rule ``reference``) to no record, the
    foreign key's. Such a value is not judged a second time.

    The other check's verdict is asked only about a value that the rule does not support: a
    valid package pays one call per value, never a format check or a key lookup.
    """
    valid = FORMATS.get(field.format or "")
    in_a_list = field.type == "list"
    referring = field.descriptor.get("x-support") == "reference"
    target = index.references.get((table.name, field.name)) if referring else None
    if valid is None and not in_a_list and target is None:
        return judge

    def judged(value: str, record_id: str, position: int, citations: Sequence[Citation]) -> Outcome:
        outcome = judge(value, record_id, position, citations)
        if outcome.supported:
            return outcome
        if (
            (in_a_list and not value)
            or (valid is not None and not valid(value))
            or (target is not None and not index.has_record(target, value))
        ):
            return _NOT_JUDGED
        return outcome

    return judged


def lacking(table: Table, field: Field, rule: str) -> tuple[str, str] | None:
    """What the field lacks that its rule needs to judge any value, and how to give it; or
    None. Its values cannot be judged then: the support check reports the field once instead."""
    if rule == "reference" and field.name not in {key.field for key in table.foreign_keys}:
        return "single-field foreign key to say whose names", "declare it in schema.foreignKeys"
    if rule == "vocabulary" and field.vocabulary is None:
        return "`x-vocabulary` to say whose cues", "name a vocabulary of vocabulary.json"
    return None


def summary(rule: str) -> str:
    """The first line of a rule's docstring, for the data dictionary."""
    if rule in NOT_EVIDENCED:
        return {
            "id": "An identifier: a label, not a fact; needs no citation.",
            "computed": "Computed from the source file and recomputed by the validator.",
            "evidence": "Part of the evidence: a citation, or the rule that combines quotes.",
        }[rule]
    function = RULES.get(rule)
    doc = function.__doc__ if function is not None else None
    return (doc or "").strip().splitlines()[0] if doc else ""
