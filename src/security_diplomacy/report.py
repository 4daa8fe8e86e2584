"""Render validation results for people (text), programs (JSON) or GitHub Actions (github)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .evidence.conflicts import Conflict
from .evidence.coverage import cited_lines, content_lines, skip_reasons
from .evidence.support import Evaluation
from .locate import Match
from .model import CITATIONS_TABLE, Package
from .problems import Problem, clip

FORMATS = ("text", "json", "github")


def summary(pkg: Package, problems: Sequence[Problem]) -> dict[str, Any]:
    """Counts that show what was checked, so a pass on an empty package is visible."""
    citations = pkg.tables.get(CITATIONS_TABLE)
    return {
        "tables": len(pkg.tables),
        "rows": {name: len(table.lines) for name, table in pkg.tables.items()},
        "citations_checked": len(citations.lines) if citations else 0,
        "sources": len(pkg.sources),
        "errors": len(problems),
    }


def sorted_problems(problems: Sequence[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


def as_text(pkg: Package, problems: Sequence[Problem]) -> str:
    """One line per problem (``path:row:column: message [code]``), then a summary line."""
    lines = [str(p) for p in sorted_problems(problems)]
    lines.append(_summary_line(pkg, problems))
    return _joined(lines)


def _joined(lines: Iterable[str]) -> str:
    """The lines of a text report, each kept one printable line (see ``_printable``): paths,
    values and source lines come from files that may hold any character."""
    return "\n".join(map(_printable, lines))


def _printable(text: str, keep: str = "") -> str:
    """``text`` with each character that a terminal would not show as itself (a NUL, a line
    break, another control character), except those in ``keep``, written as its Python escape
    (``\\x00``, ``\\n``): a path or value read from a broken file stays one readable line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep else repr(c)[1:-1] for c in text)


def _summary_line(pkg: Package, problems: Sequence[Problem]) -> str:
    counts = summary(pkg, problems)
    rows = ", ".join(f"{name} {count}" for name, count in counts["rows"].items())
    verdict = "valid" if not problems else f"INVALID: {counts['errors']} problem(s)"
    return (
        f"{counts['tables']} tables ({rows}); {counts['citations_checked']} citations checked; "
        f"{counts['sources']} sources; {verdict}"
    )


def as_github(pkg: Package, problems: Sequence[Problem]) -> str:
    """One GitHub Actions ``::error`` command per problem, then the text summary line.

    GitHub turns each command into an annotation on the file and line of a pull request. Paths
    are made relative to the working directory (the repository root in a workflow), so a package
    validated in another directory still points at the right files.
    """
    lines = [_annotation(pkg, p) for p in sorted_problems(problems)]
    lines.append(_summary_line(pkg, problems))
    return "\n".join(lines)


def _annotation(pkg: Package, found: Problem) -> str:
    properties: dict[str, str] = {}
    if found.path != ".":  # "." marks a problem of the validator itself, not of a file
        properties["file"] = Path(os.path.relpath(pkg.root / found.path)).as_posix()
    if found.row is not None:
        properties["line"] = str(found.row)
    properties["title"] = found.code
    listed = ",".join(f"{k}={_escape(v, property_=True)}" for k, v in properties.items())
    where = f"{found.column}: " if found.column else ""
    return f"::error {listed}::{_escape(where + found.message)} [{found.code}]"


def _escape(text: str, *, property_: bool = False) -> str:
    """GitHub's workflow-command escaping: the data, and in properties also ``:`` and ``,``;
    line breaks as GitHub reads them, any other control character as in the text report."""
    text = _printable(text, keep="\r\n")
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def as_json(pkg: Package, problems: Sequence[Problem], extra: dict[str, Any] | None = None) -> str:
    document: dict[str, Any] = {
        "valid": not problems,
        "summary": summary(pkg, problems),
        "problems": [p.as_dict() for p in sorted_problems(problems)],
    }
    if extra and "coverage" in extra:
        document["coverage"] = extra["coverage"]
    if extra and "conflicts" in extra:
        document["conflicts"] = conflicts_json(extra["conflicts"])
    return json.dumps(document, indent=2, ensure_ascii=False)


