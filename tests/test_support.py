"""Every support rule rejects a broken cell of a copy of the real package.

Each test breaks one value (or its evidence) and expects the support check to name the table,
row and column. Rows are found by what they hold, not by their position.
"""

from __future__ import annotations

import json
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
    schema_field,
    set_cell,
    source_lines,
    validate,
    write_csv,
)

from security_diplomacy.checks import support
from security_diplomacy.evidence.coverage import skip_reasons
from security_diplomacy.evidence.index import build
from security_diplomacy.evidence.support import cited_tables, evaluate, table_verdicts
from security_diplomacy.package import load

EVENTS = "data/events.csv"
PARTICIPANTS = "data/participants.csv"
ORGANIZATIONS = "data/organizations.csv"


def _citations_of(root: Path, table: str, record_id: str) -> list[dict[str, str]]:
    rows = read_csv(root, "citations")[1]
    return [
        r.values for r in rows if (r.values["table"], r.values["record_id"]) == (table, record_id)
    ]


def test_real_package_has_every_cell_supported(pristine: Path) -> None:
    codes = {p.code for p in validate(pristine)}
    assert not codes & {"value-unsupported", "weekday-mismatch", "line-uncovered"}


def test_name_absent_from_its_quote(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "people", lambda r: r["name"] == "Emomali Rahmon")
    line = set_cell(pkg_dir, "people", row.line, "name", "Emomali Rahmonov")
    found = assert_problem(pkg_dir, "value-unsupported", "data/people.csv", line, "name")
    assert "'Emomali Rahmonov'" in found[0].message and "c-" in found[0].message
    assert "the value does not appear in any of their quotes" in found[0].message, "the reason"
    tried = [c["citation_id"] for c in _citations_of(pkg_dir, "people", "emomali-rahmon")]
    assert len(tried) > 1, "the record has several citations, each named"
    assert f"not supported by citations {', '.join(tried)} (" in found[0].message


def test_alias_item_is_checked_on_its_own(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "organizations", lambda r: ";" in r["aliases"])
    aliases = row.values["aliases"] + ";Invented Alias"
    line = set_cell(pkg_dir, "organizations", row.line, "aliases", aliases)
    found = assert_problem(pkg_dir, "value-unsupported", "data/organizations.csv", line, "aliases")
    assert [p for p in found if "'Invented Alias'" in p.message]


def test_role_without_its_cue(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "participants", lambda r: r["role"] == "attendee")
    line = set_cell(pkg_dir, "participants", row.line, "role", "chair")
    found = assert_problem(pkg_dir, "value-unsupported", PARTICIPANTS, line, "role")
    assert "no cue for 'chair'" in found[0].message


def test_value_whose_vocabulary_entry_lists_no_cue(pkg_dir: Path) -> None:
    path = pkg_dir / "schemas" / "vocabulary.json"
    vocabulary = json.loads(path.read_text(encoding="utf-8"))
    del vocabulary["vocabularies"]["participant_role"]["values"]["chair"]["cues"]
    path.write_text(json.dumps(vocabulary, indent=2) + "\n", encoding="utf-8")
    row = first_row(pkg_dir, "participants", lambda r: r["role"] == "attendee")
    line = set_cell(pkg_dir, "participants", row.line, "role", "chair")
    found = assert_problem(pkg_dir, "value-unsupported", PARTICIPANTS, line, "role")
    # Not an empty list of cues "()": the reason names the vocabulary as what lacks them.
    assert "(the vocabulary lists no cue for 'chair')" in found[0].message


def test_classification_needs_no_cue(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events", lambda r: r["kind"] == "session")
    line = set_cell(pkg_dir, "events", row.line, "kind", "conference")
    assert_accepted(pkg_dir, EVENTS, line, ["value-unsupported"], "kind")


def test_date_that_differs_from_its_quote(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events", lambda r: r["start_date"] == "1992")
    line = set_cell(pkg_dir, "events", row.line, "start_date", "1993")
    assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "start_date")


def test_year_filled_in_that_no_source_gives(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events", lambda r: r["start_date"].startswith("XXXX-05"))
    filled = row.values["start_date"].replace("XXXX", "2024")
    line = set_cell(pkg_dir, "events", row.line, "start_date", filled)
    assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "start_date")


def test_year_from_dateline_must_match_the_dateline(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events", lambda r: r["start_date_rule"] == "year-from-dateline")
    wrong_year = "2021" + row.values["start_date"][4:]
    line = set_cell(pkg_dir, "events", row.line, "start_date", wrong_year)
    assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "start_date")


def test_year_from_dateline_takes_month_and_day_from_a_quote(pkg_dir: Path) -> None:
    """Only the year is the dateline's: another day of the same month is stated nowhere."""
    row = first_row(pkg_dir, "events", lambda r: r["start_date"] == "2022-10-18")
    assert row.values["start_date_rule"] == "year-from-dateline"
    line = set_cell(pkg_dir, "events", row.line, "start_date", "2022-10-19")
    assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "start_date")


