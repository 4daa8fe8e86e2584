"""The project's own descriptor conventions (checks/descriptor.py): what each message names.

The corpus holds each fault to its code and file; these tests hold the words that let a
contributor act on it: which resource and setting, the value found, and the fix. mutmut showed
that a message could lose its subject or its fix, or a second fault hide behind the first,
without any test failing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import assert_problem, edit_descriptor, matching, resource, validated

from security_diplomacy.checks.properties import unknown_properties

DESCRIPTOR = "datapackage.json"
VOCABULARY = "schemas/vocabulary.json"


def _messages(root: Path, code: str, path: str) -> list[str]:
    return [p.message for p in assert_problem(root, code, path)]


def _people(descriptor: dict[str, Any]) -> dict[str, Any]:
    return resource(descriptor, "people")


def _set_dialect(**values: Any) -> Any:
    return lambda d: _people(d).setdefault("dialect", {}).update(values)


@pytest.mark.parametrize(
    ("edit", "setting", "how"),
    [
        # The fix is the first value the loader accepts, not any spelling of it.
        (
            lambda d: _people(d).update(encoding="latin-1"),
            '`encoding` "latin-1"',
            'set it to "utf-8" or remove it',
        ),
        # No value of `compression` is read: the only fix is to remove it.
        (lambda d: _people(d).update(compression="zip"), '`compression` "zip"', "remove it"),
        (_set_dialect(header=False), "`dialect.header` false", "set it to true or remove it"),
        # A setting whose only accepted value is null: "set it to null" would be no advice.
        (_set_dialect(commentChar="#"), '`dialect.commentChar` "#"', "remove it"),
        (
            _set_dialect(doubleQuote="no"),
            '`dialect.doubleQuote` "no"',
            "set it to true or false or remove it",
        ),
    ],
)
def test_a_setting_the_loader_does_not_read_is_named_with_its_value_and_fix(
    pkg_dir: Path, edit: Any, setting: str, how: str
) -> None:
    edit_descriptor(pkg_dir, edit)
    messages = _messages(pkg_dir, "descriptor-invalid", DESCRIPTOR)
    named = [m for m in messages if f"resource `people` has {setting}, " in m]
    assert named, messages
    assert all(m.endswith(f"; {how}") for m in named), named


def test_a_resource_that_is_no_object_leaves_the_next_resource_checked(pkg_dir: Path) -> None:
    def stray_then_latin(descriptor: dict[str, Any]) -> None:
        _people(descriptor).update(encoding="latin-1")
        descriptor["resources"].insert(0, "stray")

    edit_descriptor(pkg_dir, stray_then_latin)
    messages = _messages(pkg_dir, "descriptor-invalid", DESCRIPTOR)
    assert any('resource `people` has `encoding` "latin-1"' in m for m in messages), messages


def test_a_dialect_that_is_no_object_does_not_crash_the_check(pkg_dir: Path) -> None:
    # The standard allows a dialect given as a path; `validated` fails on a crashed check.
    edit_descriptor(pkg_dir, lambda d: _people(d).update(dialect="dialect.json"))
    problems = validated(pkg_dir)
    assert not [p for p in problems if "`dialect." in p.message], problems


@pytest.mark.parametrize(
    ("misspelt", "hint"),
    [("primarykey", "did you mean `primaryKey`? "), ("colour", "")],
)
def test_an_unknown_property_suggests_the_closest_known_one_if_any(
    pkg_dir: Path, misspelt: str, hint: str
) -> None:
    edit_descriptor(pkg_dir, lambda d: _people(d)["schema"].update({misspelt: "x"}))
    messages = _messages(pkg_dir, "descriptor-unknown-property", DESCRIPTOR)
    assert messages == [
        f"`resources[people].schema` has property `{misspelt}`, which the Data Package standard "
        f"and this project do not define, so it is ignored; {hint}fix or remove it"
    ]


def _write_vocabulary(root: Path, vocabulary: object) -> None:
    (root / VOCABULARY).write_text(json.dumps(vocabulary), encoding="utf-8")


def test_a_vocabulary_fault_is_located_by_its_json_path(pkg_dir: Path) -> None:
    vocabulary = json.loads((pkg_dir / VOCABULARY).read_text(encoding="utf-8"))
    vocabulary["vocabularies"]["topic"]["values"] = ["x"]
    _write_vocabulary(pkg_dir, vocabulary)
    messages = _messages(pkg_dir, "vocabulary-invalid", VOCABULARY)
    assert any(m.startswith("at `vocabularies/topic/values`: ") for m in messages), messages
    assert all(m.endswith("(and `cues`, if any, a list of strings)") for m in messages)


def test_a_vocabulary_fault_at_the_top_level_says_so(pkg_dir: Path) -> None:
    _write_vocabulary(pkg_dir, {"vocabulary": {}})
    messages = _messages(pkg_dir, "vocabulary-invalid", VOCABULARY)
    assert any(m.startswith("at `(top level)`: 'vocabularies' is a required") for m in messages)


def test_an_unknown_vocabulary_names_the_field_and_resource(pkg_dir: Path) -> None:
    def misname(descriptor: dict[str, Any]) -> None:
        role = next(
            f
            for f in resource(descriptor, "participants")["schema"]["fields"]
            if f["name"] == "role"
        )
        role["x-vocabulary"] = "no_such_vocabulary"

    edit_descriptor(pkg_dir, misname)
    messages = _messages(pkg_dir, "vocabulary-unknown", DESCRIPTOR)
    assert any(
        m.startswith(
            "field `role` of resource `participants` names vocabulary 'no_such_vocabulary'"
        )
        for m in messages
    ), messages


def test_a_missing_resource_says_how_to_get_it_back(pkg_dir: Path) -> None:
    edit_descriptor(
        pkg_dir, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "sources"])
    )
    messages = _messages(pkg_dir, "resource-missing", DESCRIPTOR)
    assert (
        f"{DESCRIPTOR} has no resource `sources`, which the provenance checks need; "
        "restore it from version control" in messages
    ), messages


def _write_rules(root: Path, table: str, rules: object) -> str:
    path = f"schemas/rules/{table}.json"
    (root / path).write_text(json.dumps(rules), encoding="utf-8")
    return path


@pytest.mark.parametrize("rules", [{"allOf": "x"}, {"anyOf": []}, []])
def test_rules_without_an_allof_list_are_reported_in_every_file(
    pkg_dir: Path, rules: object
) -> None:
    paths = [_write_rules(pkg_dir, table, rules) for table in ("events", "statements")]
    problems = validated(pkg_dir)
    for path in paths:
        found = [p.message for p in matching(problems, "descriptor-invalid", path)]
        assert found == [f"{path} must be an object with an `allOf` list"], problems


def test_rules_that_are_no_json_schema_are_reported_on_the_rules_file(pkg_dir: Path) -> None:
    path = _write_rules(pkg_dir, "events", {"allOf": [{"description": "d", "type": 5}]})
    messages = _messages(pkg_dir, "descriptor-invalid", path)
    assert any(m.startswith(f"{path} is not a valid JSON Schema (") for m in messages), messages


def test_a_rule_without_a_description_is_named_by_its_place(pkg_dir: Path) -> None:
    path = "schemas/rules/events.json"
    rules = json.loads((pkg_dir / path).read_text(encoding="utf-8"))
    rules["allOf"].append({"required": ["name"]})
    _write_rules(pkg_dir, "events", rules)
    index = len(rules["allOf"]) - 1
    assert (
        f"rule {index} of {path} has no `description`; say in one sentence what the rule requires"
        in _messages(pkg_dir, "descriptor-invalid", path)
    )


# --- the property walk (checks/properties.py) and the stamps and files checks ------------------


def _where(descriptor: dict[str, Any]) -> list[str]:
    return [where for where, _, _ in unknown_properties(descriptor)]


def test_a_node_without_a_usable_name_is_located_by_its_index() -> None:
    fields = [{"colour": 1}, {"name": 5, "colour": 1}, {"name": "", "colour": 1}]
    descriptor = {"resources": [{"colour": 1, "schema": {"fields": fields}}]}
    assert _where(descriptor) == [
        "resources[0]",
        "resources[0].schema.fields[0]",
        "resources[0].schema.fields[1]",
        "resources[0].schema.fields[2]",
    ]


@pytest.mark.parametrize(
    "descriptor",
    [
        {"resources": None},
        {"resources": [{"schema": {"fields": None, "foreignKeys": None}}]},
    ],
)
def test_a_list_that_is_no_list_is_skipped_not_crashed_on(descriptor: dict[str, Any]) -> None:
    # descriptor-invalid reports the wrong type; the walk must not stop the other checks.
    assert _where(descriptor) == []


def test_a_field_of_an_unknown_type_is_held_to_the_properties_of_every_field() -> None:
    field = {"name": "f", "type": "strin", "colour": 1, "title": "t"}
    found = list(unknown_properties({"resources": [{"schema": {"fields": [field]}}]}))
    assert [(where, name) for where, name, _ in found] == [
        ("resources[0].schema.fields[f]", "colour")
    ]


@pytest.mark.parametrize(
    ("edit", "code", "recorded"),
    [
        (
            lambda d: _people(d).update(hash="sha256:" + "0" * 64),
            "resource-hash-mismatch",
            f"datapackage.json records hash={'sha256:' + '0' * 64!r} for resource `people` "
            "but the file hashes to sha256:",
        ),
        (
            lambda d: _people(d).update(bytes=1),
            "resource-bytes-mismatch",
            "datapackage.json records bytes=1 for resource `people` but the file has ",
        ),
        (
            lambda d: _people(d).pop("bytes"),
            "resource-bytes-mismatch",
            "datapackage.json records no `bytes` for resource `people` but the file has ",
        ),
    ],
)
def test_a_stale_stamp_names_the_resource_the_value_recorded_and_the_fix(
    pkg_dir: Path, edit: Any, code: str, recorded: str
) -> None:
    edit_descriptor(pkg_dir, edit)
    (message,) = _messages(pkg_dir, code, "data/people.csv")
    assert message.startswith(recorded), message
    assert message.endswith("; run `make metadata` after the last data edit"), message


def test_an_unlisted_data_file_is_named_with_the_fix(pkg_dir: Path) -> None:
    shutil.copy(pkg_dir / "data" / "people.csv", pkg_dir / "data" / "people-old.csv")
    (message,) = _messages(pkg_dir, "data-file-unlisted", "data/people-old.csv")
    assert message == (
        f"data/people-old.csv is the data file of no resource in {DESCRIPTOR}, so nothing checks "
        "it; add a resource for it or delete the file"
    )


def test_a_resource_too_malformed_to_load_is_still_declared(pkg_dir: Path) -> None:
    """people's fields are an object, not a list: that is the one problem. Its file is not also
    "of no resource", nor the citations of people "of a table that is not a resource"."""
    edit_descriptor(pkg_dir, lambda d: _people(d)["schema"].update(fields={}))
    problems = validated(pkg_dir)
    (message,) = _messages(pkg_dir, "descriptor-invalid", DESCRIPTOR)
    assert "needs a list `schema.fields`" in message
    assert not matching(problems, "data-file-unlisted", "data/people.csv")
    assert not matching(problems, "citation-unknown-table", "data/citations.csv")


@pytest.mark.parametrize(
    ("drop", "named"),
    [
        (("path",), "needs a string `path`; add or correct it"),
        (
            ("name", "schema"),
            "needs a string `name` and a list `schema.fields`; add or correct them",
        ),
    ],
)
def test_a_resource_short_of_name_path_or_fields_is_told_which(
    pkg_dir: Path, drop: tuple[str, ...], named: str
) -> None:
    def strip(descriptor: dict[str, Any]) -> None:
        people = _people(descriptor)
        for key in drop:
            del people[key]

    edit_descriptor(pkg_dir, strip)
    messages = _messages(pkg_dir, "descriptor-invalid", DESCRIPTOR)
    assert f"resources[5] {named} in datapackage.json" in messages, messages


def test_a_file_without_a_suffix_is_no_data_file_even_beside_one(pkg_dir: Path) -> None:
    # A resource's file may lack a suffix; a README or LICENSE beside it is still no table.
    (pkg_dir / "data" / "people.csv").rename(pkg_dir / "data" / "people")
    edit_descriptor(pkg_dir, lambda d: _people(d).update(path="data/people"))
    (pkg_dir / "data" / "NOTES").write_text("notes\n", encoding="utf-8")
    assert not matching(validated(pkg_dir), "data-file-unlisted", "data/NOTES")


def test_a_data_file_at_the_package_root_is_named_as_its_resource_names_it(pkg_dir: Path) -> None:
    # The root's entries carry no "./" (nor any other prefix): "people.csv" is people's file.
    (pkg_dir / "data" / "people.csv").rename(pkg_dir / "people.csv")
    edit_descriptor(pkg_dir, lambda d: _people(d).update(path="people.csv"))
    (pkg_dir / "old.csv").write_text("x\n", encoding="utf-8")
    unlisted = [p.path for p in validated(pkg_dir) if p.code == "data-file-unlisted"]
    assert unlisted == ["old.csv"]


@pytest.mark.parametrize(
    ("listed", "reported"), [([], True), (["NA"], True), (["", "NA"], False), ("", False)]
)
def test_missing_values_must_keep_the_empty_cell(
    pkg_dir: Path, listed: object, reported: bool
) -> None:
    """The column contract: an empty cell means "not stated". A list without "" breaks it (a
    value of another shape is the profile's to report)."""
    edit_descriptor(pkg_dir, lambda d: _people(d)["schema"].update(missingValues=listed))
    found = [
        p.message
        for p in matching(validated(pkg_dir), "descriptor-invalid", "datapackage.json")
        if "column contract" in p.message
    ]
    expected = (
        f'resource `people` has `schema.missingValues` {json.dumps(listed)} without "", so an '
        'empty cell is a value, not "not stated" as the column contract says; add "" to the '
        "list or remove it"
    )
    assert found == ([expected] if reported else [])
