"""The project's own descriptor conventions (checks/descriptor.py): what each message names.

The corpus holds each fault to its code and file; these tests hold the words that let a
contributor act on it: which resource and setting, the value found, and the fix. mutmut showed
that a message could lose its subject or its fix, or a second fault hide behind the first,
without any test failing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import assert_problem, edit_descriptor, matching, resource, validated

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
