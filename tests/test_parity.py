"""frictionless, the reference implementation, and the native Table Schema layer agree.

The validator no longer runs frictionless (it is too slow for a large package), so this holds
the two to the same verdict over the broken-package corpus and the real package: whatever
frictionless rejects, the validator rejects; a row-level fault that frictionless reports (a
type, a constraint, a key) the validator reports with the same code at the same line, unless
it has already refused the whole file; and a row-level fault the validator reports under one of
those codes, frictionless reports too.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import frictionless
import pytest
from corpus import CASES, Case
from helpers import (
    append_row,
    assert_accepted,
    assert_problem,
    edit_descriptor,
    first_row,
    read_csv,
    resource,
    schema_field,
    set_cell,
    validate,
)

from security_diplomacy.package import load
from security_diplomacy.problems import Problem

# Codes that both name the same fault, row by row.
SHARED = {"type-error", "constraint-error", "primary-key", "foreign-key", "unique-error"}
SHARED |= {"missing-cell", "extra-cell", "blank-row"}
# Codes with which the validator refuses a whole file (its rows are then not checked).
FILE_LEVEL = {"csv-syntax", "csv-encoding", "header-mismatch", "table-empty", "file-missing"}
FILE_LEVEL |= {"data-file-symlink", "path-outside-package"}


# How frictionless refuses a package instead of reporting on it: its own exception for a
# descriptor it cannot read or finds invalid, and the errors frictionless 5 raises on a few
# broken descriptors (an empty list delimiter or a NUL in a path: ValueError; a reference that
# is a string: AttributeError; a pattern nested too deep: RecursionError; a field that is not
# an object: TypeError). Any other exception is a failure of the comparison, not a verdict, and
# fails the test.
REFUSALS = (
    frictionless.FrictionlessException,
    ValueError,
    AttributeError,
    RecursionError,
    TypeError,
)


def _frictionless(root: Path) -> Any | None:
    """frictionless' report, or None when it refuses the package (a rejection)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return frictionless.Package(str(root / "datapackage.json")).validate()
    except REFUSALS:
        return None


def _row_faults(root: Path, report: Any, refused: set[str]) -> set[tuple[str, str, int]]:
    """frictionless' row-level errors as (code, path, file line), via the loader's line map.

    Three differences are by design (checks/tables.py, csvfile.py): a duplicate single-field
    primary key is a `primary-key`, not also a `unique-error`; a foreign key into a refused
    file is not judged, since every reference into it would fail for the one reason already
    given; and a blank line is a `blank-row`, not also a row whose key is empty.
    """
    pkg = load(root)
    faults = set()
    for task in report.tasks:
        table = pkg.tables.get(str(task.name))
        blank = {e.row_number for e in task.errors if e.type == "blank-row"}
        for error in task.errors:
            number = getattr(error, "row_number", None)
            if table is None or error.type not in SHARED or not number:
                continue
            code = error.type
            if code != "blank-row" and number in blank:
                continue
            if code == "unique-error" and table.primary_key == (error.field_name,):
                code = "primary-key"
            if code == "foreign-key" and _target_path(pkg, table, error) in refused:
                continue
            line = table.line_of_record(number)
            if line is not None:
                faults.add((code, table.path, line))
    return faults


def _target_path(pkg: Any, table: Any, error: Any) -> str | None:
    fields = [str(name) for name in getattr(error, "field_names", ())]
    for key in table.foreign_keys:
        if [key.field] == fields and key.resource in pkg.tables:
            return str(pkg.tables[key.resource].path)
    return None


def _agree(root: Path) -> None:
    ours = validate(root)
    report = _frictionless(root)
    refused = {p.path for p in ours if p.code in FILE_LEVEL}
    listing = "\n".join(map(str, ours))
    if report is None or not report.valid:
        assert ours, "frictionless rejects the package but the validator accepts it"
    if report is None:
        return
    found = {(p.code, p.path, p.row) for p in ours}
    for code, path, line in _row_faults(root, report, refused):
        if path not in refused:
            assert (code, path, line) in found, f"frictionless: {path}:{line} [{code}]\n{listing}"
    ours_shared = [p for p in ours if p.code in SHARED and p.path not in refused]
    if ours_shared:
        assert not report.valid, f"frictionless accepts what the validator rejects:\n{listing}"


