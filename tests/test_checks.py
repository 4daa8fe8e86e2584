"""Each check catches a broken copy of the package, at the right file, line and column."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    append_row,
    assert_accepted,
    assert_problem,
    data_path,
    drop_rows,
    edit_descriptor,
    first_row,
    matching,
    read_csv,
    resource,
    set_cell,
    source_lines,
    validate,
    write_csv,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from security_diplomacy.checks import formulas, rows
from security_diplomacy.model import Field

CITATIONS = "data/citations.csv"
SOURCES = "data/sources.csv"
BACKTRACKS = "^(a|a)*$"
BACKTRACKS_WHY = (
    "Python's re could backtrack without end on it: two alternatives of a `|` can start with 'a'"
)

# --- citations ---------------------------------------------------------------------------------


def test_changed_quote(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "quote", row.values["quote"] + " (edited)")
    assert_problem(pkg_dir, "quote-not-on-line", CITATIONS, line, "quote")


def test_quote_on_another_line(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    lines = source_lines(pkg_dir, row.values["source_id"])
    other = next((n for n, text in enumerate(lines, 1) if row.values["quote"] not in text), None)
    assert other is not None
    line = set_cell(pkg_dir, "citations", row.line, "line", str(other))
    found = assert_problem(pkg_dir, "quote-not-on-line", CITATIONS, line, "quote")
    # The message points at the lines that hold the quote: the usual fix of an off-by-one.
    holding = [str(n) for n, text in enumerate(lines, 1) if row.values["quote"] in text]
    assert all(f"(it is on line {', '.join(holding)})" in p.message for p in found)
    line = set_cell(pkg_dir, "citations", line, "quote", row.values["quote"] + " (edited)")
    (edited,) = assert_problem(pkg_dir, "quote-not-on-line", CITATIONS, line, "quote")
    assert edited.message.endswith(
        " (nor of any other line); copy it verbatim (typographic quotes included)"
    )


def test_quote_on_two_other_lines_names_both(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    lines = source_lines(pkg_dir, row.values["source_id"])
    cited = lines[int(row.values["line"]) - 1]
    # A word of the document that stands on two or more lines, none of them the cited one.
    words = {word for text in lines for word in text.split()}
    word, holding = next(
        (word, on)
        for word in sorted(words)
        if word not in cited
        and len(on := [str(n) for n, text in enumerate(lines, 1) if word in text]) >= 2
    )
    line = set_cell(pkg_dir, "citations", row.line, "quote", word)
    (found,) = assert_problem(pkg_dir, "quote-not-on-line", CITATIONS, line, "quote")
    path = f"sources/{row.values['source_id']}.txt"
    assert found.message == (
        f"the quote is not an exact substring of line {row.values['line']} of {path} "
        f"(it is on line {', '.join(holding)}); copy it verbatim (typographic quotes included)"
    )


def test_line_zero_breaks_the_table_schema(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "line", "0")
    assert_problem(pkg_dir, "constraint-error", CITATIONS, line, "line")


def test_line_beyond_end(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    beyond = len(source_lines(pkg_dir, row.values["source_id"])) + 1
    line = set_cell(pkg_dir, "citations", row.line, "line", str(beyond))
    (found,) = assert_problem(pkg_dir, "citation-line-out-of-range", CITATIONS, line, "line")
    path = f"sources/{row.values['source_id']}.txt"
    assert found.message == (
        f"line {beyond} is beyond the end of {path}, which has {beyond - 1} lines; "
        "cite the line that holds the quote"
    )


def test_citation_of_missing_record(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "record_id", "no-such-record")
    assert_problem(pkg_dir, "citation-record-missing", CITATIONS, line, "record_id")


def test_citation_of_unknown_table(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "table", "nonexistent")
    assert_problem(pkg_dir, "citation-unknown-table", CITATIONS, line, "table")


def test_citation_of_a_table_without_a_single_field_key(pkg_dir: Path) -> None:
    """skipped_lines is keyed by (source_id, line): a record_id cannot name one of its rows."""
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "table", "skipped_lines")
    found = assert_problem(pkg_dir, "citation-unknown-table", CITATIONS, line, "table")
    assert any("no single-field primary key" in p.message for p in found)


@pytest.mark.parametrize(
    ("count", "named"),
    [
        (1, ""),  # one citation: its row is the problem's own
        (2, " (named by 2 citations: rows {0}, {1})"),
        (5, " (named by 5 citations: rows {0}, {1}, {2}, {3}, {4})"),
        (7, " (named by 7 citations: rows {0}, {1}, {2}, {3}, {4} and 2 more)"),
    ],
)
def test_a_table_no_citation_can_name_is_reported_once(
    pkg_dir: Path, count: int, named: str
) -> None:
    """One fix (the name, or the key) serves every citation naming the table: one problem, at
    the first of them, which says how many there are and where."""
    header, citations = read_csv(pkg_dir, "citations")
    renamed = {row.line for row in citations[:count]}
    values = [
        dict(row.values, table="nonexistent") if row.line in renamed else row.values
        for row in citations
    ]
    write_csv(pkg_dir, "citations", header, values)
    lines = [row.line for row in read_csv(pkg_dir, "citations")[1]][:count]
    (found,) = matching(validate(pkg_dir), "citation-unknown-table", CITATIONS)
    assert (found.row, found.column) == (lines[0], "table")
    assert found.message.startswith(
        f"table 'nonexistent' is not a resource of datapackage.json{named.format(*lines)}; "
        "use one of ["
    )


def test_each_unnamable_table_is_reported_at_its_own_first_citation(pkg_dir: Path) -> None:
    header, citations = read_csv(pkg_dir, "citations")
    names = {citations[0].line: "nonexistent", citations[2].line: "skipped_lines"}
    values = [dict(row.values, table=names.get(row.line, row.values["table"])) for row in citations]
    write_csv(pkg_dir, "citations", header, values)
    lines = [row.line for row in read_csv(pkg_dir, "citations")[1]]
    found = matching(validate(pkg_dir), "citation-unknown-table", CITATIONS)
    assert [p.row for p in found] == [lines[0], lines[2]]
    assert found[0].message.startswith("table 'nonexistent' is not a resource of datapackage")
    assert found[1].message.startswith("table 'skipped_lines' has no single-field primary key")


def test_citation_without_record_id_is_reported_once(pkg_dir: Path) -> None:
    """An empty record_id is the Table Schema's finding, not also a missing record's."""
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "record_id", "")
    problems = validate(pkg_dir)
    assert matching(problems, "constraint-error", CITATIONS, line, "record_id")
    assert not matching(problems, "citation-record-missing", CITATIONS, line)


def test_references_into_an_unloaded_table_are_not_judged(pkg_dir: Path) -> None:
    """people.csv cannot be decoded: its loading problem says so, and the references to people
    are not also reported unsupported (their names are unknown, not absent)."""
    path = data_path(pkg_dir, "people")
    path.write_bytes(path.read_bytes() + b"\xff")
    problems = validate(pkg_dir)
    assert matching(problems, "csv-encoding", "data/people.csv")
    unsupported = matching(problems, "value-unsupported", "data/participants.csv")
    assert not [p for p in unsupported if p.column == "person_id"]


@pytest.mark.parametrize(
    ("edit", "cause"),
    [
        (lambda d: d["resources"].remove(resource(d, "people")), "descriptor-invalid"),
        (lambda d: resource(d, "people")["schema"].pop("primaryKey"), "citation-unknown-table"),
    ],
    ids=["resource-dropped", "no-primary-key"],
)
def test_references_into_a_table_without_named_records_are_not_judged(
    pkg_dir: Path, edit: Callable[[dict[str, Any]], None], cause: str
) -> None:
    """Without its resource or its primary key, people's records have no names to look for: the
    cause is reported, and not every person_id as unsupported besides."""
    edit_descriptor(pkg_dir, edit)
    problems = validate(pkg_dir)
    assert [p for p in problems if p.code == cause]
    unsupported = matching(problems, "value-unsupported", "data/participants.csv")
    assert not [p for p in unsupported if p.column == "person_id"]


@pytest.mark.parametrize("key", ["evnt_id", [["event_id"]]], ids=["misspelt", "nested"])
def test_a_primary_key_naming_no_field_is_no_key(pkg_dir: Path, key: Any) -> None:
    """Read as a field that does not exist, the key would give every event the id None, and
    each citation of an event would name "a missing record"; the table has no key instead."""
    edit_descriptor(pkg_dir, lambda d: resource(d, "events")["schema"].update(primaryKey=key))
    problems = validate(pkg_dir)
    assert matching(problems, "descriptor-invalid", "datapackage.json")
    assert not matching(problems, "citation-record-missing", CITATIONS)
    unknown = matching(problems, "citation-unknown-table", CITATIONS)
    assert unknown and all("'events' has no single-field primary key" in p.message for p in unknown)


def test_columns_after_a_reference_into_an_unloaded_table_are_judged(pkg_dir: Path) -> None:
    """Skipping the column that cannot be judged does not skip the columns after it."""
    path = data_path(pkg_dir, "people")
    row = first_row(pkg_dir, "participants", lambda r: bool(r["person_id"] and r["capacity"]))
    line = set_cell(pkg_dir, "participants", row.line, "capacity", "Nobody Anyone Says")
    path.write_bytes(path.read_bytes() + b"\xff")
    assert_problem(pkg_dir, "value-unsupported", "data/participants.csv", line, "capacity")


def test_rows_after_one_without_a_key_are_judged(pkg_dir: Path) -> None:
    """A row whose primary key is empty (the Table Schema check reports it) is passed over,
    and the rows after it are still judged."""
    header, rows = read_csv(pkg_dir, "people")
    first, last = rows[0].values, rows[-1].values
    write_csv(
        pkg_dir,
        "people",
        header,
        [
            dict(first, person_id=""),
            *(r.values for r in rows[1:-1]),
            dict(last, name="Nobody Anyone Says"),
        ],
    )
    line = read_csv(pkg_dir, "people")[1][-1].line
    assert_problem(pkg_dir, "value-unsupported", "data/people.csv", line, "name")


def test_record_without_citation(pkg_dir: Path) -> None:
    person = first_row(pkg_dir, "people")
    person_id = person.values["person_id"]
    drop_rows(
        pkg_dir,
        "citations",
        lambda c: c["table"] == "people" and c["record_id"] == person_id,
    )
    (found,) = assert_problem(
        pkg_dir, "record-uncited", "data/people.csv", person.line, "person_id"
    )
    assert found.message == (
        f"no citation supports people record {person_id!r}; add a row to {CITATIONS} "
        "quoting the source line that states it"
    )
    # Reported once, as uncited: its values, which no citation was tried for, are not findings.
    assert_accepted(pkg_dir, "data/people.csv", person.line, ["value-unsupported"])


def test_source_without_citation(pkg_dir: Path) -> None:
    source = first_row(pkg_dir, "sources")
    drop_rows(pkg_dir, "citations", lambda c: c["source_id"] == source.values["source_id"])
    assert_problem(pkg_dir, "source-uncited", SOURCES, source.line, "source_id")


# --- sources -----------------------------------------------------------------------------------


def test_edited_source_byte(pkg_dir: Path) -> None:
    source = first_row(pkg_dir, "sources")
    path = pkg_dir / source.values["path"]
    data = bytearray(path.read_bytes())
    data[0] = ord("#") if data[0] != ord("#") else ord("%")
    path.write_bytes(bytes(data))
    (found,) = assert_problem(pkg_dir, "source-hash-mismatch", SOURCES, source.line, "sha256")
    recorded, digest = source.values["sha256"], hashlib.sha256(data).hexdigest()
    assert found.message == (
        f"sha256 is {recorded!r} but {source.values['path']} hashes to {digest}: the document "
        "changed or the row is wrong; restore the original bytes (never edit a source)"
    )


def test_source_that_is_not_utf8_is_still_hashed(pkg_dir: Path) -> None:
    source = first_row(pkg_dir, "sources")
    path = pkg_dir / source.values["path"]
    path.write_bytes(path.read_bytes() + b"\xff")
    (found,) = assert_problem(pkg_dir, "source-encoding", SOURCES, source.line, "path")
    assert found.message == (
        f"{source.values['path']} is not valid UTF-8; sources must be stored as UTF-8 text"
    )
    assert_problem(pkg_dir, "source-hash-mismatch", SOURCES, source.line, "sha256")


def test_wrong_line_count(pkg_dir: Path) -> None:
    source = first_row(pkg_dir, "sources")
    count = str(int(source.values["line_count"]) + 1)
    line = set_cell(pkg_dir, "sources", source.line, "line_count", count)
    found = assert_problem(pkg_dir, "source-line-count-mismatch", SOURCES, line, "line_count")
    assert found[0].message == (
        f"line_count is {count} but {source.values['path']} has {source.values['line_count']} "
        "lines (elements of the text split on \\n); correct line_count"
    )


def test_symlinked_source(pkg_dir: Path, tmp_path: Path) -> None:
    source = first_row(pkg_dir, "sources")
    path = pkg_dir / source.values["path"]
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    (found,) = assert_problem(pkg_dir, "source-symlink", SOURCES, source.line, "path")
    assert found.message == (
        f"{source.values['path']} is a symbolic link; replace it with the document's own bytes"
    )


def test_source_under_a_linked_folder_leaves_the_package(pkg_dir: Path, tmp_path: Path) -> None:
    # The file itself is no link, but the folder it is in leads out of the package.
    folder = pkg_dir / "sources"
    folder.rename(tmp_path / "sources")
    folder.symlink_to(tmp_path / "sources")
    source = first_row(pkg_dir, "sources")
    (found,) = assert_problem(pkg_dir, "path-outside-package", SOURCES, source.line, "path")
    assert found.message == (
        f"path {source.values['path']!r} leaves sources/; keep the document inside the package"
    )


def test_source_row_without_path_leaves_its_document_unlisted(pkg_dir: Path) -> None:
    source = first_row(pkg_dir, "sources")
    line = set_cell(pkg_dir, "sources", source.line, "path", "")
    assert_problem(pkg_dir, "constraint-error", SOURCES, line, "path")
    assert_problem(pkg_dir, "source-unlisted", source.values["path"], None, None)


def test_source_path_leaving_the_package(pkg_dir: Path) -> None:
    source = first_row(pkg_dir, "sources")
    leaving = "../" + source.values["path"]
    line = set_cell(pkg_dir, "sources", source.line, "path", leaving)
    (found,) = assert_problem(pkg_dir, "path-outside-package", SOURCES, line, "path")
    assert found.message == (
        f"path {leaving!r} leaves sources/; keep the document inside the package"
    )
    assert not matching(validate(pkg_dir), "source-path-mismatch", SOURCES, line), (
        "a path that leaves the package is reported for that alone"
    )


@pytest.mark.parametrize(
    ("directory", "what"), [(False, "does not exist"), (True, "is not a regular file")]
)
def test_missing_source_file(pkg_dir: Path, directory: bool, what: str) -> None:
    source = first_row(pkg_dir, "sources")
    path = pkg_dir / source.values["path"]
    path.unlink()
    if directory:
        path.mkdir()
    (found,) = assert_problem(pkg_dir, "source-missing", SOURCES, source.line, "path")
    assert found.message == f"{source.values['path']} {what}; restore the document or fix the path"


def test_source_file_named_after_another_id(pkg_dir: Path) -> None:
    source = first_row(pkg_dir, "sources")
    old = pkg_dir / source.values["path"]
    old.rename(old.with_name("renamed-document.txt"))
    line = set_cell(pkg_dir, "sources", source.line, "path", "sources/renamed-document.txt")
    (found,) = assert_problem(pkg_dir, "source-path-mismatch", SOURCES, line, "path")
    expected = f"sources/{source.values['source_id']}.txt"
    assert found.message == (
        f"path is 'sources/renamed-document.txt'; it must be {expected!r} "
        "(rename the file or the id)"
    )
    # The file it names is still judged: its bytes are those the row records.
    assert_accepted(pkg_dir, SOURCES, line, ["source-hash-mismatch", "source-missing"])


def test_unlisted_source_file(pkg_dir: Path) -> None:
    (pkg_dir / "sources" / "stray-document.txt").write_text("text", encoding="utf-8")
    (found,) = assert_problem(pkg_dir, "source-unlisted", "sources/stray-document.txt", None, None)
    assert found.message == (
        "sources/stray-document.txt is not described by any row of data/sources.csv; "
        "add a row or remove it"
    )


# --- Table Schema layer (frictionless) ---------------------------------------------------------


def test_dangling_foreign_key(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "participants")
    line = set_cell(pkg_dir, "participants", row.line, "event_id", "no-such-event")
    assert_problem(pkg_dir, "foreign-key", "data/participants.csv", line, "event_id")


def test_duplicate_primary_key(pkg_dir: Path) -> None:
    first = first_row(pkg_dir, "people")
    line = append_row(pkg_dir, "people", first.values)
    (found,) = assert_problem(pkg_dir, "primary-key", "data/people.csv", line, "person_id")
    key = first.values["person_id"]
    assert (
        f"the primary key {key!r} is already used by the row on line {first.line}" in found.message
    )
    duplicates = matching(validate(pkg_dir), "unique-error", "data/people.csv")
    assert not duplicates, "a duplicate key is reported once, as primary-key"


def test_duplicate_composite_primary_key_names_each_part(pkg_dir: Path) -> None:
    first = first_row(pkg_dir, "skipped_lines")
    line = append_row(pkg_dir, "skipped_lines", first.values)
    path = "data/skipped_lines.csv"
    (found,) = assert_problem(pkg_dir, "primary-key", path, line, "source_id,line")
    key = f"{first.values['source_id']!r}, {int(first.values['line'])!r}"
    assert f"the primary key {key} is already used" in found.message


def test_value_outside_vocabulary(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events")
    line = set_cell(pkg_dir, "events", row.line, "kind", "picnic")
    assert_problem(pkg_dir, "constraint-error", "data/events.csv", line, "kind")
    twice = matching(validate(pkg_dir), "row-schema", "data/events.csv", line, "kind")
    assert not twice, "the vocabulary of a scalar is reported once, by frictionless"


def test_vocabulary_checked_even_when_descriptor_enum_is_stale(pkg_dir: Path) -> None:
    def drop_enum(descriptor: dict) -> None:
        for field in resource(descriptor, "events")["schema"]["fields"]:
            field.get("constraints", {}).pop("enum", None)

    edit_descriptor(pkg_dir, drop_enum)
    row = first_row(pkg_dir, "events")
    line = set_cell(pkg_dir, "events", row.line, "kind", "picnic")
    found = assert_problem(pkg_dir, "row-schema", "data/events.csv", line, "kind")
    assert "event_kind" in found[0].message


def test_non_integer_line(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "citations")
    line = set_cell(pkg_dir, "citations", row.line, "line", "four")
    assert_problem(pkg_dir, "type-error", CITATIONS, line, "line")
    twice = matching(validate(pkg_dir), "row-schema", CITATIONS, line, "line")
    assert not twice, "a type is reported once, by the Table Schema check"


# --- row schemas (formats, list vocabularies, cross-field rules) ------------------------------


def test_invalid_edtf_date(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events")
    line = set_cell(pkg_dir, "events", row.line, "start_date", "2022-13-45")
    assert_problem(pkg_dir, "row-schema", "data/events.csv", line, "start_date")


def test_invalid_iso3166_code(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "organizations")
    line = set_cell(pkg_dir, "organizations", row.line, "iso3166", "ZZZ")
    assert_problem(pkg_dir, "row-schema", "data/organizations.csv", line, "iso3166")
    # One mistake, one report: the support rule defers to the field's format (test_support).
    assert_accepted(pkg_dir, "data/organizations.csv", line, ["value-unsupported"], "iso3166")


def test_invalid_language_code(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "sources")
    line = set_cell(pkg_dir, "sources", row.line, "language", "en;xx")
    assert_problem(pkg_dir, "row-schema", SOURCES, line, "language")


def test_list_item_outside_vocabulary(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "statements")
    line = set_cell(pkg_dir, "statements", row.line, "topics", "terrorism;picnics")
    assert_problem(pkg_dir, "row-schema", "data/statements.csv", line, "topics")


def test_participant_with_person_and_organization(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "participants")
    values = {
        "person_id": first_row(pkg_dir, "people").values["person_id"],
        "organization_id": first_row(pkg_dir, "organizations").values["organization_id"],
    }
    line = row.line
    for column, value in values.items():
        line = set_cell(pkg_dir, "participants", line, column, value)
    found = assert_problem(
        pkg_dir, "row-schema", "data/participants.csv", line, "person_id,organization_id"
    )
    assert "Exactly one of person_id and organization_id" in found[0].message


def test_row_schema_messages_name_the_value_and_the_schema(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events")
    line = set_cell(pkg_dir, "events", row.line, "start_date", "2022-13-45")
    (found,) = assert_problem(pkg_dir, "row-schema", "data/events.csv", line, "start_date")
    assert found.message == (
        "'2022-13-45' is not a valid edtf value; fix the row (rules: schemas/events.schema.json)"
    )


def test_list_item_outside_vocabulary_is_numbered_and_lists_the_vocabulary(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "statements")
    line = set_cell(pkg_dir, "statements", row.line, "topics", "terrorism;picnics")
    (found,) = assert_problem(pkg_dir, "row-schema", "data/statements.csv", line, "topics")
    schema = json.loads((pkg_dir / "schemas/statements.schema.json").read_text(encoding="utf-8"))
    allowed = ", ".join(schema["properties"]["topics"]["items"]["enum"])
    assert found.message == (
        f"item 2: 'picnics' is not a value of vocabulary `topic` ({allowed}); "
        "fix the row (rules: schemas/statements.schema.json)"
    )


def test_broken_rule_names_each_column_it_mentions_once(pkg_dir: Path) -> None:
    # The rule names speaker_label in both its `then` and its `else` branch.
    row = first_row(
        pkg_dir,
        "statements",
        lambda v: v["speech_form"] != "unattributed" and bool(v["speaker_label"]),
    )
    line = set_cell(pkg_dir, "statements", row.line, "speech_form", "unattributed")
    columns = "speech_form,speaker_id,speaker_organization_id,speaker_label"
    (found,) = assert_problem(pkg_dir, "row-schema", "data/statements.csv", line, columns)
    assert found.message.startswith("breaks the rule: Unattributed text has no speaker: ")
    assert found.message.endswith(
        "names its speaker in speaker_label; fix the row (rules: schemas/statements.schema.json)"
    ), "the rule's description is quoted without its final stop"


def _edit_row_schema(root: Path, table: str, edit: Callable[[dict[str, Any]], None]) -> None:
    path = root / f"schemas/{table}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    edit(schema)
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


def test_row_keyword_outside_the_rules_is_reported_in_jsonschema_words(pkg_dir: Path) -> None:
    # A hand-edited row schema may hold a keyword about the whole row that is no rule of allOf.
    _edit_row_schema(pkg_dir, "events", lambda schema: schema.update(minProperties=100))
    row = first_row(pkg_dir, "events")
    (found,) = assert_problem(pkg_dir, "row-schema", "data/events.csv", row.line, None)
    assert found.message.endswith(
        " does not have enough properties; fix the row (rules: schemas/events.schema.json)"
    )
    assert "breaks the rule" not in found.message


def test_row_schema_without_properties_is_judged_not_tripped_over(pkg_dir: Path) -> None:
    """A hand-edited row schema without `properties` has no property to split off: every row
    breaks its `additionalProperties: false`, and nothing crashes (mutmut's `split` 7, which
    read the absent `properties` as a mapping anyway). A `properties` that is no object is a
    schema that jsonschema refuses (`row-schema-invalid`), and no row is judged by it."""
    _edit_row_schema(pkg_dir, "events", lambda schema: schema.pop("properties"))
    found = validate(pkg_dir)
    assert not matching(found, "check-crashed", "."), found
    row = first_row(pkg_dir, "events")
    (problem,) = matching(found, "row-schema", "data/events.csv", row.line, None)
    assert problem.message.startswith("Additional properties are not allowed ("), problem


def test_row_schema_property_of_no_field_is_told_stale_not_tripped_over(pkg_dir: Path) -> None:
    """A hand-added property that names no field of the table owns no keyword of the Table
    Schema's, and no column holds a value for it: the one finding is the stale schema
    (mutmut's `split` 15, which looked its owned keywords up in None and crashed)."""
    venue = {"type": "string", "minLength": 3}
    _edit_row_schema(pkg_dir, "events", lambda schema: schema["properties"].update(venue=venue))
    found = validate(pkg_dir)
    assert [p.code for p in found] == ["derived-file-stale"], found
    assert found[0].path == "schemas/events.schema.json", found


def test_row_keyword_that_reads_every_property_judges_each_row_s_own_values(
    pkg_dir: Path,
) -> None:
    """The statements rules read `speech_form` alone, and rows are grouped by it; a hand-added
    `patternProperties` reads other values (`text`), so the grouping gives up and each row is
    judged on its own words, not on those of the first row of its group (mutmut's `_named` 7
    and `_collect` 2, which kept the grouping and repeated one row's verdict)."""
    long_text = {"patternProperties": {"^text$": {"maxLength": 5}}}
    _edit_row_schema(pkg_dir, "statements", lambda schema: schema.update(long_text))
    _, rows = read_csv(pkg_dir, "statements")
    found = matching(validate(pkg_dir), "row-schema", "data/statements.csv")
    assert len(found) == sum(len(row.values["text"]) > 5 for row in rows) > 1, found
    texts = {row.line: row.values["text"] for row in rows}
    assert all(p.row is not None and repr(texts[p.row])[:40] in p.message for p in found), found


def test_row_schema_property_of_schema_false_refuses_every_value(pkg_dir: Path) -> None:
    """A property's schema may be `false` (no value allowed): the split evaluation keeps it as
    written for jsonschema to judge, and each row that has the column is reported there
    (mutmut's `split` 10, which kept None instead and let every value pass), and the properties
    after it are judged as before (`split` 11, which stopped at it). No column is named:
    jsonschema gives the error of a `false` schema without the property's path, in whole-row
    validation too, which the split evaluation gives the same errors as."""
    _edit_row_schema(pkg_dir, "events", lambda schema: schema["properties"].update(location=False))
    row = first_row(pkg_dir, "events", lambda v: v["location"] != "")
    line = set_cell(pkg_dir, "events", row.line, "agenda", "talks;;more talks")  # after location
    (found,) = assert_problem(pkg_dir, "row-schema", "data/events.csv", line, None)
    assert found.message.startswith("False schema does not allow "), found
    (empty,) = assert_problem(pkg_dir, "row-schema", "data/events.csv", line, "agenda")
    assert empty.message.startswith("item 2: "), empty


def test_enum_of_a_column_without_vocabulary_names_no_vocabulary(pkg_dir: Path) -> None:
    def only_dushanbe(schema: dict[str, Any]) -> None:
        schema["properties"]["location"]["enum"] = ["Dushanbe"]

    _edit_row_schema(pkg_dir, "events", only_dushanbe)
    row = first_row(pkg_dir, "events", lambda v: v["location"] not in ("", "Dushanbe"))
    (found,) = assert_problem(pkg_dir, "row-schema", "data/events.csv", row.line, "location")
    assert found.message == (
        f"{row.values['location']!r} is not a value of vocabulary (Dushanbe); "
        "fix the row (rules: schemas/events.schema.json)"
    )


def test_invalid_row_schema_leaves_the_row_checks_of_the_next_table(pkg_dir: Path) -> None:
    def refused(schema: dict[str, Any]) -> None:
        schema["properties"]["name"]["pattern"] = BACKTRACKS

    _edit_row_schema(pkg_dir, "events", refused)  # events comes before statements
    assert_problem(pkg_dir, "row-schema-invalid", "schemas/events.schema.json", None, None)
    row = first_row(pkg_dir, "statements")
    line = set_cell(pkg_dir, "statements", row.line, "topics", "picnics")
    assert_problem(pkg_dir, "row-schema", "data/statements.csv", line, "topics")


def test_table_that_cannot_be_loaded_leaves_the_row_checks_of_the_next(pkg_dir: Path) -> None:
    data_path(pkg_dir, "memberships").unlink()  # memberships comes before statements
    row = first_row(pkg_dir, "statements")
    line = set_cell(pkg_dir, "statements", row.line, "topics", "picnics")
    assert_problem(pkg_dir, "row-schema", "data/statements.csv", line, "topics")


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"pattern": BACKTRACKS}, "/pattern"),
        ({"properties": {"name": {"pattern": BACKTRACKS}}}, "/properties/name/pattern"),
        ({"allOf": [{}, {"not": {"pattern": BACKTRACKS}}]}, "/allOf/1/not/pattern"),
        ({"patternProperties": {BACKTRACKS: {}}}, "/patternProperties"),
    ],
)
def test_row_schema_pattern_that_backtracks_is_named_where_it_stands(
    schema: dict[str, Any], pointer: str
) -> None:
    found = rows.schema_error(json.dumps(schema))
    assert found == f"the pattern {BACKTRACKS!r} at {pointer} is not run: {BACKTRACKS_WHY}"


