"""A resource's Table Schema, compiled once into per-field value rules.

Each field becomes a :class:`FieldRule`: its type and its constraints as one function of a
single typed value (as the loader typed it), plus the two column-wide constraints, ``required``
and ``unique``. Because a value rule depends on the value alone, the tables check applies it
once per distinct value of a column, not once per cell. A descriptor that cannot be compiled (a
pattern that is no regular expression, a type this validator does not read, a key naming no
field) yields the reasons instead, so that its table is not checked against a broken schema.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from ..casts import INTEGER, MAX_DIGITS
from ..model import Field, Table, Value
from ..problems import clip, shown
from .patterns import refusal
from .profiles import constraint_keywords, field_constraints

# The field types this validator reads. The others of the standard (date, datetime, geopoint…)
# are reported as unsupported rather than silently accepted; the package stores dates as EDTF
# strings (``x-format: edtf``), which no Table Schema type expresses.
SUPPORTED_TYPES = frozenset({"string", "integer", "number", "boolean", "list", "any"})
_ITEM_TYPES = frozenset({"string", "integer"})
_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")
# Table Schema's number, and its special values NaN, INF and -INF "in any case".
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf|nan)")
# A cell or a bound as a number to compare (a number field's text is read as a Decimal).
Number = int | float | Decimal
# What a reader (:func:`_reader`) gives for a value that is no value of its type.
_UNREAD: Any = object()


class Finding(NamedTuple):
    """Why a value breaks a rule: a problem's code and message, without its place."""

    code: str
    message: str


# A value rule: None when the value passes, else the finding.
ValueRule = Callable[[Value], Finding | None]
# Of a set of distinct values, those a rule may fail (a superset, found with C-level set and
# regex operations); the rule itself then judges only these. The flag says whether every value
# is text, which one C-level pass tells and several screens ask.
Screen = Callable[[set[Value], bool], set[Value]]


def _everything(values: set[Value], _: bool) -> set[Value]:
    return values


def _not_text(values: set[Value], all_text: bool) -> set[Value]:
    if all_text:
        return set()  # the usual case: the loader gives text
    return {v for v in values if v.__class__ is not str}


@dataclass(frozen=True)
class FieldRule:
    name: str
    required: bool
    unique: bool
    check: ValueRule
    screen: Screen = _everything
    # How the column's values compare for `unique` and keys, when not as the loader gives them:
    # a number's or a boolean's text is read (`1` and `1.0` are one number), None if it is none.
    compared: Callable[[Value], Any] | None = None

    def findings(self, values: set[Value]) -> dict[Value | None, Finding]:
        """The failing values among ``values`` (no None), each with its finding; a dict that
        the tables check adds the empty cell's finding to."""
        found: dict[Value | None, Finding] = {}
        all_text = set(map(type, values)) <= {str}
        for value in self.screen(values, all_text):
            finding = self.check(value)
            if finding is not None:
                found[value] = finding
        return found


class Reason(NamedTuple):
    """Why part of a schema cannot be compiled: about one field, or (``field`` None) a key."""

    field: str | None
    text: str

    def __str__(self) -> str:
        return self.text if self.field is None else f"field `{self.field}`: {self.text}"


def compile_fields(table: Table) -> tuple[list[FieldRule], list[Reason]]:
    """The rules of every field of ``table``, and why any part cannot be compiled."""
    rules, reasons = [], []
    key = set(table.primary_key)
    for field in table.fields:
        try:
            rules.append(_compile(field, field.name in key))
        except _Uncompilable as reason:
            reasons.append(Reason(field.name, str(reason)))
    return rules, reasons + [Reason(None, text) for text in _key_reasons(table)]


def rejects(table: Table, name: Any) -> Callable[[Value], bool]:
    """Whether the Table Schema check reports a value of column ``name`` (its type or a
    constraint); never, for a field that is absent or cannot be compiled, whose mistake the
    descriptor check reports instead. For a rule that defers to that check (a date's rule)."""
    field = next((f for f in table.fields if f.name == name), None)
    try:
        check = _compile(field, in_key=False).check if field is not None else None
    except _Uncompilable:
        check = None
    if check is None:
        return lambda _: False
    return lambda value: check(value) is not None


class _Uncompilable(ValueError):
    pass


def _compile(field: Field, in_key: bool) -> FieldRule:
    kind = field.type
    if kind not in SUPPORTED_TYPES:
        raise _Uncompilable(
            f"type {kind!r} is not read by this validator; use one of {sorted(SUPPORTED_TYPES)}"
        )
    _check_applies(field)
    type_rule = _type_rule(field)
    constraints = _constraint_rules(field)  # raises first when a constraint cannot compile
    screened = [_screen(keyword, value, field) for keyword, value in field.constraints.items()]

    def check(value: Value) -> Finding | None:
        found = type_rule(value)
        if found is not None:
            return found  # constraints judge a value of the field's type only
        for rule in constraints:
            found = rule(value)
            if found is not None:
                return found
        return None

    limits = field.constraints
    return FieldRule(
        name=field.name,
        # Table Schema: the fields of a primary key are required whatever their constraints say.
        required=bool(limits.get("required")) or in_key,
        unique=bool(limits.get("unique")),
        check=check,
        screen=_union(_type_screen(kind), screened),
        compared=_comparison(field),
    )


