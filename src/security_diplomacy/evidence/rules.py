"""The support rules: one function per rule name that the schemas give in ``x-support``.

Each rule answers, for one cell value and the citations of its record, which citations support
the value, or why none does. The schemas declare which rule each column follows, so adding a
column never means adding code here, and no rule exists twice.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pycountry

from ..csvfile import INTEGER
from .dates import PartialDate, expressions, parse_value
from .index import Citation, Index
from .numbers import numbers_stated
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
    row: Mapping[str, Any]
    field: Mapping[str, Any]


@dataclass(slots=True)
class Outcome:
    supporting: tuple[str, ...] = ()
    reason: str = ""
    code: str = "value-unsupported"
    needs_quote: bool = True  # False: the rule is satisfied without any quote

    @property
    def supported(self) -> bool:
        return bool(self.supporting) or (not self.needs_quote and not self.reason)


Rule = Callable[[Index, Cell, Sequence[Citation]], Outcome]


def _ids(citations: Sequence[Citation]) -> tuple[str, ...]:
    return tuple(map(_CITATION_ID, citations))


_CITATION_ID = operator.attrgetter("citation_id")


def _found(citations: Sequence[Citation], reason: str) -> Outcome:
    return Outcome(_ids(citations)) if citations else Outcome(reason=reason)


def text(_: Index, cell: Cell, citations: Sequence[Citation]) -> Outcome:
    """The value appears in a quote (case, whitespace and quote styles aside)."""
    wanted = needle(cell.value)
    found = [c for c in citations if contains_folded(c.folded, wanted)]
    return _found(found, "the value does not appear in any of their quotes")


def verbatim(_: Index, cell: Cell, citations: Sequence[Citation]) -> Outcome:
    """The value is an exact span of a quote, byte for byte."""
    found = [c for c in citations if cell.value in c.quote]
    return _found(found, "the value is not an exact span of any of their quotes")


def reference(index: Index, cell: Cell, citations: Sequence[Citation]) -> Outcome:
    """A quote names the referenced record; for an event, a citation shares one of its sources."""
    target = index.references.get((cell.table, cell.column), "")
    if target == "events":
        sources = index.event_sources.get(cell.value, frozenset())
        found = [c for c in citations if c.source_id in sources]
        if found:
            return Outcome(_ids(found))
        return Outcome(reason=f"none comes from a source that event {cell.value!r} is cited from")
    folded = index.folded_names(target, cell.value)
    found = [c for c in citations if any(contains_folded(c.folded, n) for n in folded)]
    if found:
        return Outcome(_ids(found))
    names = index.names.get((target, cell.value), ())
    listed = ", ".join(repr(name) for name in names) or "no name"
    return Outcome(reason=f"no quote names {target} {cell.value!r} (as {listed})")


def vocabulary(index: Index, cell: Cell, citations: Sequence[Citation]) -> Outcome:
    """A quote holds a cue of the value; a classification value needs none."""
    name = cell.field.get("x-vocabulary")
    cues, folded = index.memoized(
        ("cues", name, cell.value), lambda: _cues(index, name, cell.value)
    )
    if cues is None:
        return Outcome(needs_quote=False)
    found = [c for c in citations if any(contains_folded(c.folded, cue) for cue in folded)]
    if found:
        return Outcome(_ids(found))
    return Outcome(reason=f"no cue for {cell.value!r} ({', '.join(map(repr, cues))})")


def _cues(index: Index, name: Any, value: str) -> tuple[Any, tuple[str, ...]]:
    """A vocabulary value's cues and their normalized forms; (None, ()) for a classification."""
    entry = index.vocabularies.get(name, {}) if isinstance(name, str) else {}
    defined = entry.get("values", {}).get(value, {}) if isinstance(entry, Mapping) else {}
    if entry.get("classification") or defined.get("classification"):
        return None, ()
    cues = [cue for cue in defined.get("cues", []) if isinstance(cue, str)]
    return cues, tuple(needle(cue) for cue in cues)


def classification(_: Index, __: Cell, ___: Sequence[Citation]) -> Outcome:
    """The curators' reading of the source, not a stated fact: no quote needed."""
    return Outcome(needs_quote=False)


def number(_: Index, cell: Cell, citations: Sequence[Citation]) -> Outcome:
    """A quote states the number, in digits (``46th``) or as an ordinal word (``first``)."""
    if not INTEGER.fullmatch(cell.value):
        return Outcome(needs_quote=False)  # not a number at all: the Table Schema reports it
    found = [c for c in citations if int(cell.value) in numbers_stated(c.quote)]
    return _found(found, f"no quote states the number {cell.value}")


def country_code(index: Index, cell: Cell, _: Sequence[Citation]) -> Outcome:
    """The ISO 3166-1 code's country names include the record's name or one of its aliases."""
    country = pycountry.countries.get(alpha_3=cell.value)
    if country is None:
        return Outcome(reason="not an ISO 3166-1 alpha-3 code", needs_quote=False)
    official = {
        normalize(getattr(country, attribute, ""))
        for attribute in ("name", "official_name", "common_name")
    }
    names = index.names.get((cell.table, cell.record_id), ())
    if any(normalize(name) in official for name in names):
        return Outcome(needs_quote=False)
    return Outcome(
        reason=f"{cell.value} is {country.name!r}, which is none of the record's names",
        needs_quote=False,
    )


def date(index: Index, cell: Cell, citations: Sequence[Citation]) -> Outcome:
    """A quote's date expression gives every part of the value (or the named rule does)."""
    value = parse_value(cell.value)
    if value is None:
        return Outcome(reason=f"{cell.value!r} is not a form the date rule reads")
    rule_column = cell.field.get("x-date-rule")
    rule = cell.row.get(rule_column) if isinstance(rule_column, str) else None
    if rule == "year-from-dateline":
        return _year_from_dateline(index, value, citations)
    if rule is not None:
        return Outcome(reason=f"unknown date rule {rule!r}")
    return _stated(value, citations)


def _stated(value: PartialDate, citations: Sequence[Citation]) -> Outcome:
    found, weekday = [], ""
    for citation in citations:
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
    for citation in citations:
        if index.published_year.get(citation.source_id) != value.year:
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