def test_dateline_alone_does_not_date_an_event(pkg_dir: Path) -> None:
    """Without its rule, a month and day from the text do not give the year."""
    row = first_row(pkg_dir, "events", lambda r: r["start_date_rule"] == "year-from-dateline")
    line = set_cell(pkg_dir, "events", row.line, "start_date_rule", "")
    assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "start_date")


def test_year_from_dateline_needs_a_full_date(pkg_dir: Path) -> None:
    """The rule borrows only the year: the month and day must both be stated by a quote."""
    row = first_row(pkg_dir, "events", lambda r: r["start_date_rule"] == "year-from-dateline")
    line = set_cell(pkg_dir, "events", row.line, "start_date", row.values["start_date"][:7])
    found = assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "start_date")
    assert any("needs a full date (YYYY-MM-DD)" in p.message for p in found)


def test_a_date_rule_outside_its_enum_is_one_report(pkg_dir: Path) -> None:
    """The Table Schema refuses the rule's name; the date is not judged a second time."""
    row = first_row(pkg_dir, "events", lambda r: r["start_date_rule"] == "year-from-dateline")
    line = set_cell(pkg_dir, "events", row.line, "start_date_rule", "year-from-the-ether")
    assert_problem(pkg_dir, "constraint-error", EVENTS, line, "start_date_rule")
    assert_accepted(pkg_dir, EVENTS, line, ["value-unsupported"], "start_date")


def test_a_date_rule_the_schema_allows_but_no_code_applies_supports_nothing(
    pkg_dir: Path,
) -> None:
    """Fail safe: a rule added to the enum and the vocabulary, not to the support rule."""
    new_rule = "year-from-the-ether"

    def allow(descriptor: dict[str, Any]) -> None:
        rule_field = schema_field(descriptor, "events", "start_date_rule")
        rule_field["constraints"]["enum"].append(new_rule)

    edit_descriptor(pkg_dir, allow)
    vocabulary_path = pkg_dir / "schemas" / "vocabulary.json"
    vocabulary = json.loads(vocabulary_path.read_text(encoding="utf-8"))
    vocabulary["vocabularies"]["date_rule"]["values"][new_rule] = {"definition": "Made up."}
    vocabulary_path.write_text(json.dumps(vocabulary, indent=2) + "\n", encoding="utf-8")
    row = first_row(pkg_dir, "events", lambda r: r["start_date_rule"] == "year-from-dateline")
    line = set_cell(pkg_dir, "events", row.line, "start_date_rule", new_rule)
    found = assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "start_date")
    assert any(f"unknown date rule '{new_rule}'" in p.message for p in found)
    assert_accepted(pkg_dir, EVENTS, line, ["constraint-error"], "start_date_rule")


def test_weekday_that_disagrees_with_the_date(pkg_dir: Path) -> None:
    # "Tuesday, December 24" with a year added to the source: 2023-12-24 was a Sunday.
    row = first_row(pkg_dir, "events", lambda r: r["start_date"] == "XXXX-12-24")
    record_id = row.values["event_id"]
    cited = next(c for c in _citations_of(pkg_dir, "events", record_id) if "Tuesday" in c["quote"])
    _rewrite_cited_words(pkg_dir, cited, "December 24", "December 24, 2023")
    line = set_cell(pkg_dir, "events", row.line, "start_date", "2023-12-24")
    found = assert_problem(pkg_dir, "weekday-mismatch", EVENTS, line, "start_date")
    assert "Tuesday" in found[0].message and "Sunday" in found[0].message


def test_weekday_that_disagrees_with_a_date_from_the_dateline(pkg_dir: Path) -> None:
    # "On October 18" in a source of 2022, given a weekday: 2022-10-18 was a Tuesday.
    row = first_row(pkg_dir, "events", lambda r: r["start_date"] == "2022-10-18")
    assert row.values["start_date_rule"] == "year-from-dateline"
    citations = _citations_of(pkg_dir, "events", row.values["event_id"])
    cited = next(c for c in citations if "On October 18," in c["quote"])
    _rewrite_cited_words(pkg_dir, cited, "On October 18,", "On Monday, October 18,")
    found = assert_problem(pkg_dir, "weekday-mismatch", EVENTS, row.line, "start_date")
    assert "Monday" in found[0].message and "Tuesday" in found[0].message


