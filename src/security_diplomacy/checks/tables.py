"""The Data Package and Table Schema layer, delegated to frictionless.

Frictionless checks the descriptor against the Data Package profile and every table against its
Table Schema: types, constraints (required, unique, pattern, minimum, enum), primary keys and
foreign keys. This module only runs it and translates its errors into located Problems; it
re-implements none of those rules.

Some frictionless errors repeat what another part of the validator reports with more precision,
and are dropped here so each fault is reported once:

* file access and decoding errors, when the loader already reported an unreadable data file;
* every error of a table that the loader could not load (unreadable, unparsable, a header that
  does not match, no rows): its rows cannot be trusted, and the loading problem says why;
* ``unique-error`` on a single-field primary key (``primary-key`` says the same);
* ``foreign-key`` errors that point into a table the loader could not read (every reference to
  an empty or unparsable table would fail; the loading problem names the one cause);
* ``byte-count`` and ``hash-count`` (the integrity check reports stale stamps, missing ones too).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping
from typing import Any

import frictionless

from ..model import DESCRIPTOR, VOCABULARY, Package, Table
from ..problems import Problem, problem

_FILE_ERRORS = {"scheme-error", "encoding-error", "source-error", "format-error", "file-error"}
_STAMP_ERRORS = {"byte-count", "hash-count"}
_METADATA_ERRORS = {
    "package-error",
    "resource-error",
    "schema-error",
    "field-error",
    "dialect-error",
    "metadata-error",
}

_HINTS = {
    "type-error": "write a value of the field's type",
    "constraint-error": "fix the value or the field's constraints in datapackage.json",
    "primary-key": "give the row an identifier no other row has",
    "foreign-key": "add the referenced row or correct the identifier",
    "missing-cell": "add the missing cells (empty cells still need their commas)",
    "extra-cell": "remove the extra cells or quote a value that contains a comma",
    "blank-row": "delete the blank line",
}


def check(pkg: Package) -> Iterator[Problem]:
    if pkg.descriptor is None or any(p.path == DESCRIPTOR for p in pkg.problems):
        return  # frictionless would only restate the loader's descriptor problem
    report = _validate(pkg)
    if isinstance(report, Problem):
        yield report
        return
    unreadable = any(t.raw is None or not t.loaded for t in pkg.tables.values())
    unloaded = {name for name, table in pkg.tables.items() if not table.loaded}
    for error in report.errors:
        yield _descriptor_problem(error)
    for task in report.tasks:
        table = pkg.tables.get(str(task.name))
        for error in task.errors:
            if not _redundant(error, table, unreadable) and not _into(error, table, unloaded):
                yield _table_problem(error, table, task)


def _validate(pkg: Package) -> Any:
    """Frictionless' report, or a Problem when it cannot even open the descriptor."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return frictionless.Package(str(pkg.root / DESCRIPTOR)).validate()
    except frictionless.FrictionlessException as exception:
        note = getattr(exception.error, "note", "") or str(exception)
        return _descriptor_invalid(f"frictionless rejects {DESCRIPTOR}: {note}")
    except Exception as exception:
        return _descriptor_invalid(f"frictionless cannot validate {DESCRIPTOR}: {exception!r}")


def _descriptor_invalid(message: str) -> Problem:
    return problem("descriptor-invalid", DESCRIPTOR, f"{message}; fix the descriptor")


def _descriptor_problem(error: Any) -> Problem:
    return _descriptor_invalid(f"{error.title}: {error.note}")


def _redundant(error: Any, table: Table | None, unreadable: bool) -> bool:
    if error.type in _STAMP_ERRORS:
        return True
    if error.type in _FILE_ERRORS and unreadable:
        return True
    if table is not None and not table.loaded:
        return True
    return (
        error.type == "unique-error"
        and table is not None
        and table.primary_key == (getattr(error, "field_name", None),)
    )


def _into(error: Any, table: Table | None, unloaded: set[str]) -> bool:
    """Whether a foreign-key error points into a table that could not be loaded."""
    if error.type != "foreign-key" or table is None or not unloaded:
        return False
    names = [str(n) for n in getattr(error, "field_names", None) or ()]
    schema = table.descriptor.get("schema")
    keys = schema.get("foreignKeys") if isinstance(schema, Mapping) else None
    for key in keys if isinstance(keys, list) else ():
        reference = key.get("reference") if isinstance(key, Mapping) else None
        if isinstance(reference, Mapping) and key.get("fields") in (names, names[:1]):
            return reference.get("resource") in unloaded
    return False


def _table_problem(error: Any, table: Table | None, task: Any) -> Problem:
    if error.type in _METADATA_ERRORS:
        return _descriptor_invalid(f"resource `{task.name}`: {error.note}")
    path = table.path if table else str(getattr(task, "place", task.name))
    row_number = getattr(error, "row_number", None)
    row = table.line_of_record(row_number) if table and row_number else None
    if row is None and row_number and table is not None and not table.record_lines:
        row = row_number  # unloaded table: frictionless' count is the best line we have
    column = _column(error)
    if column is None and error.type == "primary-key" and table is not None:
        column = ",".join(table.primary_key)
    return problem(error.type, path, _message(error, table, column), row=row, column=column)


def _column(error: Any) -> str | None:
    names = getattr(error, "field_names", None)  # foreign keys name their fields
    if names:
        return ",".join(str(n) for n in names)
    name = getattr(error, "field_name", None)
    return str(name) if name else None


def _message(error: Any, table: Table | None, column: str | None) -> str:
    cell = getattr(error, "cell", None)
    vocabulary = _vocabulary(table, column)
    if error.type == "constraint-error" and vocabulary and '"enum"' in error.note:
        return (
            f"{cell!r} is not a value of vocabulary `{vocabulary}`; use one of its values or "
            f"add (and define) the value in {VOCABULARY}, then run `make metadata`"
        )
    subject = f"value {cell!r}: " if cell is not None else ""
    hint = _HINTS.get(error.type)
    note = error.note or error.description
    return f"{subject}{error.title.lower()}: {note}" + (f"; {hint}" if hint else "")


def _vocabulary(table: Table | None, column: str | None) -> str | None:
    field = next((f for f in table.fields if f.name == column), None) if table else None
    return field.vocabulary if field else None
