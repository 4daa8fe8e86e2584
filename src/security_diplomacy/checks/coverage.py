"""Full line coverage: every source line with text is cited, or listed as skipped with a reason.

A skipped line must exist, carry text and not be cited: a listing that has gone stale (the
line got cited, or the source changed) would otherwise hide a line from this check.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evidence.coverage import SKIPPED_TABLE, cited_lines, uncovered
from ..model import Package
from ..problems import Problem, problem


def check(pkg: Package) -> Iterator[Problem]:
    for line in uncovered(pkg):
        yield problem(
            "line-uncovered",
            line.path,
            f"line {line.number} carries text but no record cites it: cite it from the record "
            f"that states its facts, or list it in data/{SKIPPED_TABLE}.csv with the reason "
            "it carries none",
            row=line.number,
        )
    yield from _stale_skips(pkg)


def _stale_skips(pkg: Package) -> Iterator[Problem]:
    table = pkg.tables.get(SKIPPED_TABLE)
    if table is None or not table.loaded:
        return
    cited = cited_lines(pkg)
    for row in table.rows:
        source_id, number = row.text("source_id"), row.get("line")
        source = pkg.sources.get(source_id or "")
        if source is None or source.lines is None or not isinstance(number, int):
            continue  # the foreign key and Table Schema checks report these
        # Line 0 or below is no line either (the Table Schema minimum reports it besides).
        exists = 1 <= number <= len(source.lines)
        if not exists or not source.lines[number - 1].strip():
            reason = "is blank" if exists else "does not exist"
            yield problem(
                "skipped-line-invalid",
                table.path,
                f"line {number} of {source.path} {reason}; remove this row",
                row=row.line,
                column="line",
            )
        elif (source_id, number) in cited:
            yield problem(
                "skipped-line-cited",
                table.path,
                f"line {number} of {source.path} is cited, so it is not skipped; remove this row",
                row=row.line,
                column="line",
            )
