"""What the support rules look up, indexed once: citations per record, names, event sources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..model import CITATIONS_TABLE, SOURCES_TABLE, Package, Row, Table
from .dates import parse_value
from .text import fold

# The columns whose values name a record, for references to it.
NAME_COLUMNS = ("name", "abbreviation", "aliases")


class Citation(NamedTuple):
    """A citation as the rules read it; ``folded`` is its quote normalized once, here."""

    citation_id: str
    source_id: str
    line: int
    quote: str
    folded: str


@dataclass(frozen=True)
class Index:
    """Lookups shared by every rule, built from the loaded package."""

    citations: Mapping[tuple[str, str], tuple[Citation, ...]]
    names: Mapping[tuple[str, str], tuple[str, ...]]
    event_sources: Mapping[str, frozenset[str]]
    published_year: Mapping[str, int]
    references: Mapping[tuple[str, str], str]
    vocabularies: Mapping[str, Any]


def build(pkg: Package) -> Index:
    citations = _citations(pkg.tables.get(CITATIONS_TABLE))
    events = pkg.tables.get("events")
    event_sources = {
        record_id: frozenset(c.source_id for c in cited)
        for (table, record_id), cited in citations.items()
        if events is not None and table == events.name
    }
    return Index(
        citations=citations,
        names=_names(pkg),
        event_sources=event_sources,
        published_year=_published_years(pkg.tables.get(SOURCES_TABLE)),
        references=_references(pkg),
        vocabularies=pkg.vocabularies,
    )


def primary_key_value(table: Table, row: Row) -> str | None:
    """The row's single-field primary key as text; None for composite or missing keys."""
    if len(table.primary_key) != 1:
        return None
    value = row.get(table.primary_key[0])
    return None if value is None else str(value)


def _citations(table: Table | None) -> dict[tuple[str, str], tuple[Citation, ...]]:
    found: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    for row in table.rows if table is not None and table.loaded else ():
        values = (row.text(k) for k in ("table", "record_id", "citation_id", "source_id", "quote"))
        target, record_id, citation_id, source_id, quote = values
        line = row.get("line")
        if None in (target, record_id, citation_id, source_id, quote) or not isinstance(line, int):
            continue  # the Table Schema check reports incomplete citations
        found[(str(target), str(record_id))].append(
            Citation(str(citation_id), str(source_id), line, str(quote), fold(str(quote)))
        )
    return {key: tuple(value) for key, value in found.items()}


def _names(pkg: Package) -> dict[tuple[str, str], tuple[str, ...]]:
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    for table in pkg.tables.values():
        if not table.loaded:
            continue
        for row in table.rows:
            key = primary_key_value(table, row)
            if key is not None:
                names[(table.name, key)] = tuple(_values(row, NAME_COLUMNS))
    return names


def _values(row: Row, columns: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for column in columns:
        value = row.get(column)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple):
            found.extend(value)
    return found


def _published_years(table: Table | None) -> dict[str, int]:
    years: dict[str, int] = {}
    for row in table.rows if table is not None and table.loaded else ():
        source_id, published = row.text("source_id"), row.text("published")
        date = parse_value(published) if published else None
        if source_id and date is not None and date.year is not None:
            years[source_id] = date.year
    return years


def _references(pkg: Package) -> dict[tuple[str, str], str]:
    """(table, field) → the resource its single-field foreign key points to."""
    return {
        (table.name, key.field): key.resource
        for table in pkg.tables.values()
        for key in table.foreign_keys
    }