def test_real_package(pristine: Path) -> None:
    report = _frictionless(pristine)
    assert report is not None and report.valid
    assert not validate(pristine)
    _agree(pristine)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_verdict_as_frictionless(case: Case, pkg_dir: Path, tmp_path: Path) -> None:
    case.edit(pkg_dir, tmp_path / "outside")
    _agree(pkg_dir)


def test_a_string_field_s_non_string_enum_item_matches_no_cell(pkg_dir: Path) -> None:
    """`enum: [..., 1]` on a string field does not admit the text `1`: frictionless agrees."""

    def allow_one(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "format")["constraints"]["enum"].append(1)

    edit_descriptor(pkg_dir, allow_one)
    line = set_cell(pkg_dir, "events", first_row(pkg_dir, "events").line, "format", "1")
    assert_problem(pkg_dir, "constraint-error", "data/events.csv", line, "format")
    _agree(pkg_dir)


def test_number_bounds_hold_at_the_limit_and_break_for_nan(pkg_dir: Path) -> None:
    """A number at its bound passes; past it, `nan` (no comparison holds) and `inf` break it."""

    def bound(descriptor: dict[str, Any]) -> None:
        ordinal = schema_field(descriptor, "events", "ordinal")
        ordinal.update(type="number", constraints={"minimum": 1, "maximum": 46})

    edit_descriptor(pkg_dir, bound)
    at_limits = [row.line for row in read_csv(pkg_dir, "events")[1] if row.values["ordinal"]]
    assert len(at_limits) == 2  # the ordinals 46 and 1: the two bounds exactly
    empty = [row.line for row in read_csv(pkg_dir, "events")[1] if not row.values["ordinal"]]
    broken = ["nan", "46.5", "inf", "-inf", "0.99"]
    lines = [
        set_cell(pkg_dir, "events", line, "ordinal", v)
        for line, v in zip(empty[:5], broken, strict=True)
    ]
    for line in lines:
        assert_problem(pkg_dir, "constraint-error", "data/events.csv", line, "ordinal")
    for line in at_limits:
        assert_accepted(pkg_dir, "data/events.csv", line, ["constraint-error"], "ordinal")
    _agree(pkg_dir)


def test_a_list_s_length_is_its_number_of_items(pkg_dir: Path) -> None:
    """`maxLength: 2` on `statements.topics` (a `;` list) counts topics, not characters."""

    def limit(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "statements", "topics")["constraints"] = {"maxLength": 2}

    edit_descriptor(pkg_dir, limit)
    rows = read_csv(pkg_dir, "statements")[1]
    size = {row.line: len(row.values["topics"].split(";")) for row in rows if row.values["topics"]}
    long = [line for line, n in size.items() if n > 2]
    assert long and 2 in size.values()  # both sides of the limit are in the real data
    for line in size:
        if size[line] > 2:
            found = assert_problem(
                pkg_dir, "constraint-error", "data/statements.csv", line, "topics"
            )
            assert (
                f"has length {size[line]}, against the constraint maxLength 2" in found[0].message
            )
        else:
            assert_accepted(pkg_dir, "data/statements.csv", line, ["constraint-error"], "topics")
    _agree(pkg_dir)


def test_a_list_of_integers_takes_whole_numbers_only(pkg_dir: Path) -> None:
    """`itemType: integer` on `statements.topics`: `1;46` is a list of integers, `1;x` not."""

    def integers(descriptor: dict[str, Any]) -> None:
        topics = schema_field(descriptor, "statements", "topics")
        topics.update(itemType="integer")
        del topics["x-vocabulary"], topics["x-support"]

    edit_descriptor(pkg_dir, integers)
    lines = [row.line for row in read_csv(pkg_dir, "statements")[1][:2]]
    set_cell(pkg_dir, "statements", lines[0], "topics", "1;46")
    set_cell(pkg_dir, "statements", lines[1], "topics", "1;x")
    assert_accepted(pkg_dir, "data/statements.csv", lines[0], ["type-error"], "topics")
    found = assert_problem(pkg_dir, "type-error", "data/statements.csv", lines[1], "topics")
    assert "value ['1', 'x'] is not a list of whole numbers" in found[0].message
    _agree(pkg_dir)