def _rewrite_cited_words(pkg_dir: Path, cited: dict[str, str], old: str, new: str) -> None:
    """Replace words on a cited source line and in the citation's quote alike."""
    source = pkg_dir / "sources" / f"{cited['source_id']}.txt"
    lines = source_lines(pkg_dir, cited["source_id"])
    number = int(cited["line"])
    lines[number - 1] = lines[number - 1].replace(old, new)
    source.write_bytes("\n".join(lines).encode("utf-8"))
    _, citations = read_csv(pkg_dir, "citations")
    for c in citations:
        if c.values["citation_id"] == cited["citation_id"]:
            set_cell(pkg_dir, "citations", c.line, "quote", c.values["quote"].replace(old, new))


def test_reference_whose_entity_is_not_named(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "participants", lambda r: r["person_id"] == "alexander-lukashenko")
    line = set_cell(pkg_dir, "participants", row.line, "person_id", "vladimir-voronkov")
    found = assert_problem(pkg_dir, "value-unsupported", PARTICIPANTS, line, "person_id")
    assert "Vladimir Voronkov" in found[0].message


def test_reference_failure_lists_every_name_looked_for(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "participants", lambda r: r["organization_id"] == "cis")
    line = set_cell(pkg_dir, "participants", row.line, "organization_id", "csto")
    found = assert_problem(pkg_dir, "value-unsupported", PARTICIPANTS, line, "organization_id")
    names = "no quote names organizations 'csto' (as 'Collective Security Treaty Organization', "
    names += "'CSTO')"
    assert all(names in p.message for p in found)


def test_reference_to_a_record_without_names(pkg_dir: Path) -> None:
    """The record exists (no foreign-key problem), but nothing names it that a quote could hold."""
    person = first_row(pkg_dir, "people", lambda r: r["person_id"] == "akilbek-japarov")
    assert not person.values["aliases"]
    set_cell(pkg_dir, "people", person.line, "name", "")
    row = first_row(pkg_dir, "participants", lambda r: r["person_id"] == "akilbek-japarov")
    found = assert_problem(pkg_dir, "value-unsupported", PARTICIPANTS, row.line, "person_id")
    assert all("(no quote names people 'akilbek-japarov' (as no name))" in p.message for p in found)


def test_event_reference_from_an_unrelated_source(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "statements", lambda r: r["speaker_id"] == "helga-schmid")
    line = set_cell(pkg_dir, "statements", row.line, "event_id", "cis-presidency-tajikistan-2025")
    found = assert_problem(pkg_dir, "value-unsupported", "data/statements.csv", line, "event_id")
    reason = "none comes from a source that event 'cis-presidency-tajikistan-2025' is cited from"
    assert all(reason in p.message for p in found)


@pytest.mark.parametrize(
    ("table", "column"), [("participants", "person_id"), ("statements", "event_id")]
)
def test_a_reference_to_no_record_is_reported_by_the_foreign_key_alone(
    pkg_dir: Path, table: str, column: str
) -> None:
    """No quote can name a record that does not exist: the one mistake is the identifier."""
    row = first_row(pkg_dir, table, lambda r: bool(r[column]))
    line = set_cell(pkg_dir, table, row.line, column, "no-such-record")
    problems = validate(pkg_dir)
    path = f"data/{table}.csv"
    assert matching(problems, "foreign-key", path, line, column)
    assert not matching(problems, "value-unsupported", path, line, column)


def test_number_not_stated(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "events", lambda r: r["ordinal"] == "46")
    line = set_cell(pkg_dir, "events", row.line, "ordinal", "47")
    assert_problem(pkg_dir, "value-unsupported", EVENTS, line, "ordinal")


def test_statement_text_must_be_verbatim(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "statements", lambda r: "’" in r["text"])
    line = set_cell(pkg_dir, "statements", row.line, "text", row.values["text"].replace("’", "'"))
    found = assert_problem(pkg_dir, "value-unsupported", "data/statements.csv", line, "text")
    assert all("is not an exact span of any of their quotes" in p.message for p in found)


def test_statement_text_must_keep_its_case(pkg_dir: Path) -> None:
    """Verbatim is byte for byte: the `text` rule's case folding does not apply to it."""
    row = first_row(pkg_dir, "statements", lambda r: r["text"][:1].islower())
    text = row.values["text"]
    line = set_cell(pkg_dir, "statements", row.line, "text", text[0].upper() + text[1:])
    assert_problem(pkg_dir, "value-unsupported", "data/statements.csv", line, "text")