def test_row_schema_pattern_must_be_anchored_and_is_shown_cut() -> None:
    # jsonschema searches a pattern at every position: unanchored, even [a-z]+ is tried n times.
    found = rows.schema_error(json.dumps({"pattern": "[a-z]+"}))
    assert found is not None and found.endswith("start it with ^")
    long = BACKTRACKS[:-1] + "b" * 70 + "$"
    found = rows.schema_error(json.dumps({"pattern": long}))
    assert found is not None and found.startswith(f"the pattern {repr(long)[:59]}… at /pattern ")
    assert rows.schema_error(json.dumps({"enum": [{"pattern": BACKTRACKS}]})) is None, (
        "an enum's values are data, not schemas"
    )


# --- CSV encoding and layout -------------------------------------------------------------------


def test_byte_order_mark(pkg_dir: Path) -> None:
    path = data_path(pkg_dir, "people")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert_problem(pkg_dir, "csv-encoding", "data/people.csv", 1, None)


def test_crlf_line_ends(pkg_dir: Path) -> None:
    path = data_path(pkg_dir, "people")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert_problem(pkg_dir, "csv-encoding", "data/people.csv", 1, None)


def test_invalid_utf8(pkg_dir: Path) -> None:
    path = data_path(pkg_dir, "people")
    row = first_row(pkg_dir, "people")
    lines = path.read_bytes().split(b"\n")
    lines[row.line - 1] += b"\xff"
    path.write_bytes(b"\n".join(lines))
    assert_problem(pkg_dir, "csv-encoding", "data/people.csv", row.line, None)


