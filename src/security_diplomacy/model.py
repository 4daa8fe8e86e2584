"""The loaded package as immutable, typed objects, and the package's file layout.

Nothing here reads files: :mod:`.package` builds these objects, the checks and the metadata
builder only read them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import jsonfile
from .problems import Problem

# Paths of the package's files, relative to its root. One place, so no module spells them twice.
DESCRIPTOR = "datapackage.json"
VOCABULARY = "schemas/vocabulary.json"
RULES_DIR = "schemas/rules"
SCHEMAS_DIR = "schemas"
SOURCES_DIR = "sources"
README = "README.md"
# What a copy of the package needs for the validator to read it all (scripts/fuzz.py, the tests).
PACKAGE_FILES = (DESCRIPTOR, README, "data", SCHEMAS_DIR, SOURCES_DIR)

# The two resources the provenance checks are built around.
SOURCES_TABLE = "sources"
CITATIONS_TABLE = "citations"


Value = str | int | tuple[str, ...]


@dataclass(frozen=True)
class Field:
    """One Table Schema field, with the project's ``x-`` extensions made explicit."""

    name: str
    type: str
    descriptor: Mapping[str, Any]

    @property
    def delimiter(self) -> str:
        return str(self.descriptor.get("delimiter", ","))

    @property
    def vocabulary(self) -> str | None:
        value = self.descriptor.get("x-vocabulary")
        return value if isinstance(value, str) else None

    @property
    def format(self) -> str | None:
        value = self.descriptor.get("x-format")
        return value if isinstance(value, str) else None

    @property
    def constraints(self) -> Mapping[str, Any]:
        value = self.descriptor.get("constraints")
        return value if isinstance(value, Mapping) else {}


@dataclass(frozen=True, slots=True)
class Row:
    """One CSV record: typed values (empty cells omitted) and the line where it starts.

    Slotted, and ``values`` a plain dict that nothing writes to: a million rows must stay small.
    """

    line: int
    values: Mapping[str, Value]

    def get(self, name: str) -> Value | None:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        """The value as a string, or None when empty or not a string."""
        value = self.values.get(name)
        return value if isinstance(value, str) else None

    def as_json(self) -> dict[str, Any]:
        """A JSON-compatible copy (lists instead of tuples) for JSON Schema validation."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.values.items()}


@dataclass(frozen=True)
class ForeignKey:
    """``field`` of a table references ``target_field`` of the resource ``resource``."""

    field: str
    resource: str
    target_field: str


@dataclass(frozen=True)
class Table:
    """One tabular resource: its descriptor, fields and typed columns.

    ``columns`` maps each field to one value per row (None for an empty cell), and ``lines``
    gives the line where each row starts: a million rows are a few lists, not a million
    objects. :attr:`rows` offers the same data row by row, built on first use, for readers of a
    small package (the site, the release, the formatter); the checks read the columns.

    ``loaded`` is False when the rows cannot be trusted (file missing, undecodable, header not
    matching the schema); checks skip such tables because the loading problem already explains
    why. ``record_lines`` holds the start line of every CSV record after the header, blank
    records included, to translate frictionless' row numbers into file lines. ``stamp`` is the
    data file's (bytes, hash), taken when it was read. ``canonical_text`` is True when the file
    was shown, as it was read, to be byte for byte the canonical rendering of its records in
    their order (:mod:`.nativecsv` proves it for the large files it reads): only the order of
    its rows can then keep it from being canonical.
    """

    name: str
    path: str
    descriptor: Mapping[str, Any]
    fields: tuple[Field, ...]
    columns: Mapping[str, Sequence[Value | None]] = field(default_factory=dict)
    lines: Sequence[int] = ()
    record_lines: Sequence[int] = ()
    stamp: tuple[int, str] | None = None
    loaded: bool = False
    canonical_text: bool = False

    @functools.cached_property
    def rows(self) -> tuple[Row, ...]:
        return tuple(self.row_at(position) for position in range(len(self.lines)))

    def row_at(self, position: int) -> Row:
        """One row, built from the columns (for the rare row a check looks at closely)."""
        values = {n: v for n, c in self.columns.items() if (v := c[position]) is not None}
        return Row(self.lines[position], values)

    def column(self, name: str) -> Sequence[Value | None]:
        """One field's values, row by row; all None for a field the table does not have."""
        values = self.columns.get(name)
        return values if values is not None else [None] * len(self.lines)

    def record_keys(self) -> frozenset[str] | None:
        """The primary key values as text, or None without a single-field primary key.

        Built anew on each call, not kept: the citations table's would hold a million strings.
        """
        if len(self.primary_key) != 1:
            return None
        return frozenset(
            str(value) for value in self.column(self.primary_key[0]) if value is not None
        )

    @property
    def cited(self) -> bool:
        """Whether its records need citations (the descriptor's ``x-cited`` is not false)."""
        return self.descriptor.get("x-cited", True) is not False

    @functools.cached_property  # read for every row by several checks
    def primary_key(self) -> tuple[str, ...]:
        schema = self.descriptor.get("schema", {})
        key = schema.get("primaryKey", ()) if isinstance(schema, Mapping) else ()
        key = [key] if isinstance(key, str) else key
        names = {field.name for field in self.fields}
        # Any other shape, or a key naming no field, is a descriptor error that the descriptor
        # check reports; here, no key: a key read as a field that does not exist would make
        # every record's id None, and every citation of the table one of a missing record.
        if isinstance(key, list) and all(isinstance(k, str) and k in names for k in key):
            return tuple(key)
        return ()

    @functools.cached_property
    def foreign_keys(self) -> tuple[ForeignKey, ...]:
        """The single-field foreign keys; malformed ones are the descriptor check's to report."""
        schema = self.descriptor.get("schema")
        keys = schema.get("foreignKeys") if isinstance(schema, Mapping) else None
        found = []
        for key in keys if isinstance(keys, list) else ():
            fields = key.get("fields") if isinstance(key, Mapping) else None
            reference = key.get("reference") if isinstance(key, Mapping) else None
            target = reference.get("resource") if isinstance(reference, Mapping) else None
            targets = reference.get("fields") if isinstance(reference, Mapping) else None
            if isinstance(fields, list) and len(fields) == 1 and isinstance(target, str):
                target_field = targets[0] if isinstance(targets, list) and targets else fields[0]
                found.append(ForeignKey(str(fields[0]), target or self.name, str(target_field)))
        return tuple(found)

    def line_of_record(self, row_number: int) -> int | None:
        """The file line of record ``row_number``, counted as frictionless does (header = 1).

        Used by the parity test, which compares frictionless' reports with the validator's.
        """
        index = row_number - 2
        return self.record_lines[index] if 0 <= index < len(self.record_lines) else None