def _comparison(field: Field) -> Callable[[Value], Any] | None:
    """How the values of ``field`` compare for `unique` and keys, when not as the loader gives
    them (see :attr:`FieldRule.compared`); called once `_type_rule` has checked the field."""
    if field.type not in ("number", "boolean"):
        return None  # text as it is; an integer the loader has read
    read = _reader(field)

    def compared(value: Value) -> Any:
        number = read(value)
        return None if number is _UNREAD else number  # a type error: the type rule's to report

    return compared


def _check_applies(field: Field) -> None:
    """Each type takes the constraints that Table Schema gives it, as frictionless reads them:
    `pattern` on an integer, `maximum` on a text or `enum` on a list has no meaning to check."""
    takes = field_constraints(field.type)
    for keyword in field.constraints:
        # A keyword of no type is no constraint: the unknown-property check reports it.
        if keyword not in takes and keyword in constraint_keywords():
            raise _Uncompilable(
                f"constraint `{keyword}` does not apply to a field of type {field.type!r}, which "
                f"takes {list(takes)}; remove it, or change the field's type"
            )


def _type_screen(kind: str) -> Screen:
    if kind in ("string", "any"):
        return _not_text  # the loader gives text: only something else could fail
    if kind == "integer":
        return lambda values, _: {v for v in values if v.__class__ is not int}
    return _everything


def _screen(keyword: str, limit: Any, field: Field) -> Screen:
    """The values that one constraint may fail; every value when it cannot be narrowed."""
    if field.type != "string":
        return _everything
    if keyword == "pattern" and isinstance(limit, str):
        match = re.compile(limit).fullmatch  # _pattern_rule has proven it safe to run
        return lambda values, text: set(itertools.filterfalse(match, _texts(values, text)))  # type: ignore[arg-type]
    if keyword in ("minLength", "maxLength") and isinstance(limit, int):
        return _length_screen(keyword, limit)
    if keyword == "enum" and isinstance(limit, list):
        allowed = _allowed(field, limit)  # a frozenset for a string field
        return lambda values, _: values - allowed  # type: ignore[operator]
    if keyword in ("required", "unique"):
        return lambda values, _: set()  # column-wide, judged elsewhere
    return _everything


def _length_screen(keyword: str, limit: int) -> Screen:
    """Every value when the shortest (or longest) breaks the limit, else none: one C pass."""

    def screen(values: set[Value], all_text: bool) -> set[Value]:
        lengths = map(len, _texts(values, all_text))
        if keyword == "minLength":
            return values if min(lengths, default=limit) < limit else set()
        return values if max(lengths, default=limit) > limit else set()

    return screen


def _texts(values: set[Value], all_text: bool) -> Iterable[str]:
    """The text values (a string field's screens see only text; the type screen sees the rest)."""
    if all_text:
        return values  # type: ignore[return-value]
    return [v for v in values if v.__class__ is str]


def _union(first: Screen, others: list[Screen]) -> Screen:
    if _everything in (first, *others):
        return _everything
    screens = (first, *others)
    return lambda values, text: set().union(*(screen(values, text) for screen in screens))


# --- types -------------------------------------------------------------------------------------


def _type_rule(field: Field) -> ValueRule:
    kind = field.type
    if kind == "integer":
        wanted = f"a whole number (of at most {MAX_DIGITS:,} digits)"
        return lambda v: None if isinstance(v, int) else _type_error(v, wanted)
    if kind == "number":
        return lambda v: None if _read_number(v) is not _UNREAD else _type_error(v, "a number")
    if kind == "boolean":
        described = field.descriptor
        true, false = described.get("trueValues", _TRUE), described.get("falseValues", _FALSE)
        if not all(isinstance(v, list | tuple) for v in (true, false)):
            raise _Uncompilable("`trueValues` and `falseValues` must be lists of strings")
        read, wanted = _boolean_reader(true, false), f"one of {[*true, *false]}"
        return lambda v: None if read(v) is not _UNREAD else _type_error(v, wanted)
    if kind == "list":
        return _list_rule(field)
    return lambda v: None  # string, any: every cell is text


