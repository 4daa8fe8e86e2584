"""What the support rules look up, indexed once: citations per record, names, years, keys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..model import CITATIONS_TABLE, SOURCES_TABLE, Package, Row, Table, Value
from .dates import parse_value
from .text import fold, needle

# The columns whose values name a record, for references to it.
NAME_COLUMNS = ("name", "abbreviation", "aliases")


class Citation(NamedTuple):
    """A citation as the rules read it; ``folded`` is its quote normalized once, here."""

    citation_id: str
    source_id: str
    line: int
    quote: str
    folded: str


_new = tuple.__new__


class Citations:
    """The citations of each record, as :class:`Citation` tuples built when asked for.

    Only row numbers are kept: each record id's first complete citation, and the later rows of
    the few records cited more than once. The citations table already holds their values, and a
    record's citations are asked for once by the support pass. A million citations so take a
    dict entry each, not a list each, nor the few hundred bytes of a tuple with its quote folded.
    The rows are grouped by record id alone; the table a row cites is compared when asked, so
    that the grouping runs at C speed, without a (table, record) pair per row.
    """

    def __init__(self, table: Table | None) -> None:
        self._columns = [table.column(n) for n in _CITATION_COLUMNS] if table is not None else []
        self._first: dict[str, int] = {}  # record id → the row of its first citation
        self._later: dict[int, list[int]] = {}  # that row → the rows of its record's others
        if table is not None and table.loaded:
            self._first, self._later = _rows_by_record(*self._columns)

    def get(self, key: tuple[str, str], default: tuple[Citation, ...] = ()) -> tuple[Citation, ...]:
        rows = self.rows(*key)
        return self.at(rows) if rows else default

    def rows(self, table: str, record_id: str) -> list[int]:
        """The rows of the citations table that cite this record, in file order."""
        first = self._first.get(record_id)
        if first is None:
            return []
        targets = self._columns[0]
        later = self._later.get(first)
        if later is None:  # the usual case: one citation
            return [first] if targets[first] == table else []
        return [row for row in (first, *later) if targets[row] == table]

    def at(self, rows: Sequence[int]) -> tuple[Citation, ...]:
        """The citations of the given rows of the citations table."""
        _, _, ids, sources, lines, quotes = self._columns
        # tuple.__new__ skips the named tuple's own __new__, a Python function.
        return tuple(
            [
                _new(Citation, (ids[row], sources[row], lines[row], quotes[row], fold(quotes[row])))  # type: ignore[arg-type]
                for row in rows
            ]
        )

    def items(self) -> Iterator[tuple[tuple[str, str], tuple[Citation, ...]]]:
        """Each cited (table, record), once, with its citations."""
        if not self._columns:
            return
        targets, records = self._columns[:2]
        seen: set[tuple[str, str]] = set()
        for first in self._first.values():
            for row in (first, *self._later.get(first, ())):
                key = (targets[row], records[row])
                if key not in seen:
                    seen.add(key)
                    yield key, self.at(self.rows(*key))

    def sources(self, table: str, record_id: str) -> frozenset[str]:
        """The documents that a record's citations come from."""
        rows = self.rows(table, record_id)  # none without a citations table
        return frozenset(self._columns[3][row] for row in rows)  # type: ignore[misc]


@dataclass(frozen=True)
class Index:
    """Lookups shared by every rule, built from the loaded package."""

    citations: Citations
    names: Mapping[str, Mapping[str, tuple[str, ...]]]  # table → record → its names
    published_year: Mapping[str, int]
    references: Mapping[tuple[str, str], str]
    vocabularies: Mapping[str, Any]
    # Filled as the rules ask: each record's names, normalized once (table → record → names).
    folded: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, compare=False)
    tables: Mapping[str, Table] = field(default_factory=dict, compare=False)
    # Filled as the rules ask, for the rare value that no quote supports: each table's keys.
    keys: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def names_of(self, table: str, key: str) -> tuple[str, ...]:
        """The record's names as its table gives them (name, abbreviation, aliases)."""
        return self.names.get(table, {}).get(key, ())

    def has_record(self, table: str, key: str) -> bool:
        """Whether the loaded table has a record with this primary key value."""
        keys = self.keys.get(table)
        if keys is None:
            target = self.tables.get(table)
            found = target.record_keys() if target is not None and target.loaded else None
            keys = self.keys[table] = found or frozenset()
        return key in keys

    def folded_names(self, table: str, key: str) -> tuple[str, ...]:
        """The record's names as the text rules look for them (normalized, once each)."""
        memo = self.folded.get(table)
        if memo is None:
            memo = self.folded[table] = {}
        found = memo.get(key)
        if found is None:
            found = memo[key] = tuple(map(needle, self.names_of(table, key)))
        return found


