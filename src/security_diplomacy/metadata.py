"""Write the derived files, or report which ones are stale.

Both directions use :func:`expected_files`, so what ``make metadata`` writes is by construction
what validation expects. ``bytes`` and ``hash`` of the data files are only written here; their
staleness is reported by :mod:`.checks.integrity` (one problem per data file, which says more
than "datapackage.json is stale").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import jsonfile, readme_gen, schema_gen
from .model import DESCRIPTOR, README, SOURCES_TABLE, Package, row_schema_path
from .package import load
from .problems import Problem, problem

STALE = "derived-file-stale"
FIX = "run `make metadata` (do not edit generated files by hand)"


def expected_files(pkg: Package, *, restamp: bool) -> dict[str, str]:
    """Path → text of every derived file, computed from the loaded package.

    With ``restamp`` the data files' ``bytes``/``hash`` are recomputed; without, the
    descriptor's current values are kept (the integrity check judges those).
    """
    if pkg.descriptor is None:
        return {}
    descriptor = schema_gen.derived_descriptor(
        pkg.descriptor, pkg.vocabularies, _source_rows(pkg), _stamps(pkg) if restamp else None
    )
    files = {DESCRIPTOR: schema_gen.dump_json(descriptor)}
    for name, table in pkg.tables.items():
        schema = schema_gen.row_schema(table.descriptor, pkg.vocabularies, pkg.rules.get(name))
        files[row_schema_path(name)] = schema_gen.dump_json(schema)
    files[README] = readme_gen.readme_with_sections(
        pkg.readme_text, readme_sections(pkg, descriptor), str(descriptor.get("title", ""))
    )
    return files


def readme_sections(pkg: Package, descriptor: Mapping[str, Any]) -> dict[str, str]:
    """Section name → generated Markdown."""
    counts = {name: len(t.lines) if t.loaded else None for name, t in pkg.tables.items()}
    return {
        readme_gen.FILES_SECTION: readme_gen.files_table(descriptor, counts),
        readme_gen.DICTIONARY_SECTION: readme_gen.data_dictionary(
            descriptor, pkg.vocabularies, counts
        ),
    }


def _source_rows(pkg: Package) -> list[Mapping[str, Any]] | None:
    table = pkg.tables.get(SOURCES_TABLE)
    return [row.values for row in table.rows] if table and table.loaded else None


def _stamps(pkg: Package) -> dict[str, tuple[int, str]]:
    return {name: t.stamp for name, t in pkg.tables.items() if t.stamp is not None}


# --- writing -------------------------------------------------------------------------------------


def write_derived(root: Path | str | Package) -> list[str]:
    """Rewrite every stale derived file; return the paths written or deleted.

    Does nothing when datapackage.json cannot be read: the caller reports ``pkg.problems``.
    Row schemas of resources that no longer exist are deleted, so they cannot mislead users.
    """
    pkg = root if isinstance(root, Package) else load(root)
    expected = expected_files(pkg, restamp=True)
    changed = []
    for rel, text in expected.items():
        path = pkg.root / rel
        if _current_text(pkg, rel) != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(rel)
    for rel in _orphan_schemas(pkg, expected):
        (pkg.root / rel).unlink(missing_ok=True)
        changed.append(rel)
    return changed


# --- checking ------------------------------------------------------------------------------------


def blockers(pkg: Package) -> list[Problem]:
    """The loader's problems that stop ``make metadata``: a descriptor, vocabulary or rules
    file it could not read. Derived from them, the derived files would drop what they describe
    (a table from the README's dictionary, a vocabulary's values from the row schemas)."""
    return [p for p in pkg.problems if p.code == "descriptor-invalid"]


def check_derived(root: Path | str | Package) -> list[Problem]:
    """One ``derived-file-stale`` problem per derived file that ``make metadata`` would change;
    none while :func:`blockers` stop it: what it would write is then no yardstick."""
    pkg = root if isinstance(root, Package) else load(root)
    if blockers(pkg):
        return []
    expected = expected_files(pkg, restamp=False)
    problems = [
        _stale(pkg, rel, text) for rel, text in expected.items() if _current_text(pkg, rel) != text
    ]
    problems += [
        problem(STALE, rel, f"belongs to no resource of datapackage.json; {FIX}")
        for rel in _orphan_schemas(pkg, expected)
    ]
    return problems


def _current_text(pkg: Package, rel: str) -> str | None:
    if rel == DESCRIPTOR:
        return pkg.descriptor_text
    if rel == README:
        return pkg.readme_text
    return pkg.schema_texts.get(rel)


def _orphan_schemas(pkg: Package, expected: Mapping[str, str]) -> list[str]:
    """The row schemas of no declared resource; none while the resources cannot be listed:
    `make metadata` would delete the schemas of every table over one broken descriptor."""
    if pkg.resource_objects is None:
        return []
    declared = {row_schema_path(name) for name in pkg.declared("name")}
    return [rel for rel in pkg.schema_texts if rel not in expected and rel not in declared]


def _stale(pkg: Package, rel: str, expected: str) -> Problem:
    current = _current_text(pkg, rel)
    if current is None:
        return problem(STALE, rel, f"missing; {FIX}")
    if rel == README:
        return problem(STALE, rel, f"{_readme_difference(current, expected)}; {FIX}")
    where = _json_difference(current, expected)
    return problem(STALE, rel, f"out of date ({where}); {FIX}")


def _readme_difference(current: str, expected: str) -> str:
    missing, stale = [], []
    for section in (readme_gen.FILES_SECTION, readme_gen.DICTIONARY_SECTION):
        now, want = _section(current, section), _section(expected, section)
        if now is None:
            missing.append(section)
        elif now != want:
            stale.append(section)
    if missing:
        begin, end = readme_gen.markers(missing[0])
        return f"lacks the generated section(s) {missing} (markers `{begin}` … `{end}`)"
    return f"generated section(s) {stale or 'layout'} out of date"


def _section(text: str, section: str) -> str | None:
    begin, end = readme_gen.markers(section)
    start = text.find(begin)
    stop = text.find(end, start)
    return text[start:stop] if 0 <= start < stop else None


def _json_difference(current: str, expected: str) -> str:
    found, why = jsonfile.parse(current)
    if why is not None:
        return why
    where = first_difference(found, json.loads(expected))
    return "layout differs" if where is None else f"first difference at `{where}`"


def first_difference(found: Any, expected: Any, path: str = "") -> str | None:
    """A readable JSON path to the first place where two JSON values differ, or None."""
    if isinstance(found, dict) and isinstance(expected, dict):
        for key in [*expected, *(k for k in found if k not in expected)]:
            if key not in found or key not in expected:
                return f"{path}.{key}".lstrip(".")
            inner = first_difference(found[key], expected[key], f"{path}.{key}")
            if inner is not None:
                return inner
        return None if list(found) == list(expected) else f"{path} (key order)".lstrip(".")
    if isinstance(found, list) and isinstance(expected, list):
        for index, (a, b) in enumerate(zip(found, expected, strict=False)):
            label = b.get("name", index) if isinstance(b, dict) else index
            inner = first_difference(a, b, f"{path}[{label}]")
            if inner is not None:
                return inner
        return None if len(found) == len(expected) else f"{path} (length)".lstrip(".")
    return None if found == expected else (path.lstrip(".") or "(top level)")
