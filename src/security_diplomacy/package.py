"""Load the data package once into one immutable :class:`~.model.Package`.

Loading never raises on bad input: every file that is missing, unreadable or malformed becomes a
:class:`Problem` in :attr:`Package.problems`, and whatever could still be read is kept so the
checks can report as much as possible in one run. The checks only read this object, so every
file is read exactly once, here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from . import jsonfile
from .csvfile import load_tables
from .model import (
    CITATIONS_TABLE,
    DESCRIPTOR,
    README,
    RULES_DIR,
    SCHEMAS_DIR,
    SOURCES_DIR,
    SOURCES_TABLE,
    VOCABULARY,
    Package,
    SourceFile,
    Table,
)
from .paths import lexically_inside, resolves_inside
from .problems import Problem, problem

__all__ = ["load"]


def load(root: Path | str) -> Package:
    """Read the package at ``root``; never raises on bad package content."""
    root = Path(root)
    problems: list[Problem] = []
    descriptor_text = _read_text(root / DESCRIPTOR)
    descriptor = _parse_descriptor(descriptor_text, problems)
    vocabulary = _load_json(root, VOCABULARY, problems)
    tables = {table.name: table for table in load_tables(root, descriptor, problems) if table.name}
    _share_keys(tables)
    sources_table = tables.get(SOURCES_TABLE)
    sources = _load_sources(root, sources_table) if sources_table else {}
    return Package(
        root=root,
        descriptor=descriptor,
        descriptor_text=descriptor_text,
        vocabulary=vocabulary,
        rules=MappingProxyType(_load_rules(root, problems)),
        schema_texts=MappingProxyType(_load_schema_texts(root)),
        readme_text=_read_text(root / README),
        tables=MappingProxyType(tables),
        sources=MappingProxyType(sources),
        source_dir_entries=_list_dir(root, SOURCES_DIR),
        problems=tuple(problems),
        data_dir_entries=_data_dir_entries(root, tables.values()),
    )


# --- tables ------------------------------------------------------------------------------------


def _share_keys(tables: dict[str, Table]) -> None:
    """Let every reference cell hold the very string of the key it names, not an equal copy.

    The loader makes a new string for every cell, so each record id would be kept once in its
    table and again in each citation and foreign key that names it: about 130 MB at a million
    citations. Equal strings are interchangeable, so no check sees a difference; an id that
    names no key is left as it is, for the checks to report.
    """
    targets = {key.resource for table in tables.values() for key in table.foreign_keys}
    targets |= {table.name for table in tables.values() if table.cited}
    keys: dict[Any, Any] = {}
    for name in targets & tables.keys():
        table = tables[name]
        column = table.columns.get(table.primary_key[0]) if len(table.primary_key) == 1 else None
        if column:
            keys.update(zip(column, column, strict=True))
    references = [(table, key.field) for table in tables.values() for key in table.foreign_keys]
    if CITATIONS_TABLE in tables:
        references.append((tables[CITATIONS_TABLE], "record_id"))
    for table, field in references:
        column = table.columns.get(field)
        if isinstance(column, list):
            column[:] = map(keys.get, column, column)  # keys.get(cell, cell), in C


# --- JSON metadata -----------------------------------------------------------------------------


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _parse_descriptor(text: str | None, problems: list[Problem]) -> dict[str, Any] | None:
    if text is None:
        problems.append(
            problem(
                "descriptor-invalid",
                DESCRIPTOR,
                f"{DESCRIPTOR} is missing or not UTF-8 text; restore it from version control",
            )
        )
        return None
    descriptor, why = jsonfile.parse(text)
    if why is not None:
        problems.append(problem("descriptor-invalid", DESCRIPTOR, f"{DESCRIPTOR} is {why}; fix it"))
        return None
    if not isinstance(descriptor, dict):
        problems.append(
            problem(
                "descriptor-invalid",
                DESCRIPTOR,
                f"{DESCRIPTOR} must hold a JSON object, the package's properties; restore it "
                "from version control",
            )
        )
        return None
    return descriptor


def _load_json(root: Path, rel: str, problems: list[Problem]) -> Any:
    """Parse a hand-written JSON file; a missing or broken one is a descriptor problem."""
    text = _read_text(root / rel)
    if text is None:
        problems.append(
            problem("descriptor-invalid", rel, f"{rel} is missing or not UTF-8; restore it")
        )
        return None
    value, why = jsonfile.parse(text)
    if why is not None:
        problems.append(problem("descriptor-invalid", rel, f"{rel} is {why}; fix it"))
    return value


def _load_rules(root: Path, problems: list[Problem]) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for path in sorted((root / RULES_DIR).glob("*.json")):
        value = _load_json(root, f"{RULES_DIR}/{path.name}", problems)
        if value is not None:
            rules[path.stem] = value
    return rules


def _load_schema_texts(root: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((root / SCHEMAS_DIR).glob("*.schema.json")):
        text = _read_text(path)
        if text is not None:
            texts[f"{SCHEMAS_DIR}/{path.name}"] = text
    return texts


def _list_dir(root: Path, rel: str) -> tuple[str, ...]:
    directory = root / rel
    prefix = "" if rel == "." else f"{rel}/"
    try:
        return tuple(sorted(f"{prefix}{path.name}" for path in directory.iterdir()))
    except (OSError, ValueError):  # not a directory, or a name no directory has
        return ()


def _data_dir_entries(root: Path, tables: Iterable[Table]) -> tuple[str, ...]:
    """Everything in the directories that the resources' data files are in."""
    directories = {str(PurePosixPath(t.path).parent) for t in tables if lexically_inside(t.path)}
    return tuple(sorted(entry for rel in directories for entry in _list_dir(root, rel)))


# --- source documents --------------------------------------------------------------------------


def _load_sources(root: Path, table: Table) -> dict[str, SourceFile]:
    sources: dict[str, SourceFile] = {}
    for row in table.rows:
        source_id, path = row.text("source_id"), row.text("path")
        if source_id is not None and path is not None and source_id not in sources:
            sources[source_id] = _load_source(root, source_id, path, row.line)
    return sources


def _load_source(root: Path, source_id: str, rel: str, row: int) -> SourceFile:
    """Collect the facts the sources check judges; read bytes only from a safe regular file."""
    if not lexically_inside(rel):
        return SourceFile(source_id, rel, row, lexically_inside=False)
    path = root / rel
    try:
        facts = SourceFile(
            source_id,
            rel,
            row,
            lexically_inside=True,
            is_symlink=path.is_symlink(),
            # Inside the package too: a linked sources/ folder may lead out of it.
            resolves_inside=resolves_inside(path, root / SOURCES_DIR)
            and resolves_inside(path, root),
            exists=path.exists(),
            is_file=path.is_file(),
        )
    except (OSError, ValueError):  # a name no file has (too long, or with a NUL byte)
        return SourceFile(source_id, rel, row, lexically_inside=True)
    if facts.is_symlink or not facts.resolves_inside or not facts.is_file:
        return facts
    try:
        data = path.read_bytes()
    except OSError as error:
        return replace(facts, read_error=error.strerror or type(error).__name__)
    try:
        lines: tuple[str, ...] | None = tuple(data.decode("utf-8").split("\n"))
    except UnicodeDecodeError:
        lines = None
    # The bytes themselves are not kept: the digest and line count are all that is judged.
    count = data.count(b"\n") + 1  # = len(lines) for UTF-8 text
    return replace(facts, sha256=hashlib.sha256(data).hexdigest(), byte_lines=count, lines=lines)