def test_a_number_field_refuses_text_that_is_no_number(pkg_dir: Path) -> None:
    """`events.ordinal` made a `number`: `4.5e1` is one, and so are Table Schema's special
    values in any case (`NaN`, `-INF`, `Inf`); `x` and `1,5` are not, nor (for frictionless as
    for Python's Decimal) a number whose exponent has twenty digits."""

    def number(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal")["type"] = "number"

    edit_descriptor(pkg_dir, number)
    empty = [row.line for row in read_csv(pkg_dir, "events")[1] if not row.values["ordinal"]]
    numbers, texts = ["4.5e1", "NaN", "-INF", "Inf", "nan"], ["x", "1,5", "1e" + "9" * 20]
    cells = dict(zip(empty, numbers + texts, strict=False))
    assert len(cells) == len(numbers + texts)
    for line, value in cells.items():
        set_cell(pkg_dir, "events", line, "ordinal", value)
    good, bad = list(cells)[: len(numbers)], list(cells)[len(numbers) :]
    for line in good:
        assert_accepted(pkg_dir, "data/events.csv", line, ["type-error"], "ordinal")
    for line in bad:
        found = assert_problem(pkg_dir, "type-error", "data/events.csv", line, "ordinal")
        assert f"value {cells[line]!r} is not a number, the field's type" in found[0].message
    _agree(pkg_dir)


@pytest.mark.parametrize(
    ("described", "accepted", "refused"),
    [
        ({}, ["true", "FALSE", "1"], ["yes", "46"]),  # Table Schema's default true and false values
        ({"trueValues": ["yes"], "falseValues": ["no"]}, ["yes", "no"], ["true", "1", "46"]),
    ],
)
def test_a_boolean_field_takes_its_true_and_false_values(
    pkg_dir: Path, described: dict[str, Any], accepted: list[str], refused: list[str]
) -> None:
    """`events.ordinal` (46 and 1, the rest empty) made a `boolean`."""

    def boolean(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal").update(
            type="boolean", constraints={}, **described
        )

    edit_descriptor(pkg_dir, boolean)
    rows = read_csv(pkg_dir, "events")[1]
    lines = [row.line for row in rows if row.values["ordinal"] != "46"]
    cells = dict(zip(lines, [v for v in accepted + refused if v != "46"], strict=False))
    for line, value in cells.items():
        set_cell(pkg_dir, "events", line, "ordinal", value)
    cells |= {row.line: "46" for row in rows if row.values["ordinal"] == "46"}
    for line, value in cells.items():
        if value in accepted:
            assert_accepted(pkg_dir, "data/events.csv", line, ["type-error"], "ordinal")
        else:
            found = assert_problem(pkg_dir, "type-error", "data/events.csv", line, "ordinal")
            assert f"value {value!r} is not one of [" in found[0].message
    _agree(pkg_dir)


_46_OR_1 = {"trueValues": ["46"], "falseValues": ["1"]}  # the two cells of `events.ordinal`


@pytest.mark.parametrize(
    ("properties", "refused"),
    [
        # Table Schema lets a bound or an enum item be text of the field's type.
        ({"constraints": {"maximum": "5"}}, ["46"]),
        ({"constraints": {"exclusiveMinimum": "1"}}, ["1"]),
        ({"constraints": {"enum": ["1", "46"]}}, []),
        # JSON's true is no integer, though Python's True == 1; 46.0 is the integer 46.
        ({"constraints": {"enum": [True, 46.0]}}, ["1"]),
        ({"type": "number", "constraints": {"enum": [1.0, "46"]}}, []),
        ({"type": "number", "constraints": {"maximum": "4.6e1", "minimum": "1.5"}}, ["1"]),
        # A number is a decimal, compared exactly: as a float this bound would be 46.0.
        ({"type": "number", "constraints": {"maximum": "45.99999999999999999"}}, ["46"]),
        # A boolean's enum holds values of the type, in JSON or as one of its texts.
        ({"type": "boolean", "constraints": {"enum": [True]}, **_46_OR_1}, ["1"]),
        ({"type": "boolean", "constraints": {"enum": ["1"]}, **_46_OR_1}, ["46"]),
        # A text among both the true and the false values is false.
        (
            {
                "type": "boolean",
                "constraints": {"enum": [False]},
                **_46_OR_1,
                "trueValues": ["46", "1"],
            },
            ["46"],
        ),
    ],
)
def test_constraints_are_read_as_the_field_s_type(
    pkg_dir: Path, properties: dict[str, Any], refused: list[str]
) -> None:
    """A constraint compares values of the field's type, its own read as a cell is:
    `events.ordinal`, given these properties, holds the cells 46 and 1."""

    def edit(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal").update(properties)

    edit_descriptor(pkg_dir, edit)
    rows = read_csv(pkg_dir, "events")[1]
    cells = {row.line: row.values["ordinal"] for row in rows if row.values["ordinal"]}
    assert sorted(cells.values()) == ["1", "46"]
    for line, value in cells.items():
        if value in refused:
            assert_problem(pkg_dir, "constraint-error", "data/events.csv", line, "ordinal")
        else:
            assert_accepted(pkg_dir, "data/events.csv", line, ["constraint-error"], "ordinal")
    _agree(pkg_dir)


@pytest.mark.parametrize(
    ("table", "name", "properties", "keyword", "kind"),
    [
        (
            "events",
            "ordinal",
            {"type": "string", "constraints": {"maximum": 5}},
            "maximum",
            "string",
        ),
        ("events", "ordinal", {"constraints": {"pattern": "[0-9]+"}}, "pattern", "integer"),
        ("statements", "topics", {"constraints": {"enum": ["security"]}}, "enum", "list"),
        (
            "events",
            "ordinal",
            {"type": "boolean", "constraints": {"minLength": 1}},
            "minLength",
            "boolean",
        ),
    ],
)
def test_a_constraint_that_the_type_does_not_take_is_refused(
    pkg_dir: Path, table: str, name: str, properties: dict[str, Any], keyword: str, kind: str
) -> None:
    """frictionless refuses such a field; the validator names the constraint and the type."""

    def edit(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, table, name).update(properties)

    edit_descriptor(pkg_dir, edit)
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    wanted = f"field `{name}`: constraint `{keyword}` does not apply to a field of type {kind!r}"
    assert [p for p in found if wanted in p.message], found
    _agree(pkg_dir)


@pytest.mark.parametrize(
    ("kind", "cells", "duplicate"),
    [
        ("number", ["1", "1.0"], "1.0"),  # one number, two texts; named as the second writes it
        ("number", ["1", "1e0"], "1"),
        ("boolean", ["true", "1"], "true"),
        ("boolean", ["false", "0"], "false"),
        ("number", ["1", "1.5"], None),
        ("number", ["nan", "nan"], None),  # NaN equals nothing, itself included
        ("number", ["x", "x"], None),  # no number: type errors, not a duplicate
    ],
)
def test_unique_compares_values_not_texts(
    pkg_dir: Path, kind: str, cells: list[str], duplicate: str | None
) -> None:
    """`events.ordinal`, made `unique` of another type, holds these two cells only."""

    def typed(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal").update(
            type=kind, constraints={"unique": True}
        )

    edit_descriptor(pkg_dir, typed)
    rows = read_csv(pkg_dir, "events")[1]
    for row in rows:
        set_cell(pkg_dir, "events", row.line, "ordinal", "")
    first, second = [set_cell(pkg_dir, "events", rows[i].line, "ordinal", cells[i]) for i in (0, 1)]
    if duplicate:
        found = assert_problem(pkg_dir, "unique-error", "data/events.csv", second, "ordinal")
        wanted = f"`ordinal` {duplicate} is already used by the row on line {first}"
        assert wanted in found[0].message
    else:
        assert_accepted(pkg_dir, "data/events.csv", second, ["unique-error"])
    _agree(pkg_dir)


def test_a_primary_key_compares_values_not_texts(pkg_dir: Path) -> None:
    """`skipped_lines` is keyed by (source_id, line): with `line` a number, `20.0` is `20`."""
    first = read_csv(pkg_dir, "skipped_lines")[1][0]
    row = {**first.values, "line": f"{first.values['line']}.0", "reason": "x"}
    line = append_row(pkg_dir, "skipped_lines", row)

    def number(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "skipped_lines", "line")["type"] = "number"

    edit_descriptor(pkg_dir, number)
    found = assert_problem(pkg_dir, "primary-key", "data/skipped_lines.csv", line)
    wanted = f"{first.values['source_id']!r}, {first.values['line']}.0 is already used by the row"
    assert wanted in found[0].message
    _agree(pkg_dir)


def test_a_foreign_key_compares_values_not_texts(pkg_dir: Path) -> None:
    """`events.ordinal` and `skipped_lines.line` made numbers, the first referencing the second:
    `20.0` names the row of line 20; a number no row has is reported as written."""
    line = read_csv(pkg_dir, "skipped_lines")[1][0].values["line"]

    def reference(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal").update(type="number", constraints={})
        schema_field(descriptor, "skipped_lines", "line")["type"] = "number"
        key = {
            "fields": ["ordinal"],
            "reference": {"resource": "skipped_lines", "fields": ["line"]},
        }
        resource(descriptor, "events")["schema"]["foreignKeys"].append(key)

    edit_descriptor(pkg_dir, reference)
    rows = [row for row in read_csv(pkg_dir, "events")[1] if row.values["ordinal"]]
    named = set_cell(pkg_dir, "events", rows[0].line, "ordinal", f"{line}.0")
    dangling = set_cell(pkg_dir, "events", rows[1].line, "ordinal", "1e9")
    assert_accepted(pkg_dir, "data/events.csv", named, ["foreign-key"])
    found = assert_problem(pkg_dir, "foreign-key", "data/events.csv", dangling, "ordinal")
    assert "value '1e9' names no row of `skipped_lines`" in found[0].message
    _agree(pkg_dir)


def test_a_json_float_bound_is_the_decimal_it_prints_as(pkg_dir: Path) -> None:
    """`maximum: 0.1` on a number field is a tenth, as frictionless reads it: the float's own
    value (0.1000000000000000055...) would admit `0.10000000000000001`."""
    rows = [row.line for row in read_csv(pkg_dir, "events")[1] if not row.values["ordinal"]]
    above = set_cell(pkg_dir, "events", rows[0], "ordinal", "0.10000000000000001")
    at = set_cell(pkg_dir, "events", rows[1], "ordinal", "0.1")

    def bound(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal").update(
            type="number", constraints={"maximum": 0.1}
        )

    edit_descriptor(pkg_dir, bound)
    assert_problem(pkg_dir, "constraint-error", "data/events.csv", above, "ordinal")
    assert_accepted(pkg_dir, "data/events.csv", at, ["constraint-error"], "ordinal")
    _agree(pkg_dir)


def test_the_parity_check_can_fail(pkg_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A validator that missed a foreign key would be caught by the comparison."""
    from corpus.cases import dangling_foreign_key

    dangling_foreign_key(pkg_dir, pkg_dir)

    def forgetful(root: Path, real: Any = validate) -> list[Problem]:
        return [p for p in real(root) if p.code != "foreign-key"]

    monkeypatch.setattr(f"{__name__}.validate", forgetful)
    with pytest.raises(AssertionError):
        _agree(pkg_dir)
