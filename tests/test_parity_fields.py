"""One field, one cell: the validator's verdict is frictionless' own, over random descriptors.

test_parity holds the two to the same verdict on whole packages, one chosen case at a time.
This draws a field (a type, its constraints, their values) and a cell at random, and asks both
whether the descriptor can be read at all, and whether the cell is of the field's type and
keeps its constraints. Drawn this way, the two disagreed on `maximum: "5"` and `enum: ["1"]`
on an integer field, on `INF` in a number field, and on a constraint that the type does not
take; the test, as first written (2d07b14), fails on the code before those fixes. Fields are
now drawn mostly with constraints their type takes, so that fewer are refused outright.

Where frictionless has no verdict, the example is left out: it crashes comparing a cell with a
bound that it cannot read as the field's type (`maximum: "x"`, which the validator refuses) or
with a NaN bound (which every value breaks in the validator). The texts are drawn from where
Table Schema says what a value is. frictionless reads numbers with Python's `int()` and
`Decimal()`, which also take surrounding whitespace, `_` between digits, digits of other
scripts, `Infinity` and `NaN5`, none of them a number of the standard's; and it anchors a
pattern as `^...$`, so that `1|46` matches `1.0`, where the standard (and the validator) match
the whole value.

The same fields also hold the screens to the rules: a column's distinct values are screened
first (a C-level pass that keeps those that may fail), and only those are judged, so a screen
that kept too few would hide a broken cell.
"""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any

import frictionless
from helpers import compiled_field
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from security_diplomacy.casts import convert_columns
from security_diplomacy.standard import profiles

TYPES = ["string", "integer", "number", "boolean", "any", "list"]
BOUNDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
TEXTS = ["1", "46", "-1", "+3", "0", "00", "1.5", "1.0", "5.", ".5", "-0", "1e3", "1E+3", "nan"]
TEXTS += ["NaN", "INF", "-inf", "Inf", "true", "TRUE", "False", "yes", "no", "a", "ab", "abc"]
TEXTS += ["a;b", "1;2", "1,5", "x", "45.99999999999999999", "0.10000000000000001", "1e" + "9" * 20]

json_values = st.one_of(
    st.integers(-50, 50),
    st.sampled_from([1.5, 2.0, 0.1, 10**30]),
    st.sampled_from(TEXTS),
    st.booleans(),
    st.just([1]),
)
constraint_values = {
    "minLength": st.integers(0, 3),
    "maxLength": st.integers(0, 3),
    "pattern": st.sampled_from(["[0-9]+", "a.*", "(1|46)", "[a-z]{1,2}", "-?[0-9]"]),
    "enum": st.lists(json_values, max_size=3),
    **dict.fromkeys(BOUNDS, json_values),
}
cells = st.one_of(
    st.sampled_from(TEXTS),
    st.text(alphabet="0123456789+-.eE", max_size=5),
    st.text(alphabet="abtruefalsyno;,", max_size=4),
)


@st.composite
def fields(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(TYPES))
    # Mostly constraints that the type takes, so that a drawn field is often readable.
    taken = sorted(set(constraint_values) & set(profiles.field_constraints(kind)))
    pool = draw(st.sampled_from([taken, taken, taken, sorted(constraint_values)]))
    keywords = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True)) if pool else []
    descriptor: dict[str, Any] = {"name": "a", "type": kind}
    if keywords:
        descriptor["constraints"] = {k: draw(constraint_values[k]) for k in keywords}
    if kind == "list":
        descriptor |= draw(st.sampled_from([{}, {"delimiter": ";"}, {"itemType": "integer"}]))
    if kind == "boolean" and draw(st.booleans()):
        descriptor |= {"trueValues": ["yes", "1"], "falseValues": ["no", "1"]}
    return descriptor


def _frictionless(descriptor: dict[str, Any], cell: str) -> str | None:
    """frictionless' verdict: `refused`, `ok` or the problem's code; None if it has none."""
    try:
        field = frictionless.Field.from_descriptor(descriptor)
    except frictionless.FrictionlessException:
        return "refused"
    if list(type(field).metadata_validate(descriptor)):
        return "refused"
    read = field.create_value_reader()
    limits = descriptor.get("constraints", {})
    if any(read(limits[k]) is None for k in BOUNDS if k in limits):
        return None  # it would crash comparing a cell with a bound it reads as None
    try:
        _, notes = field.read_cell(cell)
    except (InvalidOperation, TypeError):
        return None  # comparing with a NaN bound, or with one of another type
    if not notes:
        return "ok"
    return "type-error" if "type" in notes else "constraint-error"


def _validator(descriptor: dict[str, Any], cell: str) -> str:
    """The validator's verdict on one cell."""
    table, rule = compiled_field(descriptor)
    if rule is None:
        return "refused"
    (value,) = convert_columns(table.fields, frozenset({""}), [[cell]])["a"]
    if value is None:
        return "ok"  # an empty cell: only `required` judges it, over the column
    findings = rule.findings({value})
    return findings[value].code if findings else "ok"


@settings(max_examples=1000, deadline=None)
@given(descriptor=fields(), cell=cells)
def test_a_field_s_verdict_on_a_cell_is_frictionless_own(
    descriptor: dict[str, Any], cell: str
) -> None:
    theirs = _frictionless(descriptor, cell)
    assume(theirs is not None)
    assert _validator(descriptor, cell) == theirs


@settings(max_examples=1000, deadline=None)
@given(descriptor=fields(), texts=st.lists(cells, max_size=8))
def test_a_field_s_screens_keep_every_value_its_rule_fails(
    descriptor: dict[str, Any], texts: list[str]
) -> None:
    """The field as drawn, and with each of its constraints alone (another constraint's screen
    would otherwise keep the value that this one's hid)."""
    limits = descriptor.get("constraints", {})
    for each in [limits, *({k: v} for k, v in limits.items())]:
        table, rule = compiled_field(descriptor | {"constraints": each})
        if rule is None:
            continue
        column = convert_columns(table.fields, frozenset({""}), [[t] for t in texts])["a"]
        values = {value for value in column if value is not None}
        judged = {value: rule.check(value) for value in values}
        failing = {value: found for value, found in judged.items() if found is not None}
        assert rule.findings(values) == failing, each