def _list_rule(field: Field) -> ValueRule:
    delimiter = field.descriptor.get("delimiter", ",")
    if not isinstance(delimiter, str) or not delimiter:
        raise _Uncompilable("a list needs a non-empty string `delimiter`")
    item_type = field.descriptor.get("itemType", "string")
    if not isinstance(item_type, str) or item_type not in _ITEM_TYPES:
        raise _Uncompilable(f"itemType {item_type!r} is not read; use one of {sorted(_ITEM_TYPES)}")
    if item_type == "string":
        return lambda v: None
    match = INTEGER.fullmatch

    def integers(value: Value) -> Finding | None:
        items = value if isinstance(value, tuple) else (str(value),)
        bad = [item for item in items if not match(item)]
        return _type_error(value, "a list of whole numbers") if bad else None

    return integers


def _type_error(value: Value, wanted: str) -> Finding:
    return Finding(
        code="type-error",
        message=f"value {shown(value)} is not {wanted}, the field's type; write a value of "
        "that type (or leave the cell empty if the field is optional)",
    )


# --- constraints --------------------------------------------------------------------------------


def _constraint_rules(field: Field) -> list[ValueRule]:
    limits = field.constraints
    rules: list[ValueRule] = []
    if "pattern" in limits:
        rules.append(_pattern_rule(limits["pattern"]))
    if "enum" in limits:
        rules.append(_enum_rule(field, limits["enum"]))
    for keyword, compare in _LENGTHS.items():
        if keyword in limits:
            rules.append(_length_rule(keyword, _number_of(keyword, limits[keyword]), compare))
    read = _reader(field)
    for keyword, compare in _BOUNDS.items():
        if keyword in limits:
            limit = _bound_of(read, field, keyword, limits[keyword])
            rules.append(_bound_rule(keyword, limit, compare, read))
    return rules


def _pattern_rule(pattern: Any) -> ValueRule:
    if not isinstance(pattern, str):
        raise _Uncompilable("constraint `pattern` must be a string")
    reason = refusal(pattern)
    if reason is not None:
        raise _Uncompilable(f"constraint `pattern` {shown(pattern)} is not run: {reason}")
    compiled = re.compile(pattern)

    def rule(value: Value) -> Finding | None:
        # Table Schema patterns match the whole value; list items are not matched.
        if isinstance(value, str) and not compiled.fullmatch(value):
            return _constraint(value, f"does not match the pattern {pattern!r}")
        return None

    return rule


def _enum_rule(field: Field, enum: Any) -> ValueRule:
    if not isinstance(enum, list):
        raise _Uncompilable("constraint `enum` must be a list")
    allowed = _allowed(field, enum)
    read = _reader(field)
    vocabulary = field.vocabulary
    # As datapackage.json writes them: `[1]` is a number, `["1"]` a text (a str mapping
    # printed both as '1').
    listed = clip(json.dumps(enum, ensure_ascii=False), 200)

    def rule(value: Value) -> Finding | None:
        if read(value) in allowed:
            return None
        if vocabulary:
            return Finding(
                code="constraint-error",
                message=f"{shown(value)} is not a value of vocabulary `{vocabulary}`; use one "
                "of its values or add (and define) the value in schemas/vocabulary.json, then "
                "run `make metadata`",
            )
        return _constraint(value, f"is not one of the allowed values {listed}")

    return rule


def _allowed(field: Field, enum: list[Any]) -> Collection[Any]:
    """The values that ``enum`` admits, read as the field's type (for the enum rule and its
    screen alike): `["1", "46"]` on an integer field admits 1 and 46, as in frictionless, and an
    item that is no value of the type (`1` on a string field, `true` on an integer) none."""
    items = [item for item in map(_reader(field), enum) if item is not _UNREAD]
    if all(item is None or isinstance(item, str | int | float) for item in items):
        return frozenset(items)
    return tuple(items)  # a list or an object (an `any` field): no cell equals it


def _reader(field: Field) -> Callable[[Any], Any]:
    """A cell, or a constraint's value, as a value of the field's type (else :data:`_UNREAD`).

    Table Schema compares a constraint with the cell's logical value, and lets a bound or an
    enum item be written as text of the field's type; frictionless reads both the same way. A
    text is read as the loader reads a cell of the type, so `5` may bound an integer field but
    ` 5` may not."""
    kind = field.type
    if kind == "integer":
        return _read_integer
    if kind == "number":
        return _read_number
    if kind == "boolean":
        described = field.descriptor  # _type_rule has checked the lists
        return _boolean_reader(
            described.get("trueValues", _TRUE), described.get("falseValues", _FALSE)
        )
    if kind == "string":
        return lambda v: v if isinstance(v, str) else _UNREAD
    return lambda v: v  # any: as written


