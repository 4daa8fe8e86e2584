"""Render validation results for people (text) or programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .model import CITATIONS_TABLE, Package
from .problems import Problem


def summary(pkg: Package, problems: Sequence[Problem]) -> dict[str, Any]:
    """Counts that show what was checked, so a pass on an empty package is visible."""
    citations = pkg.tables.get(CITATIONS_TABLE)
    return {
        "tables": len(pkg.tables),
        "rows": {name: len(table.rows) for name, table in pkg.tables.items()},
        "citations_checked": len(citations.rows) if citations else 0,
        "sources": len(pkg.sources),
        "errors": len(problems),
    }


def sorted_problems(problems: Sequence[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


def as_text(pkg: Package, problems: Sequence[Problem]) -> str:
    """One line per problem (``path:row:column: message [code]``), then a summary line."""
    counts = summary(pkg, problems)
    rows = ", ".join(f"{name} {count}" for name, count in counts["rows"].items())
    verdict = "valid" if not problems else f"INVALID: {counts['errors']} problem(s)"
    lines = [str(p) for p in sorted_problems(problems)]
    lines.append(
        f"{counts['tables']} tables ({rows}); {counts['citations_checked']} citations checked; "
        f"{counts['sources']} sources; {verdict}"
    )
    return "\n".join(lines)


def as_json(pkg: Package, problems: Sequence[Problem]) -> str:
    document = {
        "valid": not problems,
        "summary": summary(pkg, problems),
        "problems": [p.as_dict() for p in sorted_problems(problems)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