def test_free_text_ignores_case_space_and_quote_styles(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "statements", lambda r: "’" in r["reported_by"])
    loose = row.values["reported_by"].replace("’", "'").upper().replace(" ", "  ")
    line = set_cell(pkg_dir, "statements", row.line, "reported_by", loose)
    assert_accepted(pkg_dir, "data/statements.csv", line, ["value-unsupported"])


def test_country_code_of_another_state(pkg_dir: Path) -> None:
    row = first_row(pkg_dir, "organizations", lambda r: r["iso3166"] == "TJK")
    line = set_cell(pkg_dir, "organizations", row.line, "iso3166", "UZB")
    found = assert_problem(pkg_dir, "value-unsupported", "data/organizations.csv", line, "iso3166")
    assert "not supported: UZB is 'Uzbekistan', which is none of the record's names" in (
        found[0].message
    ), "a code is judged on the record's names, not on a quote"


def test_field_without_support_rule(pkg_dir: Path) -> None:
    def drop_rule(descriptor: dict) -> None:
        for field in resource(descriptor, "people")["schema"]["fields"]:
            if field["name"] == "aliases":
                del field["x-support"]

    edit_descriptor(pkg_dir, drop_rule)
    assert_problem(pkg_dir, "support-rule-missing", "datapackage.json", None, "aliases")


def test_unknown_support_rule(pkg_dir: Path) -> None:
    def rename_rule(descriptor: dict) -> None:
        resource(descriptor, "people")["schema"]["fields"][1]["x-support"] = "vibes"

    edit_descriptor(pkg_dir, rename_rule)
    assert_problem(pkg_dir, "support-rule-unknown", "datapackage.json", None, "name")


def test_reference_rule_without_foreign_key(pkg_dir: Path) -> None:
    """participants.person_id loses its foreign key: the rule cannot know whose names to look
    for, which is said once for the field, not once for every person_id as unsupported."""

    def drop_key(descriptor: dict) -> None:
        schema = resource(descriptor, "participants")["schema"]
        schema["foreignKeys"] = [
            key for key in schema["foreignKeys"] if key["fields"] != ["person_id"]
        ]

    edit_descriptor(pkg_dir, drop_key)
    problems = assert_problem(pkg_dir, "support-rule-unfit", "datapackage.json", None, "person_id")
    assert "participants.person_id" in problems[0].message
    unsupported = matching(validate(pkg_dir), "value-unsupported", "data/participants.csv")
    assert not [p for p in unsupported if p.column == "person_id"]


def _events_kind(descriptor: dict) -> dict:
    return next(
        f for f in resource(descriptor, "events")["schema"]["fields"] if f["name"] == "kind"
    )


def test_vocabulary_rule_without_vocabulary(pkg_dir: Path) -> None:
    """events.kind loses its `x-vocabulary`: reported once for the field, not per kind."""
    edit_descriptor(pkg_dir, lambda d: _events_kind(d).pop("x-vocabulary"))
    problems = assert_problem(pkg_dir, "support-rule-unfit", "datapackage.json", None, "kind")
    assert problems[0].message == (
        "field events.kind has `x-support` 'vocabulary' but no `x-vocabulary` to say whose cues "
        "to look for in the quotes; name a vocabulary of vocabulary.json (or correct it), or give "
        "the field another rule"
    )
    unsupported = matching(validate(pkg_dir), "value-unsupported", "data/events.csv")
    assert not [p for p in unsupported if p.column == "kind"]


def test_vocabulary_rule_with_an_undefined_vocabulary(pkg_dir: Path) -> None:
    """events.kind names a vocabulary that vocabulary.json lacks: vocabulary-unknown says so
    once; the kinds are not also each reported as lacking cues."""
    edit_descriptor(pkg_dir, lambda d: _events_kind(d).update({"x-vocabulary": "event_kinds"}))
    assert_problem(pkg_dir, "vocabulary-unknown", "datapackage.json", None, "kind")
    unsupported = matching(validate(pkg_dir), "value-unsupported", "data/events.csv")
    assert not [p for p in unsupported if p.column == "kind"]


def test_vocabulary_rule_with_a_vocabulary_that_is_not_an_object(pkg_dir: Path) -> None:
    """vocabulary.json gives event_kind as 0: vocabulary-invalid says so once."""
    path = pkg_dir / "schemas" / "vocabulary.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["vocabularies"]["event_kind"] = 0
    path.write_text(json.dumps(document), encoding="utf-8")
    assert_problem(pkg_dir, "vocabulary-invalid", "schemas/vocabulary.json")
    unsupported = matching(validate(pkg_dir), "value-unsupported", "data/events.csv")
    assert not [p for p in unsupported if p.column == "kind"]