def _boolean_reader(true: Sequence[Any], false: Sequence[Any]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if isinstance(value, bool):
            return value
        # `in`, not a dict: an enum item may be a list, which has no hash. A text in both lists
        # is false, as frictionless reads it.
        return False if value in false else True if value in true else _UNREAD

    return read


def _read_integer(value: Any) -> Any:
    if isinstance(value, bool):
        return _UNREAD  # JSON's true is no integer, though Python's True == 1
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and INTEGER.fullmatch(value):
        return int(value)
    return _UNREAD


def _read_number(value: Any) -> Any:
    """A number as Table Schema's decimal, exactly (as frictionless reads it): the text `0.1`
    is a tenth, not the float nearest to it, and a JSON float is the decimal that it prints
    as, `0.1` for 0.1. An int stays an int (it may be too large for a float)."""
    if isinstance(value, bool):
        return _UNREAD
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # `inf` and `nan` too: Decimal reads their reprs
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:
            return _UNREAD  # an exponent past Decimal's (`1e999999999999999999`), as frictionless
    return _UNREAD


def _bound_of(read: Callable[[Any], Any], field: Field, keyword: str, limit: Any) -> Number:
    """A bound as a value of the field's type (``read`` is :func:`_reader`'s): a number (`0.1`
    a number's tenth; `5.5` bounds an integer field as written), or text of the type (`"5"`)."""
    if not isinstance(limit, str):
        number = _number_of(keyword, limit)
        value = read(number)
        return number if value is _UNREAD else value
    number = read(limit)
    if number is _UNREAD:
        raise _Uncompilable(
            f"constraint `{keyword}` {shown(limit)} is no value of the field's type "
            f"{field.type!r}; write the bound as a number"
        )
    return number


def _number_of(keyword: str, limit: Any) -> float:
    """A numeric constraint's limit, as written: Python compares an int with a float exactly,
    and an int too large for a float (``1e400`` written out) stays comparable."""
    if isinstance(limit, bool) or not isinstance(limit, int | float):
        raise _Uncompilable(f"constraint `{keyword}` must be a number")
    return limit


def _ge(a: float, b: float) -> bool:
    return a >= b


def _le(a: float, b: float) -> bool:
    return a <= b


_LENGTHS: Mapping[str, Callable[[float, float], bool]] = {"minLength": _ge, "maxLength": _le}
_BOUNDS: Mapping[str, Callable[[float, float], bool]] = {
    "minimum": _ge,
    "maximum": _le,
    "exclusiveMinimum": lambda a, b: a > b,
    "exclusiveMaximum": lambda a, b: a < b,
}


def _length_rule(keyword: str, limit: float, compare: Callable[[float, float], bool]) -> ValueRule:
    def rule(value: Value) -> Finding | None:
        size = len(value) if isinstance(value, str | tuple) else len(str(value))
        if compare(size, limit):
            return None
        against = f"against the constraint {keyword} {_number(limit)}"
        return _constraint(value, f"has length {size}, {against}")

    return rule


def _bound_rule(
    keyword: str, limit: Number, compare: Callable[[Any, Any], bool], read: Callable[[Any], Any]
) -> ValueRule:
    def rule(value: Value) -> Finding | None:
        number = read(value)
        if number is _UNREAD:
            return None  # not a number: the type rule has said so
        try:
            if compare(number, limit):
                return None
        except InvalidOperation:
            pass  # a decimal NaN: no comparison holds for it, as frictionless finds
        return _constraint(value, f"breaks the constraint {keyword} {_number(limit)}")

    return rule


def _number(limit: Number) -> str:
    """The limit as written (a float in its shortest exact form, not rounded to six digits),
    clipped: an int limit can have hundreds of digits."""
    return clip(str(limit), 40)


def _constraint(value: Value, what: str) -> Finding:
    return Finding(
        code="constraint-error",
        message=f"value {shown(value)} {what}; fix the value or the field's constraints in "
        "datapackage.json",
    )


# --- keys ---------------------------------------------------------------------------------------


def _key_reasons(table: Table) -> Sequence[str]:
    """Keys that name no field of the table."""
    names = {field.name for field in table.fields}
    schema = table.descriptor.get("schema")
    schema = schema if isinstance(schema, Mapping) else {}
    reasons = []
    key = schema.get("primaryKey")
    key_fields = [key] if isinstance(key, str) else key if isinstance(key, list) else []
    for name in key_fields:
        if not isinstance(name, str) or name not in names:
            reasons.append(f"primaryKey names {name!r}, which is no field of the table")
    keys = schema.get("foreignKeys")
    for index, foreign in enumerate(keys if isinstance(keys, list) else []):
        fields = foreign.get("fields") if isinstance(foreign, Mapping) else None
        fields = [fields] if isinstance(fields, str) else fields
        if not isinstance(fields, list) or len(fields) != 1:
            reasons.append(
                f"foreignKeys[{index}] must name exactly one field (composite keys are not read "
                "by this validator)"
            )
        elif not isinstance(fields[0], str) or fields[0] not in names:
            reasons.append(f"foreignKeys[{index}] names {fields[0]!r}, which is no field")
    return reasons