def test_header_mismatch(pkg_dir: Path) -> None:
    path = data_path(pkg_dir, "people")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("person_id", "person", 1), encoding="utf-8")
    assert_problem(pkg_dir, "header-mismatch", "data/people.csv", 1, "person_id")


def test_missing_data_file(pkg_dir: Path) -> None:
    data_path(pkg_dir, "people").unlink()
    assert_problem(pkg_dir, "file-missing", "data/people.csv", None, None)


# --- descriptor, stamps and derived files ------------------------------------------------------


def test_broken_json_descriptor(pkg_dir: Path) -> None:
    (pkg_dir / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    assert_problem(pkg_dir, "descriptor-invalid", "datapackage.json", None, None)


def test_resource_path_leaving_the_package(pkg_dir: Path) -> None:
    edit_descriptor(pkg_dir, lambda d: resource(d, "people").update(path="../people.csv"))
    assert_problem(pkg_dir, "path-outside-package", "datapackage.json", None, None)


def test_unknown_vocabulary(pkg_dir: Path) -> None:
    def rename(descriptor: dict) -> None:
        field = next(
            f for f in resource(descriptor, "events")["schema"]["fields"] if f["name"] == "kind"
        )
        field["x-vocabulary"] = "no_such_vocabulary"

    edit_descriptor(pkg_dir, rename)
    assert_problem(pkg_dir, "vocabulary-unknown", "datapackage.json", None, "kind")


def test_stale_hash(pkg_dir: Path) -> None:
    edit_descriptor(pkg_dir, lambda d: resource(d, "people").update(hash="sha256:" + "0" * 64))
    assert_problem(pkg_dir, "resource-hash-mismatch", "data/people.csv", None, None)


def test_stale_bytes(pkg_dir: Path) -> None:
    edit_descriptor(pkg_dir, lambda d: resource(d, "people").update(bytes=1))
    assert_problem(pkg_dir, "resource-bytes-mismatch", "data/people.csv", None, None)


def test_missing_stamps(pkg_dir: Path) -> None:
    def unstamp(descriptor: dict) -> None:
        del resource(descriptor, "people")["hash"]
        del resource(descriptor, "people")["bytes"]

    edit_descriptor(pkg_dir, unstamp)
    found = assert_problem(pkg_dir, "resource-hash-mismatch", "data/people.csv", None, None)
    assert "no `hash`" in found[0].message


def test_data_edit_makes_stamps_stale(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "people")
    set_cell(pkg_dir, "people", row.line, "name", row.values["name"] + " Jr.")
    assert_problem(pkg_dir, "resource-hash-mismatch", "data/people.csv", None, None)


def test_stale_row_schema(pkg_dir: Path) -> None:
    path = pkg_dir / "schemas" / "events.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["description"] = "edited by hand"
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    assert_problem(pkg_dir, "derived-file-stale", "schemas/events.schema.json", None, None)


def test_missing_row_schema(pkg_dir: Path) -> None:
    (pkg_dir / "schemas" / "events.schema.json").unlink()
    assert_problem(pkg_dir, "derived-file-stale", "schemas/events.schema.json", None, None)


def test_rows_are_checked_against_the_generated_schema_when_the_file_is_missing(
    pkg_dir: Path,
) -> None:
    (pkg_dir / "schemas" / "participants.schema.json").unlink()
    row = first_row(pkg_dir, "participants", lambda v: bool(v["person_id"]))
    organization = first_row(pkg_dir, "organizations").values["organization_id"]
    line = set_cell(pkg_dir, "participants", row.line, "organization_id", organization)
    columns = "person_id,organization_id"
    (found,) = assert_problem(pkg_dir, "row-schema", "data/participants.csv", line, columns)
    assert "Exactly one of person_id and organization_id" in found.message, (
        "the cross-field rules of schemas/rules/ are part of the generated schema"
    )


def test_stale_readme_dictionary(pkg_dir: Path) -> None:
    path = pkg_dir / "README.md"
    text = path.read_text(encoding="utf-8")
    marker = "<!-- END generated: data-dictionary -->"
    path.write_text(text.replace(marker, "hand-written line\n" + marker), encoding="utf-8")
    found = assert_problem(pkg_dir, "derived-file-stale", "README.md", None, None)
    assert "data-dictionary" in found[0].message


def test_stale_descriptor_enum(pkg_dir: Path) -> None:
    def drop_enum(descriptor: dict) -> None:
        for field in resource(descriptor, "events")["schema"]["fields"]:
            field.get("constraints", {}).pop("enum", None)

    edit_descriptor(pkg_dir, drop_enum)
    found = assert_problem(pkg_dir, "derived-file-stale", "datapackage.json", None, None)
    assert "enum" in found[0].message


def test_rows_after_a_multiline_cell_keep_their_file_line(pkg_dir: Path) -> None:
    first = first_row(pkg_dir, "statements")
    set_cell(pkg_dir, "statements", first.line, "text", "one line\nand another")
    second = first_row(
        pkg_dir, "statements", lambda r: r["statement_id"] != first.values["statement_id"]
    )
    assert second.line > first.line + 1, "the helper counts physical lines"
    line = set_cell(pkg_dir, "statements", second.line, "event_id", "no-such-event")
    assert_problem(pkg_dir, "foreign-key", "data/statements.csv", line, "event_id")


# --- order -------------------------------------------------------------------------------------


def test_rows_out_of_primary_key_order(pkg_dir: Path) -> None:
    header, rows = read_csv(pkg_dir, "people")
    assert len(rows) >= 2
    swapped = [rows[1].values, rows[0].values, *(row.values for row in rows[2:])]
    write_csv(pkg_dir, "people", header, swapped)
    assert_problem(pkg_dir, "rows-not-sorted", "data/people.csv", rows[1].line, "person_id")
    found = matching(validate(pkg_dir), "rows-not-sorted", "data/people.csv")
    first, second = (row.values["person_id"] for row in rows[:2])
    assert [p.message for p in found] == [
        f"this row's key {first!r} sorts before the key {second!r} of the row above "
        f"(line {rows[0].line}); sort the rows by primary key in byte order"
    ]


def test_duplicate_key_next_to_its_twin_is_not_out_of_order(pkg_dir: Path) -> None:
    header, rows = read_csv(pkg_dir, "people")
    # The twin, and the last two rows swapped: the table is out of order, though not there.
    values = [rows[0].values, *(row.values for row in rows[:-2]), rows[-1].values, rows[-2].values]
    write_csv(pkg_dir, "people", header, values)
    assert_problem(pkg_dir, "primary-key", "data/people.csv", rows[1].line, "person_id")
    assert_accepted(pkg_dir, "data/people.csv", rows[1].line, ["rows-not-sorted"])


def test_integer_key_parts_sort_by_their_value(pkg_dir: Path) -> None:
    header, rows = read_csv(pkg_dir, "skipped_lines")
    first = rows[0].values
    assert int(first["line"]) > 9, "line 5 must sort before it by value, after it by bytes"
    earlier = dict(first, line="5")
    write_csv(pkg_dir, "skipped_lines", header, [earlier, *(row.values for row in rows)])
    assert_accepted(pkg_dir, "data/skipped_lines.csv", 2, ["rows-not-sorted"])
    write_csv(pkg_dir, "skipped_lines", header, [first, earlier, *(r.values for r in rows[1:])])
    path = "data/skipped_lines.csv"
    (found,) = assert_problem(pkg_dir, "rows-not-sorted", path, 3, "source_id")
    source = first["source_id"]
    assert found.message.startswith(
        f"this row's key {source!r}, 5 sorts before the key {source!r}, {first['line']} "
        "of the row above (line 2)"
    )


def test_the_last_two_rows_out_of_order(pkg_dir: Path) -> None:
    header, rows = read_csv(pkg_dir, "people")
    swapped = [*(row.values for row in rows[:-2]), rows[-1].values, rows[-2].values]
    write_csv(pkg_dir, "people", header, swapped)
    assert_problem(pkg_dir, "rows-not-sorted", "data/people.csv", rows[-1].line, "person_id")


# --- formulas: the column scan -----------------------------------------------------------------

_CELLS = st.lists(
    st.one_of(st.none(), st.text(alphabet="a =+-@\n", max_size=4)), min_size=1, max_size=30
)


@settings(max_examples=500, deadline=None)
@given(_CELLS, st.sampled_from([1, 2, 7]))
def test_the_formula_scan_misses_no_cell_that_starts_so(
    cells: list[str | None], slice_size: int
) -> None:
    """Whatever the slices, a cell that starts like a formula makes its column be read."""
    field = Field("note", "string", {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formulas, "_SLICE", slice_size)
        found = formulas._may_hold_formulas(field, cells)
    starts_so = any(cell and cell.startswith(formulas.FORMULA_STARTS) for cell in cells)
    if starts_so:
        assert found
    elif not any(cell and "\n" in cell for cell in cells):
        assert not found, "without line breaks, only a cell that starts so is a reason to read"