# --- line coverage -------------------------------------------------------------------------------


def test_line_neither_cited_nor_skipped(pkg_dir: Path) -> None:
    skipped = first_row(pkg_dir, "skipped_lines")
    drop_rows(pkg_dir, "skipped_lines", lambda r: r == skipped.values)
    path = f"sources/{skipped.values['source_id']}.txt"
    number = skipped.values["line"]
    found = assert_problem(pkg_dir, "line-uncovered", path, int(number))
    assert [p.message for p in found] == [
        f"line {number} carries text but no record cites it: cite it from the record that "
        "states its facts, or list it in data/skipped_lines.csv with the reason it carries none"
    ]


def test_a_skipped_line_without_its_reason_stays_skipped(pkg_dir: Path) -> None:
    """A missing reason is the Table Schema's to report; the line is still listed, reason ''."""
    skipped = first_row(pkg_dir, "skipped_lines")
    set_cell(pkg_dir, "skipped_lines", skipped.line, "reason", "")
    key = (skipped.values["source_id"], int(skipped.values["line"]))
    assert skip_reasons(load(pkg_dir))[key] == ""
    path = f"sources/{skipped.values['source_id']}.txt"
    assert_accepted(pkg_dir, path, key[1], ("line-uncovered",))


def test_uncited_content_line(pkg_dir: Path) -> None:
    cited = first_row(pkg_dir, "citations", lambda r: r["table"] == "statements")
    drop_rows(
        pkg_dir,
        "citations",
        lambda r: (r["source_id"], r["line"]) == (cited.values["source_id"], cited.values["line"]),
    )
    path = f"sources/{cited.values['source_id']}.txt"
    assert_problem(pkg_dir, "line-uncovered", path, int(cited.values["line"]))


@pytest.mark.parametrize("table", ["citations", "skipped_lines"])
def test_coverage_is_unknown_while_a_covering_table_is_unreadable(
    pkg_dir: Path, table: str
) -> None:
    """A broken citations (or skipped-lines) file is its csv-syntax problem alone: the lines it
    covers are unknown, and not each reported uncovered."""
    path = data_path(pkg_dir, table)
    path.write_bytes(path.read_bytes() + b'"')
    problems = validate(pkg_dir)
    assert matching(problems, "csv-syntax", f"data/{table}.csv")
    assert not [p for p in problems if p.code == "line-uncovered"]


def test_skipped_line_that_is_cited(pkg_dir: Path) -> None:
    cited = first_row(pkg_dir, "citations")
    row = {"source_id": cited.values["source_id"], "line": cited.values["line"], "reason": "x"}
    line = append_row(pkg_dir, "skipped_lines", row)
    found = assert_problem(pkg_dir, "skipped-line-cited", "data/skipped_lines.csv", line, "line")
    assert all("remove this row" in p.message for p in found), "the message names the fix"


def test_skipped_line_after_one_of_an_unknown_source(pkg_dir: Path) -> None:
    """A row the foreign key check reports does not end the look at the rows after it."""
    cited = first_row(pkg_dir, "citations")
    append_row(
        pkg_dir, "skipped_lines", {"source_id": "no-such-source", "line": "1", "reason": "x"}
    )
    row = {"source_id": cited.values["source_id"], "line": cited.values["line"], "reason": "x"}
    line = append_row(pkg_dir, "skipped_lines", row)
    assert_problem(pkg_dir, "skipped-line-cited", "data/skipped_lines.csv", line, "line")


def test_skipped_blank_line(pkg_dir: Path) -> None:
    source_id = first_row(pkg_dir, "sources").values["source_id"]
    lines = source_lines(pkg_dir, source_id)
    blank = next((n for n, text in enumerate(lines, 1) if not text.strip()), None)
    assert blank is not None, "the first source has no blank line to test with"
    line = append_row(
        pkg_dir, "skipped_lines", {"source_id": source_id, "line": str(blank), "reason": "x"}
    )
    found = assert_problem(pkg_dir, "skipped-line-invalid", "data/skipped_lines.csv", line, "line")
    assert [p.message for p in found] == [
        f"line {blank} of sources/{source_id}.txt is blank; remove this row"
    ]


