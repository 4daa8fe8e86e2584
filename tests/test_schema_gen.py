"""Derivation of row schemas, descriptor parts and README sections from synthetic metadata."""

from __future__ import annotations

import copy

from jsonschema import Draft202012Validator

from security_diplomacy.formats import format_checker
from security_diplomacy.readme_gen import (
    data_dictionary,
    files_table,
    markers,
    readme_with_sections,
    replace_section,
)
from security_diplomacy.schema_gen import derived_descriptor, row_schema, stamp

VOCABULARIES = {
    "colour": {
        "description": "Colours.",
        "classification": True,
        "values": {"red": {"definition": "Red."}, "blue": {"definition": "Blue | dark."}},
    }
}
RESOURCE = {
    "name": "things",
    "path": "data/things.csv",
    "title": "Things",
    "description": "Test things.",
    "encoding": "utf-8",
    "schema": {
        "fields": [
            {
                "name": "thing_id",
                "type": "string",
                "description": "Id.",
                "constraints": {"required": True, "unique": True, "pattern": "[a-z]+"},
            },
            {"name": "colour", "type": "string", "description": "C.", "x-vocabulary": "colour"},
            {
                "name": "tags",
                "type": "list",
                "delimiter": ";",
                "itemType": "string",
                "description": "T.",
                "x-vocabulary": "colour",
            },
            {"name": "aliases", "type": "list", "delimiter": ";", "description": "A."},
            {"name": "when", "type": "string", "description": "W.", "x-format": "edtf"},
            {
                "name": "count",
                "type": "integer",
                "description": "N.",
                "constraints": {"minimum": 1},
            },
            {
                "name": "other_id",
                "type": "string",
                "description": "O.",
                "constraints": {"enum": ["a", "b"]},
            },
        ],
        "primaryKey": ["thing_id"],
        "foreignKeys": [
            {"fields": ["other_id"], "reference": {"resource": "others", "fields": ["id"]}}
        ],
    },
}
RULES = {"allOf": [{"description": "count needs when.", "dependentRequired": {"count": ["when"]}}]}
DESCRIPTOR = {"name": "p", "title": "P", "sources": [], "resources": [RESOURCE]}


def _validator() -> Draft202012Validator:
    return Draft202012Validator(
        row_schema(RESOURCE, VOCABULARIES, RULES), format_checker=format_checker()
    )


def test_row_schema_structure() -> None:
    schema = row_schema(RESOURCE, VOCABULARIES, RULES)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "schemas/things.schema.json"
    assert schema["title"].startswith("Things")
    assert schema["description"] == "Test things."
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["thing_id"]
    assert schema["allOf"] == RULES["allOf"]
    properties = schema["properties"]
    assert properties["thing_id"] == {
        "description": "Id.",
        "type": "string",
        "pattern": "^(?:[a-z]+)$",
    }
    assert properties["colour"]["enum"] == ["red", "blue"]
    assert properties["tags"]["type"] == "array"
    assert properties["tags"]["minItems"] == 1
    assert properties["tags"]["items"] == {"type": "string", "enum": ["red", "blue"]}
    assert properties["aliases"]["items"] == {"type": "string", "minLength": 1}
    assert properties["when"]["format"] == "edtf"
    assert properties["count"] == {"description": "N.", "type": "integer", "minimum": 1}
    assert properties["other_id"]["enum"] == ["a", "b"]


def test_row_schema_validates_rows() -> None:
    validator = _validator()
    good = {"thing_id": "x", "colour": "red", "tags": ["blue"], "when": "XXXX-05-21", "count": 2}
    assert not list(validator.iter_errors(good))
    bad = {"thing_id": "x", "tags": ["green"], "when": "2022-13", "count": 2, "extra": 1}
    keywords = {e.validator for e in validator.iter_errors(bad)}
    assert keywords == {"enum", "format", "additionalProperties"}
    assert {e.validator for e in validator.iter_errors({"thing_id": "x", "count": 1})} == {
        "dependentRequired"
    }


def test_row_schema_without_rules_has_no_all_of() -> None:
    assert "allOf" not in row_schema(RESOURCE, VOCABULARIES, None)


def test_derived_descriptor_adds_enums_sources_and_stamps_without_mutating() -> None:
    original = copy.deepcopy(DESCRIPTOR)
    rows = [
        {"source_id": "a", "path": "sources/a.txt", "title": "A"},
        {"source_id": "b", "path": "sources/b.txt"},
    ]
    result = derived_descriptor(DESCRIPTOR, VOCABULARIES, rows, {"things": stamp(b"abc")})
    assert original == DESCRIPTOR
    fields = {f["name"]: f for f in result["resources"][0]["schema"]["fields"]}
    assert fields["colour"]["constraints"] == {"enum": ["red", "blue"]}
    assert "constraints" not in fields["tags"], "list fields get no whole-list enum"
    assert result["sources"] == [
        {"title": "A", "path": "sources/a.txt"},
        {"title": "b", "path": "sources/b.txt"},
    ]
    things = result["resources"][0]
    assert things["bytes"] == 3
    assert (
        things["hash"] == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    keys = list(things)
    assert keys.index("bytes") == keys.index("encoding") + 1


def test_derived_descriptor_keeps_stamps_when_not_restamping() -> None:
    stamped = derived_descriptor(DESCRIPTOR, VOCABULARIES, [], {"things": (1, "sha256:x")})
    again = derived_descriptor(stamped, VOCABULARIES, None, None)
    assert again["resources"][0]["hash"] == "sha256:x"
    assert again == stamped


def test_markdown_sections() -> None:
    counts = {"things": 4}
    table = files_table(DESCRIPTOR, counts)
    assert "| `things` | [data/things.csv](data/things.csv) | 4 | Test things. |" in table
    dictionary = data_dictionary(DESCRIPTOR, VOCABULARIES, counts)
    assert "### Things (`things`)" in dictionary
    assert "| `thing_id` | string | yes |" in dictionary
    assert "Vocabulary `colour` (curators' classification): `red`, `blue`." in dictionary
    assert "References `others.id`." in dictionary
    assert "string (EDTF date, levels 0-1)" in dictionary
    assert "#### `colour`" in dictionary
    assert "| `blue` | Blue \\| dark. |" in dictionary, "pipes are escaped in table cells"


def test_replace_section_is_idempotent_and_needs_markers() -> None:
    begin, end = markers("files")
    text = f"# T\n\n{begin}\nold\n{end}\n\nAfter.\n"
    once = replace_section(text, "files", "new body")
    assert once is not None and "new body" in once and "old" not in once
    assert once.endswith(f"{end}\n\nAfter.\n")
    assert replace_section(once, "files", "new body") == once
    assert replace_section("# T\n", "files", "x") is None
    assert begin in readme_with_sections(None, {"files": "x"}, "Title")