@dataclass(frozen=True)
class SourceFile:
    """What the file system says about one sources row's ``path``; its digest and text if safe."""

    source_id: str
    path: str
    row: int
    lexically_inside: bool
    is_symlink: bool = False
    resolves_inside: bool = False
    exists: bool = False
    is_file: bool = False
    # Why a regular file's bytes could not be read (say, "Permission denied"); None if read.
    read_error: str | None = None
    sha256: str | None = None  # of the bytes, when they could be read
    byte_lines: int = 0  # newline bytes + 1
    # Line N is element N-1 of the text split on newline; None if not read or not UTF-8. Only
    # the lines are kept, not the text as well: read for every citation, they hold it already.
    lines: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Package:
    """Everything the checks and the metadata builder need, read once."""

    root: Path
    descriptor: Mapping[str, Any] | None
    descriptor_text: str | None
    vocabulary: Any
    rules: Mapping[str, Any]
    schema_texts: Mapping[str, str]
    readme_text: str | None
    tables: Mapping[str, Table]
    sources: Mapping[str, SourceFile]
    source_dir_entries: tuple[str, ...]
    problems: tuple[Problem, ...] = field(default=())
    # The files of the directories that hold data files (``data/``), to find unlisted ones.
    data_dir_entries: tuple[str, ...] = field(default=())

    @property
    def vocabularies(self) -> Mapping[str, Any]:
        """The vocabulary map, or empty when schemas/vocabulary.json is unusable."""
        return self._vocabularies or {}

    @property
    def vocabularies_known(self) -> bool:
        """Whether schemas/vocabulary.json gives a map of vocabularies: while it does not, no
        vocabulary is known to be missing from it (its own problem says why)."""
        return self._vocabularies is not None

    @property
    def _vocabularies(self) -> Mapping[str, Any] | None:
        doc = self.vocabulary
        vocabularies = doc.get("vocabularies") if isinstance(doc, Mapping) else None
        return vocabularies if isinstance(vocabularies, Mapping) else None

    @property
    def resource_objects(self) -> tuple[Mapping[str, Any], ...] | None:
        """The descriptor's resources that are objects, loaded or not; None unless
        ``resources`` is a list (which resources exist is then unknown)."""
        resources = self.descriptor.get("resources") if self.descriptor is not None else None
        if not isinstance(resources, list):
            return None
        return tuple(resource for resource in resources if isinstance(resource, Mapping))

    def declared(self, key: str) -> frozenset[str]:
        """The string ``name`` or ``path`` (``key``) of every resource object: a resource too
        malformed to load is still declared, and its problem is the descriptor's to report,
        not a missing table's, an unlisted file's or an orphaned schema's."""
        return frozenset(
            value
            for resource in self.resource_objects or ()
            if isinstance(value := resource.get(key), str)
        )

    def row_schema(self, table: str) -> Any:
        """The parsed schemas/<table>.schema.json on disk, or None if missing or not JSON."""
        text = self.schema_texts.get(row_schema_path(table))
        return None if text is None else jsonfile.parse(text)[0]


def row_schema_path(table: str) -> str:
    """Where the generated JSON Schema of one table's rows lives."""
    return f"{SCHEMAS_DIR}/{table}.schema.json"


def rules_path(table: str) -> str:
    """Where the hand-written cross-field rules of one table live."""
    return f"{RULES_DIR}/{table}.json"
