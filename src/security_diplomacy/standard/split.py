"""Evaluate a row's JSON Schema in parts that depend on little, each part once per distinct input.

A row schema is an object schema: ``properties`` judge each value on its own, and the rest
(``required``, ``additionalProperties``, the cross-field ``allOf`` rules) judge which fields are
present and the few values those rules name. So, exactly as validating each whole row:

* each property's subschema runs once per distinct value of its column, after the keywords
  that another check owns are removed (they would only produce errors that are dropped);
* the rest runs once per distinct *projection* of a row: which fields it has, and the values of
  the fields whose values the rest reads anywhere (the keys of a ``properties`` or
  ``dependentSchemas``); ``required`` and ``dependentRequired`` read presence only.
  A rest that uses a keyword that reads every property (``patternProperties``, ``$ref``…)
  projects onto every field, which is correct, only slower.

Errors keep the schema paths and instance paths of whole-row validation, so the messages that
name columns, list items and rules are unchanged.

Each part is also compiled with fastjsonschema, which answers "valid" about fifty times faster
than jsonschema; only an input it rejects is validated again by jsonschema, for the errors in
full. A part is compiled so only when every keyword in it means the same in Draft 7 (what
fastjsonschema reads) as in Draft 2020-12 and every format is one of the project's; any other
part is left to jsonschema alone. Both read the same schema: no rule is written twice.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from ..model import Value

# Keywords that carry no assertion: a subschema made only of these accepts everything.
_ANNOTATIONS = frozenset(
    {"$comment", "$id", "$schema", "title", "description", "examples", "default", "deprecated"}
)
# Keywords whose result depends on properties a projection may not name.
_READS_EVERY_PROPERTY = frozenset(
    {
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "unevaluatedProperties",
        "$ref",
        "$dynamicRef",
    }
)

# Keywords whose keys name properties whose values they read (``required`` and
# ``dependentRequired`` read only whether a property is present, which a projection keeps).
_NAMING = frozenset({"properties", "dependentSchemas"})


# Keywords that mean the same in Draft 7 and Draft 2020-12, by what their values hold.
_SCHEMA_VALUED = frozenset({"not", "if", "then", "else", "additionalProperties"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_LEAVES = frozenset(
    {
        "type",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "required",
    }
)


@dataclass(frozen=True)
class Parts:
    properties: Mapping[str, Mapping[str, Any]]  # only properties with something to assert
    rest: Mapping[str, Any]
    named: frozenset[str] | None  # the fields the rest reads; None: every field


def split(schema: Mapping[str, Any], owned: Mapping[str, frozenset[str]]) -> Parts:
    """The parts of an object schema; ``owned`` maps a property to keywords left to others."""
    properties = schema.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    kept = {}
    for name, subschema in properties.items():
        if not isinstance(subschema, Mapping):
            kept[name] = subschema  # `true`/`false` schemas: let jsonschema judge them
            continue
        stripped = {k: v for k, v in subschema.items() if k not in owned.get(name, ())}
        if set(stripped) - _ANNOTATIONS:
            kept[name] = stripped
    rest = {k: v for k, v in schema.items() if k not in ("properties", "required")}
    rest["properties"] = {name: {} for name in properties}  # additionalProperties needs them
    return Parts(kept, rest, _named(rest))


def _named(rest: Mapping[str, Any]) -> frozenset[str] | None:
    found: set[str] = set()
    for key, value in rest.items():
        if key == "properties":
            continue  # the empty top-level subschemas read no value
        if not _collect(key, value, found):
            return None
    return frozenset(found)


def _collect(key: str, value: Any, found: set[str]) -> bool:
    """Add the names of the properties whose values a keyword reads; False: it may read any.

    Every mapping below a keyword is walked as a schema, so a map of property schemas is read
    as one too: that can only name more fields (or give up), never fewer.
    """
    if key in _READS_EVERY_PROPERTY:
        return False
    if key in _NAMING and isinstance(value, Mapping):
        found.update(str(name) for name in value)
    schemas = [value] if isinstance(value, Mapping) else value if isinstance(value, list) else []
    return all(
        _collect(str(k), v, found)
        for schema in schemas
        if isinstance(schema, Mapping)
        for k, v in schema.items()
    )


Errors = list[ValidationError]


class _Part:
    """A part of a schema: fastjsonschema's quick verdict where it can, jsonschema's errors."""

    def __init__(self, schema: Mapping[str, Any], checker: FormatChecker) -> None:
        self._full = Draft202012Validator(schema, format_checker=checker)
        formats = {name: checker.checkers[name][0] for name in checker.checkers}
        body = {k: v for k, v in schema.items() if k not in ("$schema", "$id")}
        self._fast = (
            fastjsonschema.compile(body, formats=formats, use_default=False)
            if _draft7_safe(body, frozenset(formats))
            else None
        )

    def errors(self, instance: Mapping[str, Any]) -> Errors:
        if self._fast is not None:
            try:
                self._fast(instance)
            except fastjsonschema.JsonSchemaValueException:
                pass  # jsonschema gives every error, with the paths the report reads
            else:
                return []
        return list(self._full.iter_errors(instance))


def _part(schema: Mapping[str, Any], checker: FormatChecker) -> _Part:
    """A compiled part, shared by every validation in this process of the same schema.

    fastjsonschema compiles a schema to Python source and runs it, a few milliseconds each:
    more than validating the real package's rows. The tests validate hundreds of copies of
    the package, so the compiled parts are kept, by schema and format checker.
    """
    return _compiled(json.dumps(schema, sort_keys=True), checker)


@functools.lru_cache(maxsize=256)
def _compiled(text: str, checker: FormatChecker) -> _Part:
    return _Part(json.loads(text), checker)


def _draft7_safe(schema: Any, formats: frozenset[str]) -> bool:
    if not isinstance(schema, Mapping):
        return isinstance(schema, bool)
    for key, value in schema.items():
        if key in _ANNOTATIONS or key in _LEAVES:
            continue
        if key == "format":
            safe = value in formats
        elif key == "properties":
            safe = isinstance(value, Mapping) and all(
                _draft7_safe(v, formats) for v in value.values()
            )
        elif key == "items":
            safe = isinstance(value, Mapping) and _draft7_safe(value, formats)
        elif key in _SCHEMA_VALUED:
            safe = _draft7_safe(value, formats)
        elif key in _SCHEMA_LISTS:
            safe = isinstance(value, list) and all(_draft7_safe(v, formats) for v in value)
        else:
            safe = False
        if not safe:
            return False
    return True


Columns = Mapping[str, Sequence[Value | None]]


def evaluate(
    parts: Parts, lines: Sequence[int], columns: Columns, checker: FormatChecker
) -> Iterator[tuple[int, ValidationError]]:
    """(line, error) for every error of every row, as whole-row validation gives them.

    ``columns`` holds each field's values row by row (None: the row lacks the field).
    """
    for name, subschema in parts.properties.items():
        if name in columns:
            yield from _property(name, subschema, lines, columns[name], checker)
    if not _cannot_fail(parts, columns):
        yield from _rest(parts, lines, columns, checker)


def _property(
    name: str,
    subschema: Any,
    lines: Sequence[int],
    column: Sequence[Value | None],
    checker: FormatChecker,
) -> Iterator[tuple[int, ValidationError]]:
    part = _part({"properties": {name: subschema}}, checker)
    distinct = cast(set[Value], set(column) - {None})
    verdicts = {value: part.errors({name: _json(value)}) for value in distinct}
    if not any(verdicts.values()):
        return  # the usual case: every distinct value passed
    for line, value in zip(lines, column, strict=True):
        if value is not None:
            for error in verdicts[value]:
                yield line, error


def _cannot_fail(parts: Parts, columns: Columns) -> bool:
    """A rest made of ``type: object`` and properties that list every column accepts any row.

    That is the rest of a table without cross-field rules, whose row schema is up to date: such
    a table (the citations, say) is then not walked row by row at all.
    """
    rest = parts.rest
    allowed = _ANNOTATIONS | {"type", "properties", "additionalProperties"}
    return (
        set(rest) <= allowed
        and rest.get("type", "object") == "object"
        and set(columns) <= set(rest.get("properties", {}))
    )


def _rest(
    parts: Parts, lines: Sequence[int], columns: Columns, checker: FormatChecker
) -> Iterator[tuple[int, ValidationError]]:
    part = _part(parts.rest, checker)
    names = tuple(columns)
    read = tuple(i for i, name in enumerate(names) if parts.named is None or name in parts.named)
    verdicts: dict[tuple[Any, ...], Errors] = {}
    absent = functools.partial(operator.is_, None)
    pick = operator.itemgetter(*read) if read else lambda _: ()
    for line, values in zip(lines, zip(*columns.values(), strict=True), strict=True):
        # Which fields the row has, and the values of those the rules read (C-level maps).
        projection = (tuple(map(absent, values)), pick(values))
        errors = verdicts.get(projection)
        if errors is None:
            errors = verdicts[projection] = part.errors(_instance(names, values, read))
        for error in errors:
            yield line, error


def _instance(names: tuple[str, ...], values: tuple[Any, ...], read: tuple[int, ...]) -> dict:
    """The row as the rest sees it: its fields, those the rules do not read as null."""
    return {
        name: (_json(value) if i in read else None)
        for i, (name, value) in enumerate(zip(names, values, strict=True))
        if value is not None
    }


def _json(value: Value) -> Any:
    return list(value) if isinstance(value, tuple) else value
