"""The property names datapackage.json may use, level by level, and a walk that finds the others.

Frictionless accepts any property it does not know and ignores it, so a misspelt ``primarykey``
or ``x-suport`` silently switches a rule off. The names the standard defines are taken from
the stored profiles of frictionless, the reference implementation (:mod:`..standard.profiles`),
so this module lists only what the project adds: the ``$schema`` of Data Package v2 and the
``x-`` extensions that the code reads.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from ..standard import profiles

# The extensions this project's code reads (grep the sources for `"x-`); add a new one here.
PROJECT_EXTENSIONS = frozenset(
    {"x-cited", "x-support", "x-vocabulary", "x-format", "x-date-rule", "x-readings"}
)
# Every Data Package v2 descriptor may name the profile it follows.
_EVERYWHERE = frozenset({"$schema"}) | PROJECT_EXTENSIONS
# The CSV properties of a dialect (frictionless keeps them apart as "controls").
_CSV_DIALECT = frozenset(
    {
        "delimiter",
        "lineTerminator",
        "quoteChar",
        "doubleQuote",
        "escapeChar",
        "nullSequence",
        "skipInitialSpace",
    }
)
_FOREIGN_KEY = frozenset({"fields", "reference"})
_REFERENCE = frozenset({"resource", "fields"})

Unknown = tuple[str, str, frozenset[str]]  # where, the unknown name, the names known there


def _profile(level: str) -> frozenset[str]:
    return frozenset(profiles.profile(level).get("properties", {}))


@functools.cache
def _known() -> dict[str, frozenset[str]]:
    field = _profile("field")
    types = profiles.stored()["field_types"]
    return {
        "package": _profile("package") | _EVERYWHERE,
        "resource": _profile("resource") | _EVERYWHERE,
        "schema": _profile("schema") | _EVERYWHERE,
        "dialect": _profile("dialect") | _CSV_DIALECT | _EVERYWHERE,
        "constraints": _constraints(),
        **{f"field:{kind}": field | frozenset(more) | _EVERYWHERE for kind, more in types.items()},
        "field": field | _EVERYWHERE,
    }


def _constraints() -> frozenset[str]:
    constraints = profiles.profile("field")["properties"].get("constraints", {})
    return frozenset(constraints.get("properties", {}))


def unknown_properties(descriptor: Mapping[str, Any]) -> Iterator[Unknown]:
    """Every property of the descriptor that is not known at its level."""
    known = _known()
    yield from _unknown("package", descriptor, known["package"])
    resources = descriptor.get("resources")
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        if isinstance(resource, Mapping):
            yield from _resource(f"resources[{_label(resource, index)}]", resource, known)


def _resource(
    where: str, resource: Mapping[str, Any], known: dict[str, frozenset[str]]
) -> Iterator[Unknown]:
    yield from _unknown(where, resource, known["resource"])
    dialect = resource.get("dialect")
    if isinstance(dialect, Mapping):
        yield from _unknown(f"{where}.dialect", dialect, known["dialect"])
    schema = resource.get("schema")
    if not isinstance(schema, Mapping):
        return
    yield from _unknown(f"{where}.schema", schema, known["schema"])
    fields = schema.get("fields")
    for index, field in enumerate(fields if isinstance(fields, list) else []):
        if isinstance(field, Mapping):
            yield from _field(f"{where}.schema.fields[{_label(field, index)}]", field, known)
    keys = schema.get("foreignKeys")
    for index, key in enumerate(keys if isinstance(keys, list) else []):
        if isinstance(key, Mapping):
            yield from _unknown(f"{where}.schema.foreignKeys[{index}]", key, _FOREIGN_KEY)
            reference = key.get("reference")
            if isinstance(reference, Mapping):
                yield from _unknown(
                    f"{where}.schema.foreignKeys[{index}].reference", reference, _REFERENCE
                )


def _field(
    where: str, field: Mapping[str, Any], known: dict[str, frozenset[str]]
) -> Iterator[Unknown]:
    kind = field.get("type", "string")
    yield from _unknown(where, field, known.get(f"field:{kind}", known["field"]))
    constraints = field.get("constraints")
    if isinstance(constraints, Mapping):
        yield from _unknown(f"{where}.constraints", constraints, known["constraints"])


def _unknown(where: str, node: Mapping[str, Any], known: frozenset[str]) -> Iterator[Unknown]:
    for name in node:
        if str(name) not in known:
            yield where, str(name), known


def _label(node: Mapping[str, Any], index: int) -> str:
    """A resource or field by its name when it has one: easier to find than an index."""
    name = node.get("name")
    return name if isinstance(name, str) and name else str(index)
