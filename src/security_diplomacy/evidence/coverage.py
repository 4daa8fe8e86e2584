"""Which lines of the sources carry text and are cited by no record, nor listed as skipped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import CITATIONS_TABLE, Package

SKIPPED_TABLE = "skipped_lines"


@dataclass(frozen=True)
class Line:
    source_id: str
    path: str
    number: int
    text: str


def content_lines(pkg: Package) -> Iterator[Line]:
    """Every line with non-blank text, of every readable source."""
    for source_id, source in sorted(pkg.sources.items()):
        for number, text in enumerate(source.lines or (), 1):
            if text.strip():
                yield Line(source_id, source.path, number, text)


def cited_lines(pkg: Package) -> set[tuple[str, int]]:
    return _pairs(pkg, CITATIONS_TABLE)


def skipped_lines(pkg: Package) -> set[tuple[str, int]]:
    return set(skip_reasons(pkg))


def skip_reasons(pkg: Package) -> dict[tuple[str, int], str]:
    """(source_id, line) → why the line is skipped, from the skipped-lines table."""
    table = pkg.tables.get(SKIPPED_TABLE)
    if table is None or not table.loaded:
        return {}
    columns = (table.column("source_id"), table.column("line"), table.column("reason"))
    return {
        (source_id, line): reason if isinstance(reason, str) else ""
        for source_id, line, reason in zip(*columns, strict=True)
        if isinstance(source_id, str) and type(line) is int
    }


def uncovered(pkg: Package) -> list[Line]:
    """Content lines neither cited nor skipped: facts nobody has curated yet.

    Nothing without both tables loaded: which lines they cover is then unknown, not none, and
    the problem that keeps a table from loading (or missing) is reported by its own check.
    """
    if not all(_loaded(pkg, name) for name in (CITATIONS_TABLE, SKIPPED_TABLE)):
        return []
    covered = cited_lines(pkg) | skipped_lines(pkg)
    return [line for line in content_lines(pkg) if (line.source_id, line.number) not in covered]


def _loaded(pkg: Package, name: str) -> bool:
    table = pkg.tables.get(name)
    return table is not None and table.loaded


def _pairs(pkg: Package, table_name: str) -> set[tuple[str, int]]:
    table = pkg.tables.get(table_name)
    if table is None or not table.loaded:
        return set()
    pairs = set(zip(table.column("source_id"), table.column("line"), strict=True))
    return {(s, n) for s, n in pairs if isinstance(s, str) and type(n) is int}
