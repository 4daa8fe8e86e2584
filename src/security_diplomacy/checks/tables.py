"""The Data Package and Table Schema layer: descriptor profiles, types, constraints and keys.

The descriptor is judged against the standard's profiles (:mod:`..standard.profiles`); each
table's fields against their compiled rules (:mod:`..standard.schema`), column by column and
once per distinct value; then primary keys, ``unique`` and foreign keys, with sets of keys
(of values as Table Schema compares them: a number's `1.0` is `1`).
Frictionless, the reference implementation, checks the same and is held to the same verdicts
by a parity test over the broken-package corpus; it is not run here, because it reads a million
rows at about 30,000 a second.

What the loader already reports is not repeated: a descriptor it could not read, and every
table it could not load (their rows cannot be trusted). A foreign key into a table that could
not be loaded is not judged either: every reference would fail for the one reason already given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from ..model import DESCRIPTOR, Package, Table, Value
from ..problems import Problem, problem, shown
from ..standard import profiles
from ..standard.schema import FieldRule, Finding, Reason, compile_fields


def check(pkg: Package) -> Iterator[Problem]:
    if pkg.descriptor is None or any(p.path == DESCRIPTOR for p in pkg.problems):
        return  # anything more would only restate the loader's descriptor problem
    failed: set[tuple[Any, Any]] = set()  # (resource, field) that break the field profile
    yield from _profile_problems(pkg.descriptor, failed)
    compiled = {name: compile_fields(table) for name, table in pkg.tables.items()}
    keys = _KeySets(pkg, compiled)
    for name, table in pkg.tables.items():
        rules, reasons = compiled[name]
        reasons = [*reasons, *(Reason(None, text) for text in _reference_reasons(pkg, table))]
        for reason in reasons:
            # A field that breaks its profile is reported there: its mistake is told once.
            if reason.field is None or (table.name, reason.field) not in failed:
                yield _invalid(f"resource `{table.name}`: {reason}")
        if table.loaded and not reasons:
            yield from _check_table(table, rules, keys)


def _invalid(message: str) -> Problem:
    return problem("descriptor-invalid", DESCRIPTOR, f"{message}; fix the descriptor")


# --- the descriptor ------------------------------------------------------------------------------


def _profile_problems(
    descriptor: Mapping[str, Any], failed: set[tuple[Any, Any]]
) -> Iterator[Problem]:
    """The descriptor's breaches of the profiles; adds to ``failed`` each (resource, field)
    whose field breaks the field profile."""
    for reason in profiles.violations("package", descriptor):
        yield _invalid(f"the package breaks the Data Package profile: {reason}")
    resources = descriptor.get("resources")
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        if not isinstance(resource, Mapping):
            continue  # the loader reports it
        where = f"resource `{resource.get('name', index)}`"
        for level, node, kind in _levels(resource):
            for reason in profiles.violations(level, node, kind):
                if level == "field" and isinstance(node, Mapping):
                    failed.add((resource.get("name"), node.get("name")))
                yield _invalid(f"{where} breaks the {level} profile: {reason}")


def _levels(resource: Mapping[str, Any]) -> Iterator[tuple[str, Any, str | None]]:
    yield "resource", resource, None
    if isinstance(resource.get("dialect"), Mapping):
        yield "dialect", resource["dialect"], None
    schema = resource.get("schema")
    if not isinstance(schema, Mapping):
        return
    yield "schema", schema, None
    fields = schema.get("fields")
    for field in fields if isinstance(fields, list) else []:
        kind = field.get("type", "string") if isinstance(field, Mapping) else None
        yield "field", field, kind if isinstance(kind, str) else None


def _reference_reasons(pkg: Package, table: Table) -> list[str]:
    reasons = []
    for key in table.foreign_keys:
        target = pkg.tables.get(key.resource)
        if target is None:
            reasons.append(f"a foreign key of `{key.field}` names no resource {key.resource!r}")
        elif key.target_field not in {field.name for field in target.fields}:
            reasons.append(
                f"a foreign key of `{key.field}` references {key.target_field!r}, which is no "
                f"field of `{key.resource}`"
            )
    return reasons


# --- the rows ------------------------------------------------------------------------------------


class _KeySets:
    """The values of referenced fields, each set built once and only when a key needs it."""

    def __init__(
        self, pkg: Package, compiled: Mapping[str, tuple[list[FieldRule], list[Reason]]]
    ) -> None:
        self._tables = pkg.tables
        # How each field's values compare, from its rule (none: it does not compile, and the
        # descriptor check reports it; the texts are compared).
        self._compared = {
            (name, rule.name): rule.compared
            for name, (rules, _) in compiled.items()
            for rule in rules
        }
        self._sets: dict[tuple[str, str], frozenset[Value]] = {}

    def get(self, resource: str, field: str) -> frozenset[Value] | None:
        """The set, or None when the table could not be loaded (nothing can be judged)."""
        table = self._tables.get(resource)
        if table is None or not table.loaded:
            return None
        if (resource, field) not in self._sets:
            values = _compared(self._compared.get((resource, field)), table.column(field))
            self._sets[(resource, field)] = frozenset(values) - {None}
        return self._sets[(resource, field)]


def _check_table(table: Table, rules: list[FieldRule], keys: _KeySets) -> Iterator[Problem]:
    columns = {rule.name: table.column(rule.name) for rule in rules}
    compared = {rule.name: _compared(rule.compared, columns[rule.name]) for rule in rules}
    for rule in rules:
        yield from _values(table, rule, columns[rule.name])
        if rule.unique and table.primary_key != (rule.name,):
            yield from _duplicates(table, compared[rule.name], rule.name, code="unique-error")
    if table.primary_key:
        key_columns = [compared[name] for name in table.primary_key if name in compared]
        # A single-field key is its column: a million one-element tuples would say the same.
        key_values: Sequence[Any] = (
            key_columns[0] if len(key_columns) == 1 else list(zip(*key_columns, strict=True))
        )
        yield from _duplicates(table, key_values, None, code="primary-key")
    for key in table.foreign_keys:
        targets = keys.get(key.resource, key.target_field)
        if targets is not None and key.field in columns:
            cells = columns[key.field], compared[key.field]
            yield from _dangling(table, key.field, cells, targets, key.resource)


def _compared(
    compare: Callable[[Value], Any] | None, column: Sequence[Value | None]
) -> Sequence[Any]:
    """The column as its values compare for `unique` and keys (Table Schema compares values,
    not their texts: `1.0` is the number `1`); the column itself for text and integers."""
    if compare is None:
        return column
    return [None if value is None else compare(value) for value in column]


def _values(table: Table, rule: FieldRule, column: Sequence[Value | None]) -> Iterator[Problem]:
    """Each distinct value is judged once; only failing values are then located."""
    values = set(column)
    findings = rule.findings(cast(set[Value], values - {None}))
    required = _required(rule) if None in values else None
    if required is not None:
        findings[None] = required
    if not findings:
        return
    for line, value in zip(table.lines, column, strict=True):
        if value in findings:
            code, message = findings[value]
            yield problem(code, table.path, message, row=line, column=rule.name)


def _required(rule: FieldRule) -> Finding | None:
    if not rule.required:
        return None
    return Finding(
        code="constraint-error",
        message="the cell is empty but the field is required; fill it in with the value the "
        "source states",
    )


def _duplicates(
    table: Table, column: Sequence[Any], name: str | None, *, code: str
) -> Iterator[Problem]:
    """Every row whose (non-empty) key an earlier row already has."""
    if len(set(column)) == len(column):
        return  # the usual case: every key differs, which a set tells at C speed
    first: dict[Any, int] = {}
    label = name or ",".join(table.primary_key)
    for line, value in zip(table.lines, column, strict=True):
        if value is None or (isinstance(value, tuple) and None in value):
            continue  # an empty key part is the `required` constraint's to report
        earlier = first.setdefault(value, line)
        if earlier != line:
            what = "primary key" if name is None else f"value of unique field `{name}`"
            yield problem(
                code,
                table.path,
                f"the {what} {_key(value)} is already used by the row on line {earlier}; give "
                "this row a value no other row has, or delete the duplicate",
                row=line,
                column=label,
            )


def _key(value: Any) -> str:
    parts = value if isinstance(value, tuple) else (value,)
    return ", ".join(_part(part) for part in parts)


def _part(value: Any) -> str:
    """A key's part as the data writes it: a text quoted, a number (read from text, so `1.0`
    may equal `1`) and a boolean as Table Schema prints them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    return repr(value)


def _dangling(
    table: Table,
    name: str,
    cells: tuple[Sequence[Value | None], Sequence[Any]],
    targets: frozenset[Value],
    target: str,
) -> Iterator[Problem]:
    """Rows whose reference (the column as it compares, beside the column itself) names no
    row of the target."""
    column, compared = cells
    missing = set(compared) - targets - {None}
    if not missing:
        return
    for line, value, key in zip(table.lines, column, compared, strict=True):
        if key in missing:
            yield problem(
                "foreign-key",
                table.path,
                f"value {shown(value)} names no row of `{target}`; correct the identifier (is it "
                "the id of another kind of record?) or add the referenced row",
                row=line,
                column=name,
            )
