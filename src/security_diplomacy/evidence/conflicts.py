"""Where documents disagree: one record, several readings, each from different sources.

The columns that hold alternative readings of one fact share an ``x-readings`` group in the
schema (``name`` and ``aliases`` form the group ``name``). A group of a record is in conflict
when two of its values come from documents that do not share them: one document calls the
session an "extraordinary meeting", another an "extraordinary session". A short form found in
every document that has the long one ("Kazakhstan" beside "Republic of Kazakhstan") is no
disagreement. Both
readings stay in the tables, each with its citation; this lists them side by side.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .support import Evaluation, sources


@dataclass(frozen=True)
class Reading:
    column: str
    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    table: str
    record_id: str
    group: str
    readings: tuple[Reading, ...]


def conflicts(evaluation: Evaluation) -> list[Conflict]:
    groups: dict[tuple[str, str, str], list[Reading]] = defaultdict(list)
    for verdict in evaluation.verdicts:
        group = verdict.cell.field.get("x-readings")
        if not isinstance(group, str):
            continue
        found = sources(evaluation.index, verdict)
        if found:
            cell = verdict.cell
            groups[(cell.table, cell.record_id, group)].append(
                Reading(cell.column, cell.value, found)
            )
    return [
        Conflict(table, record_id, group, tuple(readings))
        for (table, record_id, group), readings in sorted(groups.items())
        if _disagree(readings)
    ]


def _disagree(readings: list[Reading]) -> bool:
    """Two readings each found in a document that lacks the other."""
    sets = [set(reading.sources) for reading in readings]
    return any(not a <= b and not b <= a for a in sets for b in sets)
