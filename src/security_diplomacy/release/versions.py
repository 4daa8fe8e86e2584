"""The version, as each file that states it states it; they must all agree.

datapackage.json (``version``), CITATION.cff (``version``), pyproject.toml (``project.version``)
and the newest entry of CHANGELOG.md (``## [X.Y.Z] - DATE``). A release is refused when they
differ, and a test fails.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from .citation import read_citation_file

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_CHANGELOG_ENTRY = re.compile(
    r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$", re.M
)
# The [Unreleased] section: from its heading to the next version's (Keep a Changelog 1.1.0).
_UNRELEASED = re.compile(r"^## \[Unreleased\]\s*$(?P<body>.*?)(?=^## |\Z)", re.M | re.S | re.I)


def stated_versions(root: Path) -> dict[str, str | None]:
    """File → the version it states (None when it states none)."""
    return {
        "datapackage.json": _json_version(root / "datapackage.json"),
        "CITATION.cff": read_citation_file(root).get("version"),
        "pyproject.toml": _pyproject_version(root / "pyproject.toml"),
        "CHANGELOG.md": newest_changelog_entry(root)[0],
    }


def version_problems(root: Path) -> list[str]:
    """Why the package cannot be released under one version; empty when it can."""
    versions = stated_versions(root)
    problems = [f"{name} states no version" for name, value in versions.items() if not value]
    distinct = {value for value in versions.values() if value}
    if len(distinct) > 1:
        listed = ", ".join(f"{name} {value}" for name, value in versions.items())
        problems.append(f"the versions differ ({listed}); make them equal")
    problems += [f"{value!r} is not semver X.Y.Z" for value in distinct if not SEMVER.match(value)]
    released = read_citation_file(root).get("date-released")
    changelog_date = newest_changelog_entry(root)[1]
    if released and changelog_date and str(released) != changelog_date:
        problems.append(
            f"CITATION.cff date-released {released} differs from the CHANGELOG.md entry date "
            f"{changelog_date}"
        )
    return problems


def unreleased_problems(root: Path) -> list[str]:
    """Why the files cannot be released as the stated version: changes listed since it.

    The stated version names the last release's bytes; a change listed under [Unreleased] has
    altered them since, so building now would give other bytes the same version.
    """
    path = root / "CHANGELOG.md"
    match = _UNRELEASED.search(path.read_text(encoding="utf-8")) if path.exists() else None
    entries = [line for line in match["body"].splitlines() if line.strip()] if match else []
    if not any(not line.startswith("#") for line in entries):
        return []  # no section, or only its empty sub-headings
    version = newest_changelog_entry(root)[0]
    return [
        f"CHANGELOG.md lists changes under [Unreleased], made since version {version}; to release "
        "them, move them under a new `## [X.Y.Z] - YYYY-MM-DD` heading (a minor version for "
        "added rows, see the README) and state X.Y.Z and that date in datapackage.json, "
        "CITATION.cff and pyproject.toml"
    ]


def newest_changelog_entry(root: Path) -> tuple[str | None, str | None]:
    """(version, date) of the first ``## [X.Y.Z] - YYYY-MM-DD`` heading of CHANGELOG.md."""
    path = root / "CHANGELOG.md"
    match = _CHANGELOG_ENTRY.search(path.read_text(encoding="utf-8")) if path.exists() else None
    return (match["version"], match["date"]) if match else (None, None)


def _json_version(path: Path) -> str | None:
    value = json.loads(path.read_text(encoding="utf-8")).get("version")
    return value if isinstance(value, str) else None


def _pyproject_version(path: Path) -> str | None:
    if not path.exists():  # a release archive carries no pyproject.toml
        return None
    value = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {}).get("version")
    return value if isinstance(value, str) else None