def test_skipped_blank_last_line_is_blank_not_missing(pkg_dir: Path) -> None:
    """A blank last line exists: the message says so (the source's hash fails besides)."""
    source_id = first_row(pkg_dir, "sources").values["source_id"]
    path = pkg_dir / "sources" / f"{source_id}.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    last = len(source_lines(pkg_dir, source_id))
    assert not source_lines(pkg_dir, source_id)[-1]
    line = append_row(
        pkg_dir, "skipped_lines", {"source_id": source_id, "line": str(last), "reason": "x"}
    )
    found = assert_problem(pkg_dir, "skipped-line-invalid", "data/skipped_lines.csv", line, "line")
    assert all("is blank" in p.message for p in found)


@pytest.mark.parametrize("where", ["first", "last"])
def test_skipped_first_and_last_lines_are_lines(pkg_dir: Path, where: str) -> None:
    """The ends of a document are in range: uncited and not blank, either may be skipped."""
    source_id = first_row(pkg_dir, "sources").values["source_id"]
    lines = source_lines(pkg_dir, source_id)
    number = str(1 if where == "first" else len(lines))
    assert lines[int(number) - 1].strip(), f"the {where} line is blank: choose another source"
    drop_rows(pkg_dir, "citations", lambda r: (r["source_id"], r["line"]) == (source_id, number))
    drop_rows(
        pkg_dir, "skipped_lines", lambda r: (r["source_id"], r["line"]) == (source_id, number)
    )
    row = {"source_id": source_id, "line": number, "reason": "x"}
    line = append_row(pkg_dir, "skipped_lines", row)
    codes = ("skipped-line-invalid", "skipped-line-cited", "line-uncovered")
    assert_accepted(pkg_dir, "data/skipped_lines.csv", line, codes)


def test_skipped_line_beyond_the_end(pkg_dir: Path) -> None:
    source_id = first_row(pkg_dir, "sources").values["source_id"]
    beyond = len(source_lines(pkg_dir, source_id)) + 1
    line = append_row(
        pkg_dir, "skipped_lines", {"source_id": source_id, "line": str(beyond), "reason": "x"}
    )
    found = assert_problem(pkg_dir, "skipped-line-invalid", "data/skipped_lines.csv", line, "line")
    assert any("does not exist" in p.message for p in found)


@pytest.mark.parametrize("number", ["0", "-1"])
def test_skipped_line_before_the_first_does_not_exist(pkg_dir: Path, number: str) -> None:
    """Line 0 is outside the document, not a blank line of it."""
    source_id = first_row(pkg_dir, "sources").values["source_id"]
    line = append_row(
        pkg_dir, "skipped_lines", {"source_id": source_id, "line": number, "reason": "x"}
    )
    found = assert_problem(pkg_dir, "skipped-line-invalid", "data/skipped_lines.csv", line, "line")
    assert [p.message for p in found] == [
        f"line {number} of sources/{source_id}.txt does not exist; remove this row"
    ]


def test_skipped_line_of_whitespace_only(pkg_dir: Path) -> None:
    """A line of spaces or no-break spaces carries no text, as an empty one."""
    spaces = [
        (row.values["source_id"], number)
        for row in read_csv(pkg_dir, "sources")[1]
        for number, text in enumerate(source_lines(pkg_dir, row.values["source_id"]), 1)
        if text and not text.strip()
    ]
    assert spaces, "no source has a line of whitespace only to test with"
    source_id, number = spaces[0]
    line = append_row(
        pkg_dir, "skipped_lines", {"source_id": source_id, "line": str(number), "reason": "x"}
    )
    assert_problem(pkg_dir, "skipped-line-invalid", "data/skipped_lines.csv", line, "line")


def test_every_field_of_every_cited_table_declares_its_rule(pristine: Path) -> None:
    descriptor = json.loads((pristine / "datapackage.json").read_text(encoding="utf-8"))
    missing = [
        f"{r['name']}.{f['name']}"
        for r in descriptor["resources"]
        if r.get("x-cited", True) is not False
        for f in r["schema"]["fields"]
        if "x-support" not in f
    ]
    assert not missing


