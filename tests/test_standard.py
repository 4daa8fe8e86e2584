"""The native Table Schema layer and the split evaluation of row schemas, each shown failing.

The corpus covers the common faults (a type, a vocabulary, line 0, a duplicate key, a dangling
reference); these cover the rest of what the layer reads, and hold the split evaluation of a
row schema to the verdicts of validating each whole row with jsonschema.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    append_row,
    assert_problem,
    compiled_field,
    edit_descriptor,
    first_row,
    matching,
    one_field_table,
    resource,
    schema_field,
    set_cell,
    validate,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from security_diplomacy.casts import convert_columns
from security_diplomacy.checks.rows import _owned_keywords, _schema
from security_diplomacy.formats import format_checker
from security_diplomacy.model import Row
from security_diplomacy.package import load
from security_diplomacy.standard import profiles
from security_diplomacy.standard.schema import compile_fields, rejects
from security_diplomacy.standard.split import evaluate, split

EVENTS = "data/events.csv"
PEOPLE = "data/people.csv"


def test_stored_profiles_are_frictionless_own() -> None:
    stale = profiles.render(profiles.generate()) != profiles.PROFILES.read_text(encoding="utf-8")
    assert not stale, "run `python -m security_diplomacy.standard.profiles` and read the diff"


def test_a_profile_violation_is_reported(pkg_dir: Path) -> None:
    edit_descriptor(pkg_dir, lambda d: d.update(keywords="not a list"))
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any("keywords" in p.message for p in found)


def test_unique_field_duplicate(pkg_dir: Path) -> None:
    def unique_name(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "people", "name").setdefault("constraints", {})["unique"] = True

    edit_descriptor(pkg_dir, unique_name)
    first = first_row(pkg_dir, "people")
    second = first_row(pkg_dir, "people", lambda r: r["name"] != first.values["name"])
    set_cell(pkg_dir, "people", second.line, "name", first.values["name"])
    assert_problem(pkg_dir, "unique-error", PEOPLE, second.line, "name")


def test_maximum_and_max_length(pkg_dir: Path) -> None:
    def limits(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal")["constraints"]["maximum"] = 1
        schema_field(descriptor, "people", "name").setdefault("constraints", {})["maxLength"] = 3

    edit_descriptor(pkg_dir, limits)
    event = first_row(pkg_dir, "events", lambda r: bool(r["ordinal"]) and int(r["ordinal"]) > 1)
    assert_problem(pkg_dir, "constraint-error", EVENTS, event.line, "ordinal")
    assert_problem(pkg_dir, "constraint-error", PEOPLE, first_row(pkg_dir, "people").line, "name")


def test_a_float_limit_is_named_as_written(pkg_dir: Path) -> None:
    """The message gives `maximum 1.0000001`, not the six digits of `%g` (`maximum 1`)."""
    edit_descriptor(
        pkg_dir,
        lambda d: schema_field(d, "events", "ordinal")["constraints"].update(maximum=1.0000001),
    )
    event = first_row(pkg_dir, "events", lambda r: r["ordinal"] == "46")
    found = assert_problem(pkg_dir, "constraint-error", EVENTS, event.line, "ordinal")
    assert "breaks the constraint maximum 1.0000001;" in found[0].message, found


def test_blank_line_in_a_table(pkg_dir: Path) -> None:
    path = pkg_dir / "data" / "people.csv"
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([*lines[:2], b"", *lines[2:]]))
    assert_problem(pkg_dir, "blank-row", PEOPLE, 3)


def test_required_cell_left_empty(pkg_dir: Path) -> None:
    line = set_cell(pkg_dir, "people", first_row(pkg_dir, "people").line, "name", "")
    assert_problem(pkg_dir, "constraint-error", PEOPLE, line, "name")


def test_descriptors_that_cannot_be_compiled(pkg_dir: Path) -> None:
    def break_it(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "people", "name")["type"] = "geopoint"
        schema_field(descriptor, "events", "event_id")["constraints"]["pattern"] = "(["
        participants = resource(descriptor, "participants")["schema"]["foreignKeys"]
        participants[0]["reference"]["resource"] = "no_such_table"

    edit_descriptor(pkg_dir, break_it)
    messages = [p.message for p in validate(pkg_dir) if p.code == "descriptor-invalid"]
    assert any("'geopoint' is not read" in m for m in messages), messages
    assert any("no regular expression" in m for m in messages), messages
    assert any("no resource 'no_such_table'" in m for m in messages), messages


# --- the split evaluation of a row schema ------------------------------------------------------

CELLS = st.sampled_from(
    ["", "x", "Tajik leader", "unattributed", "direct_quote", "2022-13-01", "terrorism;x;"]
)


def _whole_row_errors(schema: dict[str, Any], owned: dict[str, frozenset[str]], rows: list[Row]):
    """What validating each whole row gives, less what the Table Schema layer owns."""
    validator = Draft202012Validator(schema, format_checker=format_checker())
    found = set()
    for row in rows:
        for error in validator.iter_errors({k: _json(v) for k, v in row.values.items()}):
            path = list(error.absolute_schema_path)
            if path == ["required"]:
                continue
            if len(path) == 3 and path[0] == "properties" and path[2] in owned.get(path[1], ()):
                continue
            found.add(_identity(row.line, error))
    return found


def _json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _identity(line: int, error: Any) -> tuple[Any, ...]:
    """An error by what it says and where, not by its wording.

    The wording of a cross-field error quotes its instance, and the split evaluation shows the
    fields a rule does not read as null; the report words such errors by the rule's
    description instead.
    """
    where = (tuple(error.absolute_schema_path), tuple(error.absolute_path))
    return (line, *where, error.validator, repr(error.validator_value))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(range(10)), CELLS), min_size=1, max_size=8))
def test_split_evaluation_equals_whole_row_validation(cells: list[dict[int, str]]) -> None:
    """Random statements rows: the same errors, at the same rows, as row-by-row jsonschema."""
    pkg = _real_package()
    table = pkg.tables["statements"]
    width = len(table.fields)
    body = [[row.get(i, "") for i in range(width)] for row in cells]
    lines = list(range(2, len(body) + 2))
    columns = convert_columns(table.fields, frozenset({""}), body)  # the loader's own typing
    schema, owned = _schema(pkg, "statements", table), _owned_keywords(table)
    split_errors = {
        _identity(line, error)
        for line, error in evaluate(split(schema, owned), lines, columns, format_checker())
    }
    assert split_errors == _whole_row_errors(schema, owned, _rows(lines, columns))


def _rows(lines: list[int], columns: dict[str, list[Any]]) -> list[Row]:
    names = list(columns)
    return [
        Row(line, {n: v for n, v in zip(names, values, strict=True) if v is not None})
        for line, *values in zip(lines, *columns.values(), strict=True)
    ]


def test_split_equivalence_is_not_vacuous() -> None:
    """The property above compares non-empty error sets: its rows do break the rules."""
    pkg = _real_package()
    table = pkg.tables["statements"]
    row = {"statement_id": "s", "speech_form": "unattributed", "speaker_label": "x"}
    columns = {field.name: [row.get(field.name)] for field in table.fields}
    schema, owned = _schema(pkg, "statements", table), _owned_keywords(table)
    assert list(evaluate(split(schema, owned), [2], columns, format_checker()))
    assert _whole_row_errors(schema, owned, _rows([2], columns))


def test_split_names_the_fields_whose_values_the_rules_read() -> None:
    """The statements rules read the value of `speech_form` only (the others' presence is read
    by every row's projection anyway), so the rows are grouped by that value alone: one
    jsonschema call per distinct group, not per row. A schema whose rules name no field gives
    up (None: read every value), which is slower, never wrong, so only this test sees it
    (mutmut's `split` 32)."""
    pkg = _real_package()
    table = pkg.tables["statements"]
    parts = split(_schema(pkg, "statements", table), _owned_keywords(table))
    assert parts.named == frozenset({"speech_form"})


_PACKAGE: list[Any] = []


def _real_package() -> Any:
    if not _PACKAGE:
        from helpers import PACKAGE

        _PACKAGE.append(load(PACKAGE))
    return _PACKAGE[0]


def test_a_rule_without_description_is_refused(pkg_dir: Path) -> None:
    import json

    path = pkg_dir / "schemas" / "rules" / "statements.json"
    rules = json.loads(path.read_text(encoding="utf-8"))
    del rules["allOf"][0]["description"]
    path.write_text(json.dumps(rules), encoding="utf-8")
    found = assert_problem(pkg_dir, "descriptor-invalid", "schemas/rules/statements.json")
    assert any("no `description`" in p.message for p in found)


# --- the screens that narrow distinct values before the field rules judge them -----------------

VALUES = st.one_of(
    st.text(alphabet="abc-019 AZ", max_size=6),
    st.sampled_from(["meeting", "c-0001", "", "x" * 70, "took_place"]),
    st.integers(min_value=-3, max_value=3),
    st.tuples(st.sampled_from(["a", "", "b"])),
)


@settings(max_examples=500, deadline=None)
@given(st.sets(VALUES, max_size=12))
def test_screens_never_hide_a_failing_value(values: set[Any]) -> None:
    """For every field of the real package, screening first gives the findings of judging all."""
    for table, rule in _field_rules():
        expected = {v: rule.check(v) for v in values if rule.check(v) is not None}
        assert rule.findings(set(values)) == expected, (table, rule.name)


@functools.cache
def _field_rules() -> tuple[tuple[str, Any], ...]:
    """Every field rule of the real package, compiled once for all the examples."""
    tables = _real_package().tables.values()
    return tuple((t.name, rule) for t in tables for rule in compile_fields(t)[0])


def test_screens_are_exercised_by_failing_values() -> None:
    """The property above sees failures: a pattern, an enum and a length each reject something."""
    rules = {r.name: r for r in compile_fields(_real_package().tables["events"])[0]}
    assert rules["event_id"].findings({"Not An Id", "ok-id"}).keys() == {"Not An Id"}
    assert rules["kind"].findings({"meeting", "party"}).keys() == {"party"}
    citations = {r.name: r for r in compile_fields(_real_package().tables["citations"])[0]}
    assert citations["quote"].findings({"", "x"}).keys() == {""}


SCREENED = [  # a field, distinct values (all text, or not), and those its screen keeps
    ({"type": "string"}, {"a", "b"}, True, set()),
    ({"type": "any"}, {"a", "b"}, True, set()),
    ({"type": "string"}, {"a", 1}, False, {1}),
    ({"type": "integer"}, {1, 2, "x"}, False, {"x"}),
    ({"type": "string", "constraints": {"pattern": "[a-z]+"}}, {"ab", "A1"}, True, {"A1"}),
    ({"type": "string", "constraints": {"maxLength": 2}}, {"a", "ab"}, True, set()),
    ({"type": "string", "constraints": {"maxLength": 1}}, {"a", "ab"}, True, {"a", "ab"}),
    ({"type": "string", "constraints": {"minLength": 1}}, {"a", "ab"}, True, set()),
    ({"type": "string", "constraints": {"minLength": 2}}, {"a", "ab"}, True, {"a", "ab"}),
    ({"type": "string", "constraints": {"enum": ["a"]}}, {"a", "b"}, True, {"b"}),
    # Column-wide constraints screen nothing; `true` is an int to Python, not a length limit.
    ({"type": "string", "constraints": {"required": True, "unique": True}}, {"ab"}, True, set()),
]


@pytest.mark.parametrize(("descriptor", "values", "all_text", "kept"), SCREENED)
def test_screens_pass_over_values_that_cannot_fail(
    descriptor: dict[str, Any], values: set[Any], all_text: bool, kept: set[Any]
) -> None:
    """What makes a million cells cheap: the rule judges only what the screens keep (the
    property above holds them to keeping every failing value; this, to keeping no more)."""
    _, rule = compiled_field(descriptor)
    assert rule is not None
    assert rule.screen(values, all_text) == kept


# --- properties the standard does not define, at every level of the descriptor -----------------


def _participants(descriptor: dict[str, Any]) -> dict[str, Any]:
    return resource(descriptor, "participants")


UNKNOWN_AT = {
    "package": lambda d: d,
    "resources[participants]": _participants,
    "resources[participants].dialect": lambda d: _participants(d)["dialect"],
    "resources[participants].schema": lambda d: _participants(d)["schema"],
    "resources[participants].schema.fields[role]": lambda d: schema_field(
        d, "participants", "role"
    ),
    "resources[participants].schema.fields[role].constraints": (
        lambda d: schema_field(d, "participants", "role").setdefault("constraints", {})
    ),
    "resources[participants].schema.foreignKeys[0]": (
        lambda d: _participants(d)["schema"]["foreignKeys"][0]
    ),
    "resources[participants].schema.foreignKeys[0].reference": (
        lambda d: _participants(d)["schema"]["foreignKeys"][0]["reference"]
    ),
}


@pytest.mark.parametrize("where", list(UNKNOWN_AT))
def test_an_unknown_property_is_reported_at_every_level(pkg_dir: Path, where: str) -> None:
    edit_descriptor(pkg_dir, lambda d: UNKNOWN_AT[where](d).update(colour="blue"))
    found = assert_problem(pkg_dir, "descriptor-unknown-property", "datapackage.json")
    assert any(f"`{where}` has property `colour`" in p.message for p in found), found


def test_a_foreign_key_into_a_field_the_target_lacks(pkg_dir: Path) -> None:
    def misname(descriptor: dict[str, Any]) -> None:
        reference = resource(descriptor, "participants")["schema"]["foreignKeys"][0]["reference"]
        reference["fields"] = ["no_such_field"]

    edit_descriptor(pkg_dir, misname)
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any("references 'no_such_field', which is no field of" in p.message for p in found)


KEY_EDITS: dict[str, tuple[Any, str, str | None]] = {
    # edit of participants' schema: (value, its key, a message the key check gives, or None)
    "foreign key of no field": (
        [
            {
                "fields": ["no_such_field"],
                "reference": {"resource": "events", "fields": ["event_id"]},
            }
        ],
        "foreignKeys",
        "foreignKeys[0] names 'no_such_field', which is no field",
    ),
    "foreign key not an object": (["x"], "foreignKeys", "foreignKeys[0] must name exactly one"),
    # A string names its one field: the profile's type error alone, not a composite key too.
    "foreign key fields a string": (
        [{"fields": "event_id", "reference": {"resource": "events", "fields": ["event_id"]}}],
        "foreignKeys",
        None,
    ),
    "primary key a string of no field": ("no_such", "primaryKey", "primaryKey names 'no_such'"),
}


@pytest.mark.parametrize("edit", list(KEY_EDITS))
def test_a_key_that_names_no_field_is_told_without_a_crash(pkg_dir: Path, edit: str) -> None:
    value, key, message = KEY_EDITS[edit]
    edit_descriptor(pkg_dir, lambda d: _participants(d)["schema"].update({key: value}))
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    keys = [p.message for p in found if "resource `participants`: " in p.message]
    if message is None:
        assert not keys, keys
    else:
        assert len(keys) == 1 and message in keys[0], keys
    assert not [p for p in validate(pkg_dir) if p.code == "check-crashed"]


@pytest.mark.parametrize("key", ["delimiter", "itemType"])
def test_a_list_field_s_delimiter_and_item_type_have_defaults(pkg_dir: Path, key: str) -> None:
    """Without them a list is `,`-delimited strings (Table Schema), not a descriptor mistake."""
    edit_descriptor(pkg_dir, lambda d: schema_field(d, "statements", "topics").pop(key))
    assert not [p for p in validate(pkg_dir) if p.code == "descriptor-invalid"]


def test_a_list_item_type_that_is_not_read_is_named(pkg_dir: Path) -> None:
    edit_descriptor(
        pkg_dir, lambda d: schema_field(d, "statements", "topics").update(itemType="date")
    )
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any(
        "itemType 'date' is not read; use one of ['integer', 'string']" in p.message for p in found
    )


@pytest.mark.parametrize("bound", ["x", " 5", "5.5"])
def test_a_bound_written_as_text_that_is_no_value_of_the_type_is_named(
    pkg_dir: Path, bound: str
) -> None:
    """`maximum: "5"` bounds an integer field (test_parity); text that the loader would not read
    as an integer cell (` 5`, with its space) does not, and the reason quotes it."""

    def text_bound(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal")["constraints"] = {"maximum": bound}

    edit_descriptor(pkg_dir, text_bound)
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    wanted = f"field `ordinal`: constraint `maximum` {bound!r} is no value of the field's type"
    assert any(wanted in p.message for p in found), found


def test_a_foreign_key_into_a_broken_boolean_field_does_not_crash(pkg_dir: Path) -> None:
    """The referenced field's values are read to be compared, unless its descriptor is broken
    (`trueValues: 5`), which is then reported, not tripped over."""

    def broken(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "skipped_lines", "line").update(type="boolean", trueValues=5)
        key = {
            "fields": ["ordinal"],
            "reference": {"resource": "skipped_lines", "fields": ["line"]},
        }
        resource(descriptor, "events")["schema"]["foreignKeys"].append(key)

    edit_descriptor(pkg_dir, broken)
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any("trueValues" in p.message for p in found), found


@pytest.mark.parametrize(
    ("descriptor", "named"),
    [
        ({"type": "boolean", "trueValues": 5}, "`trueValues` and `falseValues` must be lists"),
        ({"type": "boolean", "falseValues": "no"}, "`trueValues` and `falseValues` must be lists"),
        ({"type": "list", "delimiter": ""}, "a list needs a non-empty string `delimiter`"),
        ({"type": "list", "delimiter": 5}, "a list needs a non-empty string `delimiter`"),
        ({"type": "list", "itemType": "date"}, "itemType 'date' is not read; use one of"),
        ({"type": "string", "constraints": {"minLength": "5"}}, "`minLength` must be a number"),
        ({"type": "string", "constraints": {"maxLength": True}}, "`maxLength` must be a number"),
    ],
)
def test_a_field_that_cannot_be_compiled_says_why(descriptor: dict[str, Any], named: str) -> None:
    """compile_fields gives the reason, not an exception. The tables check reports it where the
    field profile passes the field (an empty `delimiter`); the profile refuses the others first,
    and its message is then the one reported, so no package-level test read these texts
    (mutmut's `_type_rule` 48-51 and `_constraint_rules` 28)."""
    rules, reasons = compile_fields(one_field_table(descriptor))
    assert rules == []
    assert [reason.field for reason in reasons] == ["a"]
    assert named in reasons[0].text, reasons


def test_a_bound_that_is_no_number_is_named(pkg_dir: Path) -> None:
    """The profile admits any JSON value as a bound; `true` is none (though Python's True == 1)."""

    def boolean_bound(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal")["constraints"] = {"maximum": True}

    edit_descriptor(pkg_dir, boolean_bound)
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    wanted = "field `ordinal`: constraint `maximum` must be a number"
    assert any(wanted in p.message for p in found), found


def test_a_fractional_bound_bounds_an_integer_field_as_written(pkg_dir: Path) -> None:
    """`maximum: 45.5` is no integer, but an integer compares with it exactly: 46 breaks it."""

    def bound(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal")["constraints"] = {"maximum": 45.5}

    edit_descriptor(pkg_dir, bound)
    line = first_row(pkg_dir, "events", lambda r: r["ordinal"] == "46").line
    found = assert_problem(pkg_dir, "constraint-error", EVENTS, line, "ordinal")
    assert "value 46 breaks the constraint maximum 45.5" in found[0].message
    assert not matching(validate(pkg_dir), "descriptor-invalid", "datapackage.json")


def test_an_enum_message_keeps_its_letters(pkg_dir: Path) -> None:
    """The allowed values are listed as datapackage.json writes them, `é` as `é`."""

    def accented(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "people", "name")["constraints"] = {"enum": ["Ségolène"]}

    edit_descriptor(pkg_dir, accented)
    row = first_row(pkg_dir, "people")
    found = assert_problem(pkg_dir, "constraint-error", PEOPLE, row.line, "name")
    assert 'is not one of the allowed values ["Ségolène"]' in found[0].message


@pytest.mark.parametrize(("letters", "clipped"), [(196, False), (197, True)])
def test_an_enum_message_lists_200_characters(pkg_dir: Path, letters: int, clipped: bool) -> None:
    """The allowed values are quoted whole up to 200 characters (`["` + 196 letters + `"]`),
    and cut with an ellipsis beyond, so that a long enum keeps a report line readable."""
    item = "x" * letters

    def long_enum(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "people", "name")["constraints"] = {"enum": [item]}

    edit_descriptor(pkg_dir, long_enum)
    row = first_row(pkg_dir, "people")
    message = assert_problem(pkg_dir, "constraint-error", PEOPLE, row.line, "name")[0].message
    listed = f'["{item}"]'
    shown = f"{listed[:199]}…" if clipped else listed
    assert f"allowed values {shown};" in message


def test_a_keyword_that_is_no_constraint_is_reported_once(pkg_dir: Path) -> None:
    """`constraints: {"foo": 1}` is an unknown property, not a constraint the type refuses."""

    def unknown(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal")["constraints"] = {"foo": 1}

    edit_descriptor(pkg_dir, unknown)
    problems = validate(pkg_dir)
    assert matching(problems, "descriptor-unknown-property", "datapackage.json")
    assert not [p for p in problems if "does not apply" in p.message], problems


def test_an_empty_part_of_a_composite_key_is_not_a_duplicate(pkg_dir: Path) -> None:
    """Two rows whose (source_id, line) key lacks its line: `required` says so, once a row."""
    source_id = first_row(pkg_dir, "sources").values["source_id"]
    row = {"source_id": source_id, "line": "", "reason": "x"}
    lines = [append_row(pkg_dir, "skipped_lines", row) for _ in range(2)]
    problems = validate(pkg_dir)
    for line in lines:
        assert matching(problems, "constraint-error", "data/skipped_lines.csv", line, "line")
    assert not matching(problems, "primary-key", "data/skipped_lines.csv")


def test_a_resource_profile_violation_names_its_resource(pkg_dir: Path) -> None:
    edit_descriptor(pkg_dir, lambda d: resource(d, "events").update(title=5))
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any("resource `events` breaks the" in p.message for p in found), found


def test_a_field_profile_violation_names_the_field_level(pkg_dir: Path) -> None:
    edit_descriptor(pkg_dir, lambda d: schema_field(d, "people", "name").update(title=5))
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any("resource `people` breaks the field profile" in p.message for p in found), found


def test_a_field_is_held_to_the_profile_of_its_type(pkg_dir: Path) -> None:
    """`bareNumber` belongs to the numeric types' profile only: a string there is an error."""
    edit_descriptor(
        pkg_dir, lambda d: schema_field(d, "events", "ordinal").update(bareNumber="yes")
    )
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any("field profile" in p.message and "bareNumber" in p.message for p in found), found


def test_a_field_without_a_type_is_held_to_the_string_profile(pkg_dir: Path) -> None:
    def untyped(descriptor: dict[str, Any]) -> None:
        field = schema_field(descriptor, "people", "name")
        del field["type"]
        field["format"] = "phone"  # no format of strings

    edit_descriptor(pkg_dir, untyped)
    found = assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json")
    assert any("field profile" in p.message and "'phone'" in p.message for p in found), found


def test_rejects_reads_the_compiled_field_rule(pkg_dir: Path) -> None:
    """What the date rule defers to: the field's own type and constraints, and nothing for a
    field that is absent or cannot be compiled (the descriptor check reports those)."""

    def break_pattern(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "kind")["constraints"] = {"pattern": "("}

    edit_descriptor(pkg_dir, break_pattern)
    events = load(pkg_dir).tables["events"]
    refused = rejects(events, "start_date_rule")
    assert refused("year-from-the-ether") and not refused("year-from-dateline")
    assert not rejects(events, "kind")("(")
    assert not rejects(events, "no-such-field")("anything")
    assert not rejects(events, None)("anything")


def test_a_value_that_breaks_two_keywords_of_a_profile_is_told_once() -> None:
    """An itemType list is neither a string nor a known type: one mistake, one reason; two
    misshapen constraints are two."""
    one = list(
        profiles.violations("field", {"name": "a", "type": "list", "itemType": ["a"]}, "list")
    )
    assert len(one) == 1 and one[0].startswith("itemType: ['a'] is not one of")
    # The repeated breach is passed over, not the end: the missing name (a breach of the whole
    # field, told without a place) comes after it.
    both = profiles.violations("field", {"type": "list", "itemType": ["a"]}, "list")
    assert [reason.split(" is ")[0] for reason in both] == ["itemType: ['a']", "'name'"]
    limits = {"minLength": "x", "maxLength": "y"}
    two = profiles.violations("field", {"name": "a", "constraints": limits}, "string")
    assert sorted(reason.split(":")[0] for reason in two) == [
        "constraints/maxLength",
        "constraints/minLength",
    ]


def test_an_integer_enum_compares_numbers(pkg_dir: Path) -> None:
    """`enum: [1, 46]` on an integer field admits the integers 1 and 46, not their text only."""

    def allow(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "ordinal")["constraints"] = {"enum": [1, 46]}

    edit_descriptor(pkg_dir, allow)
    assert not matching(validate(pkg_dir), "constraint-error", EVENTS, column="ordinal")
    row = first_row(pkg_dir, "events", lambda r: r["ordinal"] == "46")
    line = set_cell(pkg_dir, "events", row.line, "ordinal", "47")
    found = assert_problem(pkg_dir, "constraint-error", EVENTS, line, "ordinal")
    assert "allowed values [1, 46];" in found[0].message  # numbers, as the descriptor has them


def test_a_primary_key_field_is_required_without_saying_so(pkg_dir: Path) -> None:
    """Table Schema: the fields of a primary key are required whatever their constraints say."""

    def unrequire(descriptor: dict[str, Any]) -> None:
        del schema_field(descriptor, "people", "person_id")["constraints"]["required"]

    edit_descriptor(pkg_dir, unrequire)
    row = first_row(pkg_dir, "people")
    line = set_cell(pkg_dir, "people", row.line, "person_id", "")
    found = assert_problem(pkg_dir, "constraint-error", PEOPLE, line, "person_id")
    assert "required" in found[0].message


def test_a_table_whose_schema_cannot_compile_is_not_checked(pkg_dir: Path) -> None:
    """Its cells are not judged against a schema that is known broken: the descriptor problem
    alone, until it is fixed."""

    def break_pattern(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "people", "name")["constraints"] = {"pattern": "("}

    edit_descriptor(pkg_dir, break_pattern)
    row = first_row(pkg_dir, "people")
    set_cell(pkg_dir, "people", row.line, "person_id", "Not A Slug")
    problems = validate(pkg_dir)
    assert any(
        "pattern" in p.message for p in matching(problems, "descriptor-invalid", "datapackage.json")
    )
    assert not matching(problems, "constraint-error", PEOPLE)
