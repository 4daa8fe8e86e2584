"""What the support rules look up, indexed once: citations per record, names, event sources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from ..model import CITATIONS_TABLE, SOURCES_TABLE, Package, Row, Table, Value
from .dates import parse_value
from .text import fold, needle

T = TypeVar("T")

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
    # Filled as the rules ask: each name list and each vocabulary value, read once.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False)

    def memoized(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per key for every rule that asks."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]  # type: ignore[no-any-return]

    def folded_names(self, table: str, key: str) -> tuple[str, ...]:
        """The record's names as the text rules look for them (normalized, once each)."""
        names = self.names.get((table, key), ())
        return self.memoized(("names", table, key), lambda: tuple(map(needle, names)))


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


_CITATION_COLUMNS = ("table", "record_id", "citation_id", "source_id", "line", "quote")


def _citations(table: Table | None) -> dict[tuple[str, str], tuple[Citation, ...]]:
    found: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    if table is None or not table.loaded:
        return {}
    columns = [table.column(name) for name in _CITATION_COLUMNS]
    for target, record_id, citation_id, source_id, line, quote in zip(*columns, strict=True):
        if not (
            type(line) is int
            and type(target) is str
            and type(record_id) is str
            and type(citation_id) is str
            and type(source_id) is str
            and type(quote) is str
        ):
            continue  # the Table Schema check reports incomplete citations
        found[(target, record_id)].append(  # type: ignore[index]
            Citation(citation_id, source_id, line, quote, fold(quote))  # type: ignore[arg-type]
        )
    return {key: tuple(value) for key, value in found.items()}


def _names(pkg: Package) -> dict[tuple[str, str], tuple[str, ...]]:
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    for table in pkg.tables.values():
        if not table.loaded or len(table.primary_key) != 1:
            continue
        columns = [table.column(name) for name in NAME_COLUMNS if name in table.columns]
        for key, *values in zip(table.column(table.primary_key[0]), *columns, strict=True):
            if key is not None:
                names[(table.name, str(key))] = _texts(values)
    return names


def _texts(values: list[Value | None]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple):
            found.extend(value)
    return tuple(found)


def _published_years(table: Table | None) -> dict[str, int]:
    years: dict[str, int] = {}
    if table is None or not table.loaded:
        return years
    for source_id, published in zip(
        table.column("source_id"), table.column("published"), strict=True
    ):
        date = parse_value(published) if isinstance(published, str) and published else None
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
