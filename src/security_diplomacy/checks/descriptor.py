"""Project conventions of the metadata that no generic validator knows.

Frictionless judges datapackage.json as a Data Package; this check judges the project's own
extensions: ``x-vocabulary`` must name a vocabulary, ``x-format`` a known format, the
vocabulary file must have the documented shape, and each rules file must belong to a resource
and be a valid JSON Schema fragment. It also rejects what frictionless tolerates but would let a
fault slip through: a property name the standard does not define (a misspelt ``primarykey`` is
ignored, and with it the key), and a missing resource that the provenance checks are built on
(without ``citations`` nothing would be checked against the sources).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from difflib import get_close_matches

from jsonschema import Draft202012Validator

from ..csvfile import FIXED_DIALECT, FIXED_RESOURCE, missing_values
from ..evidence.coverage import SKIPPED_TABLE
from ..formats import FORMATS
from ..model import CITATIONS_TABLE, DESCRIPTOR, SOURCES_TABLE, VOCABULARY, Package, rules_path
from ..problems import Problem, problem
from ..vocabulary import VOCABULARY_SCHEMA
from .properties import unknown_properties
from .rows import schema_error

# The resources that the provenance checks read by name: without them those checks see nothing.
REQUIRED_RESOURCES = (CITATIONS_TABLE, SOURCES_TABLE, SKIPPED_TABLE)


def check(pkg: Package) -> Iterator[Problem]:
    yield from _required_resources(pkg)
    yield from _unknown_properties(pkg)
    yield from _unread_settings(pkg)
    yield from _empty_not_missing(pkg)
    yield from _vocabulary_shape(pkg)
    yield from _field_extensions(pkg)
    yield from _rules(pkg)


def _required_resources(pkg: Package) -> Iterator[Problem]:
    if pkg.resource_objects is None:
        return  # the loader already reported a missing or broken descriptor
    names = [r.get("name") for r in pkg.resource_objects]  # may be unhashable
    for name in REQUIRED_RESOURCES:
        if name not in names:
            yield problem(
                "resource-missing",
                DESCRIPTOR,
                f"{DESCRIPTOR} has no resource `{name}`, which the provenance checks need; "
                "restore it from version control",
            )


def _unread_settings(pkg: Package) -> Iterator[Problem]:
    """Settings of the standard that would read a data file otherwise than the loader does."""
    resources = pkg.descriptor.get("resources") if pkg.descriptor is not None else None
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, Mapping):
            continue  # the profile check reports it
        name = resource.get("name")
        for key, allowed in FIXED_RESOURCE.items():
            value = resource.get(key)
            if key in resource and not (isinstance(value, str) and value.lower() in allowed):
                fix = json.dumps(allowed[0]) if allowed else None
                yield _unread(f"resource `{name}` has `{key}` {json.dumps(value)}", fix)
        described = resource.get("dialect")
        for key, value in described.items() if isinstance(described, Mapping) else ():
            what = f"resource `{name}` has `dialect.{key}` {json.dumps(value)}"
            if key in FIXED_DIALECT and value != FIXED_DIALECT[key]:
                fixed = FIXED_DIALECT[key]
                yield _unread(what, None if fixed is None else json.dumps(fixed))
            elif key == "doubleQuote" and not isinstance(value, bool):
                yield _unread(what, "true or false")


def _empty_not_missing(pkg: Package) -> Iterator[Problem]:
    """An empty cell means "not stated" (the column contract): ``missingValues`` keeps ``""``.

    Without it every empty cell is a value, the empty string, and is judged as one: each is
    then reported by the checks of its column; this names the cause, once.
    """
    for resource in pkg.resource_objects or ():
        missing = missing_values(resource)  # as the loader reads them
        if "" not in missing:
            yield problem(
                "descriptor-invalid",
                DESCRIPTOR,
                f"resource `{resource.get('name')}` has `schema.missingValues` "
                f'{json.dumps(sorted(missing))} without "", so an empty cell is a value, not '
                '"not stated" as the column contract says; add "" to the list or remove it',
            )


def _unread(what: str, fix: str | None) -> Problem:
    how = f"set it to {fix} or remove it" if fix else "remove it"
    return problem(
        "descriptor-invalid",
        DESCRIPTOR,
        f"{what}, but every data file is read as UTF-8 CSV with one header row, LF line ends "
        f"and no comments, escapes or null sequence; {how}",
    )


def _unknown_properties(pkg: Package) -> Iterator[Problem]:
    if pkg.descriptor is None:
        return
    for where, name, known in unknown_properties(pkg.descriptor):
        close = get_close_matches(name, known, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        yield problem(
            "descriptor-unknown-property",
            DESCRIPTOR,
            f"`{where}` has property `{name}`, which the Data Package standard and this "
            f"project do not define, so it is ignored; {hint}fix or remove it",
        )


def _vocabulary_shape(pkg: Package) -> Iterator[Problem]:
    if pkg.vocabulary is None:
        return  # the loader already reported the unreadable file
    for error in Draft202012Validator(VOCABULARY_SCHEMA).iter_errors(pkg.vocabulary):
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        yield problem(
            "vocabulary-invalid",
            VOCABULARY,
            f"at `{where}`: {error.message}; every vocabulary needs a description, "
            "a boolean `classification` and `values` with a `definition` each (and `cues`, "
            "if any, a list of strings)",
        )


def _field_extensions(pkg: Package) -> Iterator[Problem]:
    for table in pkg.tables.values():
        for field in table.fields:
            where = f"field `{field.name}` of resource `{table.name}`"
            if (
                "x-vocabulary" in field.descriptor
                and pkg.vocabularies_known
                and field.vocabulary not in pkg.vocabularies
            ):
                yield problem(
                    "vocabulary-unknown",
                    DESCRIPTOR,
                    f"{where} names vocabulary {field.descriptor['x-vocabulary']!r}, which "
                    f"{VOCABULARY} does not define; add it there or fix the name",
                    column=field.name,
                )
            if "x-format" in field.descriptor and field.format not in FORMATS:
                yield problem(
                    "format-unknown",
                    DESCRIPTOR,
                    f"{where} has x-format {field.descriptor['x-format']!r}; "
                    f"use one of {sorted(FORMATS)}",
                    column=field.name,
                )


def _rules(pkg: Package) -> Iterator[Problem]:
    for table, rules in pkg.rules.items():
        path = rules_path(table)
        if pkg.resource_objects is not None and table not in pkg.declared("name"):
            yield problem(
                "rules-unknown-table",
                path,
                f"{path} belongs to no resource of {DESCRIPTOR}; rename or delete it",
            )
        if not isinstance(rules, dict) or not isinstance(rules.get("allOf"), list):
            yield problem(
                "descriptor-invalid", path, f"{path} must be an object with an `allOf` list"
            )
            continue
        for index, rule in enumerate(rules["allOf"]):
            if not (isinstance(rule, dict) and isinstance(rule.get("description"), str)):
                # The report words a broken rule by its description (see checks/rows.py).
                yield problem(
                    "descriptor-invalid",
                    path,
                    f"rule {index} of {path} has no `description`; say in one sentence what "
                    "the rule requires",
                )
        invalid = schema_error(json.dumps(rules, sort_keys=True))
        if invalid is not None:
            yield problem(
                "descriptor-invalid",
                path,
                f"{path} is not a valid JSON Schema ({invalid}); fix the fragment",
            )