def build(pkg: Package) -> Index:
    citations = Citations(pkg.tables.get(CITATIONS_TABLE))
    return Index(
        citations=citations,
        names=_names(pkg),
        published_year=_published_years(pkg.tables.get(SOURCES_TABLE)),
        references=_references(pkg),
        vocabularies=pkg.vocabularies,
        tables=pkg.tables,
    )


def primary_key_value(table: Table, row: Row) -> str | None:
    """The row's single-field primary key as text; None for composite or missing keys."""
    if len(table.primary_key) != 1:
        return None
    value = row.get(table.primary_key[0])
    return None if value is None else str(value)


_CITATION_COLUMNS = ("table", "record_id", "citation_id", "source_id", "line", "quote")


def _rows_by_record(
    target: Sequence[Value | None],
    record_id: Sequence[Value | None],
    citation_id: Sequence[Value | None],
    source_id: Sequence[Value | None],
    line: Sequence[Value | None],
    quote: Sequence[Value | None],
) -> tuple[dict[str, int], dict[int, list[int]]]:
    """Each record id → its first citation's row, and that row → the rows of the others.

    Complete citations only. The first rows are found at C speed: a dict built from the rows in
    reverse keeps each id's first row, and a row is another citation of its record exactly when
    its id's first row is not itself. Only those rows (about one in ten) pass through Python.
    """
    incomplete = _not_of_type(line, int)  # the Table Schema check reports incomplete citations
    for column in (target, record_id, citation_id, source_id, quote):
        incomplete |= _not_of_type(column, str)
    rows: Sequence[int] = range(len(record_id))
    records: Sequence[Any] = record_id
    if incomplete:
        rows = [row for row in rows if row not in incomplete]
        records = [record_id[row] for row in rows]
    first = dict(zip(reversed(records), reversed(rows), strict=True))
    later: dict[int, list[int]] = {}
    if len(first) < len(rows):
        for row, first_row in zip(rows, map(first.__getitem__, records), strict=True):
            if first_row != row:
                later.setdefault(first_row, []).append(row)
    return first, later


def _not_of_type(column: Sequence[Value | None], kind: type) -> set[int]:
    """The rows whose value is not a ``kind`` (None included), asked first of the whole column
    at C speed: the loader gives a text field text or None, and usually no cell is empty."""
    if set(map(type, column)) <= {kind}:
        return set()
    return {row for row, value in enumerate(column) if type(value) is not kind}


def _names(pkg: Package) -> dict[str, dict[str, tuple[str, ...]]]:
    names: dict[str, dict[str, tuple[str, ...]]] = {}
    for table in pkg.tables.values():
        if not table.loaded or len(table.primary_key) != 1:
            continue
        columns = [table.column(name) for name in NAME_COLUMNS if name in table.columns]
        if not columns:
            continue  # a table without names (the citations) would add a million empty entries
        # Per table, not by (table, record) pairs: a tuple per record would cost 56 bytes more.
        records = names[table.name] = {}
        for key, *values in zip(table.column(table.primary_key[0]), *columns, strict=True):
            texts = _texts(values)
            if key is not None and texts:
                records[str(key)] = texts
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
        if isinstance(source_id, str) and source_id and date is not None and date.year is not None:
            years[source_id] = date.year
    return years


def _references(pkg: Package) -> dict[tuple[str, str], str]:
    """(table, field) → the resource its single-field foreign key points to."""
    return {
        (table.name, key.field): key.resource
        for table in pkg.tables.values()
        for key in table.foreign_keys
    }