def test_check_reports_the_unsupported_verdicts_of_the_full_pass(pkg_dir: Path) -> None:
    """The check yields the failures only, and skips what supports; the reports read them all.

    Both must find the same unsupported values, for the same reasons: here every event's
    dates, ordinal and kind are shifted, so that each rule fails and passes on many rows. (The
    check's idle citations, which the edits may make, are the tests below.)
    """
    header, rows = read_csv(pkg_dir, "events")
    edited = []
    for position, row in enumerate(rows):
        values = dict(row.values)
        if position % 2 and values["start_date"][:4].isdigit():
            values["start_date"] = str(int(values["start_date"][:4]) + 1) + values["start_date"][4:]
        if position % 3 and values["ordinal"]:
            values["ordinal"] = str(int(values["ordinal"]) + 1)
        if position % 4 == 1:
            values["kind"] = "conference"
        edited.append(values)
    write_csv(pkg_dir, "events", header, edited)
    pkg = load(pkg_dir)
    reported = {
        (p.code, p.row, p.column, p.message)
        for p in support.check(pkg)
        if p.code != "citation-supports-nothing"
    }
    unsupported = [v for v in evaluate(pkg).verdicts if not v.supported and v.cell.path == EVENTS]
    assert len(unsupported) > 5  # the edits did break values
    assert {(v.outcome.code, v.cell.line, v.cell.column) for v in unsupported} == {
        (code, row, column) for code, row, column, _ in reported
    }
    for verdict in unsupported:
        assert any(verdict.outcome.reason in message for *_, message in reported)


CITATIONS = "data/citations.csv"
IDLE = ("citation-supports-nothing",)


def _cite(root: Path, table: str, record_id: str, beside: dict[str, str], quote: str) -> int:
    """Add a citation on the line of the citation ``beside`` (the quote checked to stand on it);
    return its line in the file."""
    source_id, line = beside["source_id"], int(beside["line"])
    assert quote in source_lines(root, source_id)[line - 1]
    values = {"citation_id": "c-9999", "table": table, "record_id": record_id}
    return append_row(
        root, "citations", {**values, "source_id": source_id, "line": str(line), "quote": quote}
    )


def test_a_citation_that_states_none_of_its_records_values_is_reported(pkg_dir: Path) -> None:
    """The record's other citations back its values; this one, of another person, backs none."""
    putin = first_row(pkg_dir, "citations", lambda c: c["record_id"] == "vladimir-putin").values
    line = _cite(pkg_dir, "people", "emomali-rahmon", putin, putin["quote"])
    found = assert_problem(pkg_dir, "citation-supports-nothing", CITATIONS, line, "quote")
    assert "c-9999" in found[0].message and "of people 'emomali-rahmon'" in found[0].message
    assert repr(putin["quote"]) in found[0].message, "the message shows the quote"
    assert found[0].message.endswith(
        "; quote the words that state one of them, add the form it prints to the record's names, "
        "cite the record it is about, or remove it"
    ), "the message says how to fix it"


def test_a_records_only_citation_that_states_nothing_is_an_unsupported_value(
    pkg_dir: Path,
) -> None:
    """With no other citation, the values it fails to back are the finding, not the citation."""
    [only] = [c for c in read_csv(pkg_dir, "citations")[1] if c.values["record_id"] == "menafn"]
    line = set_cell(pkg_dir, "citations", only.line, "quote", "Khaama Press")
    assert_problem(pkg_dir, "value-unsupported", "data/organizations.csv", column="name")
    assert_accepted(pkg_dir, CITATIONS, line, IDLE)


def test_a_second_citation_of_a_record_without_quoted_values_is_accepted(pkg_dir: Path) -> None:
    """The CIS's founding has no value a quote must state: each citation shows its mention."""
    [event] = [
        r for r in read_csv(pkg_dir, "events")[1] if r.values["event_id"] == "cis-establishment"
    ]
    assert not event.values["name"] and not event.values["start_date"]
    [cited] = _citations_of(pkg_dir, "events", "cis-establishment")
    line = _cite(pkg_dir, "events", "cis-establishment", cited, "The CIS was established")
    assert_accepted(pkg_dir, CITATIONS, line, IDLE)


def test_a_citation_that_states_only_a_value_another_also_states_is_accepted(
    pkg_dir: Path,
) -> None:
    """Every citation that states a value backs it, not only the first: a second quote of a
    date, which the session's first citation already gives, is no idle citation."""
    cited = _citations_of(pkg_dir, "events", "csto-special-session-2022-10")
    assert any("in October 2022" in c["quote"] for c in cited)  # the first already states it
    line = _cite(pkg_dir, "events", "csto-special-session-2022-10", cited[0], "in October 2022")
    assert_accepted(pkg_dir, CITATIONS, line, IDLE)


# --- which tables, rules and rows the pass covers ----------------------------------------------