# --- coverage ------------------------------------------------------------------------------------


def coverage(pkg: Package, evaluation: Evaluation) -> dict[str, Any]:
    """Per table and column, values supported by which rule; per source, its uncited lines.

    A value that another check reports (a reference to no record, say) is counted apart, as
    ``not_judged``: its rule passed it over, so it is neither supported nor unsupported here.
    """
    columns: dict[str, dict[str, Any]] = {}
    for verdict in evaluation.verdicts:
        cell = verdict.cell
        entry = columns.setdefault(
            f"{cell.table}.{cell.column}",
            {"rule": verdict.rule, "values": 0, "supported": 0, "not_judged": 0},
        )
        entry["values"] += 1
        judged = verdict.outcome.judged
        entry["supported"] += judged and verdict.supported
        entry["not_judged"] += not judged
    return {"columns": columns, "sources": _line_coverage(pkg)}


def _line_coverage(pkg: Package) -> dict[str, Any]:
    cited = cited_lines(pkg)
    skipped = skip_reasons(pkg)
    sources: dict[str, Any] = {}
    for line in content_lines(pkg):
        entry = sources.setdefault(line.source_id, {"content_lines": 0, "cited": 0, "uncited": []})
        entry["content_lines"] += 1
        if (line.source_id, line.number) in cited:
            entry["cited"] += 1
        else:
            reason = skipped.get((line.source_id, line.number))
            entry["uncited"].append({"line": line.number, "text": line.text, "skipped": reason})
    return sources


def coverage_text(report: dict[str, Any]) -> str:
    lines = ["Coverage: values supported per column (rule)"]
    for column, entry in sorted(report["columns"].items()):
        passed_over = entry["not_judged"]
        left = f", {passed_over} left to another check" if passed_over else ""
        lines.append(
            f"  {column}: {entry['supported']}/{entry['values']} supported{left} ({entry['rule']})"
        )
    lines.append("Coverage: source lines that carry text")
    for source_id, entry in sorted(report["sources"].items()):
        lines.append(f"  {source_id}: {entry['cited']}/{entry['content_lines']} cited")
        for uncited in entry["uncited"]:
            status = f"skipped: {uncited['skipped']}" if uncited["skipped"] else "NOT COVERED"
            lines.append(f"    line {uncited['line']} ({status}): {_clip(uncited['text'])}")
    return _joined(lines)


def _clip(text: str) -> str:
    return clip(text.strip(), 70)


# --- conflicts -----------------------------------------------------------------------------------


def conflicts_json(found: Sequence[Conflict]) -> list[dict[str, Any]]:
    return [
        {
            "table": conflict.table,
            "record_id": conflict.record_id,
            "group": conflict.group,
            "readings": [
                {"column": r.column, "value": r.value, "sources": list(r.sources)}
                for r in conflict.readings
            ],
        }
        for conflict in found
    ]


def conflicts_text(found: Sequence[Conflict]) -> str:
    lines = [f"Conflicts: {len(found)} record(s) whose documents disagree"]
    for conflict in found:
        lines.append(f"  {conflict.table} {conflict.record_id!r} ({conflict.group}):")
        for reading in conflict.readings:
            lines.append(f"    {reading.column}: {reading.value!r} in {', '.join(reading.sources)}")
    return _joined(lines)


# --- locate --------------------------------------------------------------------------------------


def matches_text(path: str, words: str, found: Sequence[Match]) -> str:
    if not found:
        return _joined([f"{path}: no line carries text"])
    if found[0].kind == "closest":
        head = f"{words!r} does not occur in {path}; the closest lines, differences marked:"
        return _joined(
            [head, *(f"{path}:{m.line}: {m.text}  (similarity {m.score:.2f})" for m in found)]
        )
    note = "" if found[0].kind == "exact" else " (ignoring case, whitespace and quote styles)"
    return _joined(f"{path}:{m.line}:{note} {m.text}" for m in found)
