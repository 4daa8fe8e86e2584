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
    return {
        (source_id, line): row.text("reason") or ""
        for row in (table.rows if table is not None and table.loaded else ())
        if (source_id := row.text("source_id")) is not None
        and isinstance(line := row.get("line"), int)
    }


def uncovered(pkg: Package) -> list[Line]:
    """Content lines neither cited nor skipped: facts nobody has curated yet."""
    covered = cited_lines(pkg) | skipped_lines(pkg)
    return [line for line in content_lines(pkg) if (line.source_id, line.number) not in covered]


def _pairs(pkg: Package, table_name: str) -> set[tuple[str, int]]:
    table = pkg.tables.get(table_name)
    pairs: set[tuple[str, int]] = set()
    for row in table.rows if table is not None and table.loaded else ():
        source_id, line = row.text("source_id"), row.get("line")
        if source_id is not None and isinstance(line, int):
            pairs.add((source_id, line))
    return pairs
