"""The Data Package, Table Schema and CSV dialect profiles, as stored JSON.

Frictionless is the reference implementation of the standard, but importing it costs half a
second, more than validating the whole real package. Its profiles (plain JSON Schemas) are
therefore copied into ``profiles.json`` beside this file: :func:`generate` rebuilds them from
the installed frictionless (``python -m security_diplomacy.standard.profiles``), and a test
fails when the stored copy differs from it.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROFILES = Path(__file__).with_name("profiles.json")
LEVELS = ("package", "resource", "schema", "field", "dialect")


def generate() -> dict[str, Any]:
    """The profiles of the installed frictionless, by level, and each field type's additions."""
    import frictionless  # only here: the reference, never on the validation path
    from frictionless import fields

    classes: dict[str, Any] = {
        "package": frictionless.Package,
        "resource": frictionless.Resource,
        "schema": frictionless.Schema,
        "field": frictionless.Field,
        "dialect": frictionless.Dialect,
    }
    field_classes = [
        cls
        for _, cls in inspect.getmembers(fields, inspect.isclass)
        if issubclass(cls, frictionless.Field) and isinstance(getattr(cls, "type", None), str)
    ]
    types = {
        cls.type: (getattr(cls, "metadata_profile_patch", None) or {}).get("properties", {})
        for cls in field_classes
    }
    # frictionless checks `unique` over the rows, for every type, apart from these.
    constraints = {
        cls.type: sorted({*cls.supported_constraints, "unique"}) for cls in field_classes
    }
    return {
        "$comment": "Generated from frictionless by `python -m security_diplomacy.standard."
        "profiles`; do not edit by hand.",
        "frictionless": frictionless.__version__,
        **{level: cls.metadata_profile for level, cls in classes.items()},
        "field_types": dict(sorted(types.items())),
        "field_constraints": dict(sorted(constraints.items())),
    }


def render(profiles: dict[str, Any]) -> str:
    return json.dumps(profiles, indent=2, sort_keys=True) + "\n"


@functools.cache
def stored() -> dict[str, Any]:
    """The stored profiles (read once per process)."""
    return json.loads(PROFILES.read_text(encoding="utf-8"))


def profile(level: str) -> dict[str, Any]:
    """The JSON Schema of one level of the descriptor (``package``, ``field``…)."""
    return stored()[level]


def field_type_properties(kind: str) -> dict[str, Any] | None:
    """The properties a field type adds to every field's, or None for an unknown type."""
    types = stored()["field_types"]
    return types.get(kind)


def field_constraints(kind: str) -> tuple[str, ...]:
    """The constraints that a field of type ``kind`` takes (frictionless refuses the others)."""
    return tuple(stored()["field_constraints"].get(kind, ()))


@functools.cache
def constraint_keywords() -> frozenset[str]:
    """Every constraint of the standard, of whatever type."""
    return frozenset(itertools.chain(*stored()["field_constraints"].values()))


def field_types() -> frozenset[str]:
    return frozenset(stored()["field_types"])


def violations(level: str, node: Any, kind: str | None = None) -> Iterator[str]:
    """Why ``node`` breaks the profile of its level (a field's with its type's additions).

    A value (not an object) is told once, by its first breach: an ``itemType`` that is a list
    breaks both its ``type`` and its ``enum``, one mistake. An object keeps each reason, as
    each missing or misshapen part of it is a mistake of its own.
    """
    told = set()
    for error in _validator(level, kind).iter_errors(node):
        where = "/".join(str(part) for part in error.absolute_path)
        if not isinstance(error.instance, dict):
            if where in told:
                continue
            told.add(where)
        yield f"{where}: {error.message}" if where else str(error.message)


@functools.cache
def _validator(level: str, kind: str | None) -> Any:
    from jsonschema import Draft7Validator  # the profiles are Draft 7 schemas

    schema = dict(profile(level))
    extra = field_type_properties(kind) if kind else None
    if extra:
        schema["properties"] = {**schema.get("properties", {}), **extra}
    return Draft7Validator(schema)


if __name__ == "__main__":
    PROFILES.write_text(render(generate()), encoding="utf-8")
    sys.stdout.write(f"wrote {PROFILES}\n")