def test_only_loaded_tables_that_need_citations_are_judged(pkg_dir: Path) -> None:
    """Citations and skipped lines are evidence, not records; a table that failed to load has no
    rows to judge (its loading problem says why)."""
    pkg = load(pkg_dir)
    cited = {r["name"] for r in json.loads((pkg_dir / "datapackage.json").read_text())["resources"]}
    cited -= {"citations", "skipped_lines"}
    assert {t.name for t in cited_tables(pkg)} == cited
    (pkg_dir / EVENTS).unlink()
    assert "events" not in {t.name for t in cited_tables(load(pkg_dir))}


def test_a_support_rule_that_is_no_string_is_missing(pkg_dir: Path) -> None:
    def number_rule(descriptor: dict) -> None:
        resource(descriptor, "people")["schema"]["fields"][1]["x-support"] = 5

    edit_descriptor(pkg_dir, number_rule)
    assert_problem(pkg_dir, "support-rule-missing", "datapackage.json", None, "name")


def test_verdicts_of_some_rows_are_those_rows_of_the_full_pass(pristine: Path) -> None:
    pkg = load(pristine)
    index, events = build(pkg), pkg.tables["events"]
    full = list(table_verdicts(pkg, index, events))
    some = list(table_verdicts(pkg, index, events, range(2, 4)))
    lines = set(events.lines[2:4])
    assert some and len(some) < len(full)
    assert some == [v for v in full if v.cell.line in lines]


def test_a_row_without_primary_key_is_not_judged(pkg_dir: Path) -> None:
    """Its values belong to no record, so no citation can back them: the missing key is the
    finding, not every value of the row."""
    row = first_row(pkg_dir, "people", lambda r: r["name"] == "Emomali Rahmon")
    line = set_cell(pkg_dir, "people", row.line, "person_id", "")
    judged = [v.cell for v in evaluate(load(pkg_dir)).verdicts if v.cell.table == "people"]
    assert judged and not [c for c in judged if c.line == line], "no verdict for the keyless row"
    assert_accepted(pkg_dir, "data/people.csv", line, ("value-unsupported",))


def test_a_date_its_format_refuses_is_one_report(pkg_dir: Path) -> None:
    """The row schema reports the format; the support rule does not judge the value again."""
    row = first_row(pkg_dir, "organizations", lambda r: r["founded"] != "")
    line = set_cell(pkg_dir, "organizations", row.line, "founded", "1992-13")
    assert_problem(pkg_dir, "row-schema", ORGANIZATIONS, line, "founded")
    assert_accepted(pkg_dir, ORGANIZATIONS, line, ["value-unsupported"], "founded")


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("founded", "1992-13", "no quote states a date that gives 1992-13"),
        ("iso3166", "ZZZ", "not supported: not an ISO 3166-1 alpha-3 code"),
    ],
    ids=["edtf", "iso3166"],
)
def test_without_its_format_the_value_is_judged(
    pkg_dir: Path, column: str, value: str, reason: str
) -> None:
    """Only a declared format defers: without it, the support rule reports the value."""

    def drop_format(descriptor: dict[str, Any]) -> None:
        del schema_field(descriptor, "organizations", column)["x-format"]

    edit_descriptor(pkg_dir, drop_format)
    row = first_row(pkg_dir, "organizations", lambda r: r[column] != "")
    line = set_cell(pkg_dir, "organizations", row.line, column, value)
    found = assert_problem(pkg_dir, "value-unsupported", ORGANIZATIONS, line, column)
    assert any(reason in p.message for p in found), found


def test_a_valid_edtf_form_that_the_date_rule_does_not_read_is_unsupported(
    pkg_dir: Path,
) -> None:
    """An interval is valid EDTF (no row-schema problem) but no quote's date can give it."""
    row = first_row(pkg_dir, "organizations", lambda r: r["founded"] != "")
    line = set_cell(pkg_dir, "organizations", row.line, "founded", "1992/1997")
    problems = assert_problem(pkg_dir, "value-unsupported", ORGANIZATIONS, line, "founded")
    assert "'1992/1997' is not a form the date rule reads" in problems[0].message
    assert_accepted(pkg_dir, ORGANIZATIONS, line, ["row-schema"], "founded")


def test_an_empty_item_of_a_list_is_one_report(pkg_dir: Path) -> None:
    """`a;;b` is the row schema's problem (an item must not be empty), not also unsupported."""
    row = first_row(pkg_dir, "organizations", lambda r: ";" in r["aliases"])
    aliases = row.values["aliases"].replace(";", ";;", 1)
    line = set_cell(pkg_dir, "organizations", row.line, "aliases", aliases)
    assert_problem(pkg_dir, "row-schema", ORGANIZATIONS, line, "aliases")
    assert_accepted(pkg_dir, ORGANIZATIONS, line, ["value-unsupported"], "aliases")
