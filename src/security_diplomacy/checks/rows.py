"""Every row against the generated JSON Schema of its table (schemas/<table>.schema.json).

The row schema adds to Table Schema what it cannot express: the ``x-format`` formats (EDTF,
ISO 3166, ISO 639), vocabularies of list items, non-empty list items, and the cross-field rules
of schemas/rules/. The schema also restates the Table Schema constraints so that it is complete
for its users, but the Table Schema check already reports those (see :mod:`.tables`), so the
keywords it owns are left out here rather than reported twice.

The schema is read from disk, as published; when it is missing or unreadable, the one generated
from the current metadata is used instead (and the staleness check reports the file).

Validating a million rows one by one with jsonschema would take minutes, so the schema is
evaluated in parts whose result depends on little (:mod:`..standard.split`): each property's
subschema, stripped of the keywords Table Schema owns, once per distinct value of its column;
and the rest (the cross-field rules) once per distinct projection of a row onto the fields
those rules name. The verdicts and messages are those of validating every whole row.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError

from ..formats import format_checker
from ..model import Package, Table, row_schema_path
from ..problems import Problem, problem, shown
from ..schema_gen import row_schema
from ..standard.patterns import refusal
from ..standard.split import evaluate, split

# Keywords of a top-level property that mirror Table Schema constraints of the same name.
_TABLE_SCHEMA_KEYWORDS = {"pattern", "minLength", "maxLength", "minimum", "maximum", "enum"}


def check(pkg: Package) -> Iterator[Problem]:
    checker = format_checker()
    for name, table in pkg.tables.items():
        if not table.loaded:
            continue
        schema = _schema(pkg, name, table)
        invalid = schema_error(json.dumps(schema, sort_keys=True))
        if invalid is not None:
            yield problem(
                "row-schema-invalid",
                row_schema_path(name),
                f"not a valid JSON Schema ({invalid}); run `make metadata`",
            )
            continue
        parts = split(schema, _owned_keywords(table))
        for line, error in evaluate(parts, table.lines, table.columns, checker):
            yield _problem(table, line, schema, error)


@functools.lru_cache(maxsize=64)
def schema_error(text: str) -> str | None:
    """Why a schema is not a valid JSON Schema, or None.

    Cached by its text: checking against the metaschema costs more than validating every row,
    and one process that validates many copies of the package (the tests) meets the same few
    schemas again and again.
    """
    schema = json.loads(text)
    found = _pattern_error(schema)  # first: the metaschema's `regex` format compiles patterns
    if found is not None:
        return found
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as invalid:
        return str(invalid.message)
    return None


# Keywords whose values are data, not schemas: a "pattern" key inside them is no pattern.
_DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples"})


def _pattern_error(node: Any, where: str = "") -> str | None:
    """Why a ``pattern`` (or ``patternProperties`` name) of a schema is not run, or None.

    jsonschema runs them with Python's re, which has no time limit (see
    :mod:`..standard.patterns`), so a schema with one that could backtrack without end is
    refused before any row meets it.
    """
    if isinstance(node, list):
        found = (_pattern_error(item, f"{where}/{i}") for i, item in enumerate(node))
        return next((reason for reason in found if reason), None)
    if not isinstance(node, dict):
        return None
    texts = [(where + "/pattern", node["pattern"])] if isinstance(node.get("pattern"), str) else []
    named = node.get("patternProperties")
    texts += (
        [(where + "/patternProperties", key) for key in named] if isinstance(named, dict) else []
    )
    for pointer, pattern in texts:
        reason = refusal(pattern, anywhere=True)
        if reason is not None:
            return f"the pattern {shown(pattern, 60)} at {pointer} is not run: {reason}"
    found = (
        _pattern_error(child, f"{where}/{key}")
        for key, child in node.items()
        if key not in _DATA_KEYWORDS
    )
    return next((reason for reason in found if reason), None)


def _schema(pkg: Package, name: str, table: Table) -> dict[str, Any]:
    on_disk = pkg.row_schema(name)
    if isinstance(on_disk, dict):
        return on_disk
    return row_schema(table.descriptor, pkg.vocabularies, pkg.rules.get(name))


def _owned_keywords(table: Table) -> dict[str, frozenset[str]]:
    """Per field, the keywords of its row-schema property that the Table Schema check owns.

    Types and required values always are. A constraint keyword is only when the descriptor
    field carries that constraint: a vocabulary enum missing from a stale descriptor is still
    reported here, not silently lost until ``make metadata`` runs.
    """
    return {
        field.name: frozenset({"type"} | (_TABLE_SCHEMA_KEYWORDS & set(field.constraints)))
        for field in table.fields
    }


def _problem(table: Table, line: int, schema: Mapping[str, Any], error: ValidationError) -> Problem:
    path = list(error.absolute_path)
    column: str | None
    if path:
        column = str(path[0])
        item = f"item {int(path[1]) + 1}: " if len(path) > 1 else ""
        field = next((f for f in table.fields if f.name == column), None)
        message = f"{item}{_describe(error, field.vocabulary if field else None)}"
    else:
        rule = _rule(schema, error)
        column = ",".join(_rule_fields(rule)) or None
        description = rule.get("description") if rule else None
        message = (
            f"breaks the rule: {str(description).rstrip('.')}"
            if description
            else _describe(error, None)
        )
    return problem(
        "row-schema",
        table.path,
        f"{message}; fix the row (rules: {row_schema_path(table.name)})",
        row=line,
        column=column,
    )


def _describe(error: ValidationError, vocabulary: str | None) -> str:
    if error.validator == "format":
        return f"{shown(error.instance)} is not a valid {error.validator_value} value"
    if error.validator == "enum" and isinstance(error.validator_value, list):
        allowed = ", ".join(str(v) for v in error.validator_value)
        name = f" `{vocabulary}`" if vocabulary else ""
        return f"{shown(error.instance)} is not a value of vocabulary{name} ({allowed})"
    # jsonschema's own messages quote the whole value (a 1 MB cell: "'xx…' is too long").
    return str(error.message).replace(repr(error.instance), shown(error.instance))


def _rule(schema: Mapping[str, Any], error: ValidationError) -> Mapping[str, Any] | None:
    """The ``allOf`` entry (cross-field rule) an error comes from, if any."""
    schema_path = list(error.absolute_schema_path)
    rules = schema.get("allOf")
    if len(schema_path) >= 2 and schema_path[0] == "allOf" and isinstance(rules, list):
        index = schema_path[1]
        rule = rules[index] if isinstance(index, int) and index < len(rules) else None
        if isinstance(rule, Mapping):
            return rule
    return None


def _rule_fields(node: Any) -> list[str]:
    """Field names a rule mentions in ``required``, in order, so the report can name columns."""
    found: list[str] = []
    if isinstance(node, Mapping):
        for key, value in node.items():
            names = value if key == "required" and isinstance(value, list) else _rule_fields(value)
            found += [n for n in names if isinstance(n, str) and n not in found]
    elif isinstance(node, list):
        for value in node:
            found += [n for n in _rule_fields(value) if n not in found]
    return found
