"""The corpus cases: a name, one edit of a copy of the real package, and what must be reported.

An edit takes the package copy and a scratch directory outside it (for symlinks that leave the
package). When the broken line depends on the data (the first row that has a value, say), the
edit returns that line and the case expects ``row=EDITED``; otherwise the case names the line.
Edits find their rows through the csv module (tests/helpers.py), never through the code under
test, and they pick rows generically, so the corpus follows the data as it is curated.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from helpers import (
    append_row,
    data_path,
    drop_rows,
    edit_descriptor,
    first_row,
    read_csv,
    resource,
    schema_field,
    set_cell,
    source_lines,
    write_csv,
)

Edit = Callable[[Path, Path], int | None]


class _Edited:
    """Marker: the expected row is the line that the edit returns."""

    def __repr__(self) -> str:
        return "EDITED"


EDITED: Final = _Edited()


@dataclass(frozen=True)
class Case:
    name: str
    edit: Edit
    code: str
    path: str
    row: int | _Edited | None
    column: str | None = None  # checked only when given

    def expected_row(self, edited: int | None) -> int | None:
        if isinstance(self.row, _Edited):
            assert edited is not None, f"edit of {self.name} must return the line it broke"
            return edited
        return self.row


PEOPLE = "data/people.csv"
CITATIONS = "data/citations.csv"
SOURCES = "data/sources.csv"
EVENTS = "data/events.csv"
PARTICIPANTS = "data/participants.csv"
DESCRIPTOR = "datapackage.json"
RULES_GHOSTS = "schemas/rules/ghosts.json"


# --- raw byte edits ------------------------------------------------------------------------------


def _edit_lines(root: Path, table: str, edit: Callable[[list[bytes]], None]) -> None:
    """Edit the physical lines of a data file as bytes (no CSV writer that could repair them)."""
    path = data_path(root, table)
    lines = path.read_bytes().split(b"\n")
    edit(lines)
    path.write_bytes(b"\n".join(lines))


def _first_person_line(root: Path) -> int:
    return first_row(root, "people").line


def unterminated_quote(root: Path, _: Path) -> int:
    line = _first_person_line(root)

    def edit(lines: list[bytes]) -> None:  # open a quote in the second cell and never close it
        head, _, tail = lines[line - 1].partition(b",")
        lines[line - 1] = head + b',"' + tail

    _edit_lines(root, "people", edit)
    return line


def text_after_closing_quote(root: Path, _: Path) -> int:
    line = _first_person_line(root)

    def edit(lines: list[bytes]) -> None:  # a quoted second cell, and text after its quote
        head, _, tail = lines[line - 1].partition(b",")
        lines[line - 1] = head + b',"quoted"' + tail

    _edit_lines(root, "people", edit)
    return line


def unterminated_quote_in_header(root: Path, _: Path) -> None:
    _edit_lines(root, "people", lambda lines: lines.__setitem__(0, b'"' + lines[0]))


def unterminated_quote_of_a_dialect(root: Path, _: Path) -> int:
    """A resource with its own dialect (``;`` and ``'``): the quote that is never closed is
    that dialect's, which the default one would read as an ordinary character."""
    header, rows = read_csv(root, "people")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar="'", lineterminator="\n")
    writer.writerows([header, *([r.values[name] for name in header] for r in rows)])
    lines = buffer.getvalue().encode().split(b"\n")
    line = len(lines) - 2  # the last record but one: the error is not at the end of the file
    head, _semicolon, tail = lines[line - 1].partition(b";")
    lines[line - 1] = head + b";'" + tail
    data_path(root, "people").write_bytes(b"\n".join(lines))
    dialect = {"delimiter": ";", "quoteChar": "'"}
    edit_descriptor(root, lambda d: resource(d, "people").update(dialect=dialect))
    return line


def short_row(root: Path, _: Path) -> int:
    line = _first_person_line(root)

    def edit(lines: list[bytes]) -> None:
        lines[line - 1] = lines[line - 1].rsplit(b",", 1)[0]

    _edit_lines(root, "people", edit)
    return line


def long_row(root: Path, _: Path) -> int:
    line = _first_person_line(root)

    def edit(lines: list[bytes]) -> None:
        lines[line - 1] += b",one cell too many"

    _edit_lines(root, "people", edit)
    return line


def header_missing_column(root: Path, _: Path) -> None:
    _edit_lines(root, "people", lambda lines: lines.__setitem__(0, lines[0].rsplit(b",", 1)[0]))


def header_extra_column(root: Path, _: Path) -> None:
    _edit_lines(root, "people", lambda lines: lines.__setitem__(0, lines[0] + b",notes"))


def header_duplicated(root: Path, _: Path) -> None:
    header, _rows = read_csv(root, "people")
    duplicated = ",".join([*header[:2], header[1], *header[3:]]).encode()
    _edit_lines(root, "people", lambda lines: lines.__setitem__(0, duplicated))


def header_two_duplicated(root: Path, _: Path) -> None:
    """The first two names, each written twice (and the last two gone)."""
    header, _rows = read_csv(root, "people")
    duplicated = ",".join([header[0], header[0], header[1], header[1]]).encode()
    _edit_lines(root, "people", lambda lines: lines.__setitem__(0, duplicated))


def header_reordered(root: Path, _: Path) -> None:
    """The right names in another order, which the formatter would put back."""
    header, _rows = read_csv(root, "people")
    swapped = ",".join([header[0], header[2], header[1], *header[3:]]).encode()
    _edit_lines(root, "people", lambda lines: lines.__setitem__(0, swapped))


def blank_line(root: Path, _: Path) -> int:
    line = _first_person_line(root) + 1
    _edit_lines(root, "people", lambda lines: lines.insert(line - 1, b""))
    return line


def empty_file(root: Path, _: Path) -> None:
    data_path(root, "people").write_bytes(b"")


def header_only(root: Path, _: Path) -> None:
    _edit_lines(root, "people", lambda lines: lines.__setitem__(slice(1, None), [b""]))


# --- encoding ------------------------------------------------------------------------------------


def byte_order_mark(root: Path, _: Path) -> None:
    path = data_path(root, "people")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def invalid_utf8(root: Path, _: Path) -> int:
    line = _first_person_line(root)

    def edit(lines: list[bytes]) -> None:
        lines[line - 1] += b"\xff"

    _edit_lines(root, "people", edit)
    return line


def nul_byte(root: Path, _: Path) -> int:
    line = _first_person_line(root)

    def edit(lines: list[bytes]) -> None:
        head, _, tail = lines[line - 1].partition(b",")
        lines[line - 1] = head + b",\x00" + tail

    _edit_lines(root, "people", edit)
    return line


def crlf_line_ends(root: Path, _: Path) -> None:
    path = data_path(root, "people")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


# --- descriptor ----------------------------------------------------------------------------------


def invalid_json(root: Path, _: Path) -> None:
    path = root / DESCRIPTOR
    path.write_bytes(path.read_bytes().rstrip()[:-1])  # drop the closing brace


def _drop_resource(name: str) -> Callable[[Path, Path], None]:
    def edit(root: Path, _: Path) -> None:
        edit_descriptor(root, lambda d: d["resources"].remove(resource(d, name)))

    return edit


def resource_without_file(root: Path, _: Path) -> None:
    data_path(root, "people").unlink()


def data_file_without_resource(root: Path, _: Path) -> None:
    shutil.copy(data_path(root, "people"), root / "data" / "people-old.csv")


def unknown_property(root: Path, _: Path) -> None:
    def misspell(descriptor: dict[str, Any]) -> None:  # a typo silently drops the key check
        schema = resource(descriptor, "people")["schema"]
        schema["primarykey"] = schema.pop("primaryKey")

    edit_descriptor(root, misspell)


def unknown_x_format(root: Path, _: Path) -> None:
    """A misspelt x-format: the column's values would otherwise go unchecked."""

    def misspell(descriptor: dict[str, Any]) -> None:
        schema_field(descriptor, "events", "start_date")["x-format"] = "edtf-level-9"

    edit_descriptor(root, misspell)


def rules_for_no_table(root: Path, _: Path) -> None:
    """Cross-field rules for a resource that does not exist (a renamed table's stale file)."""
    (root / "schemas" / "rules" / "ghosts.json").write_text('{"allOf": []}\n', encoding="utf-8")


def wrong_type(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people")["schema"].update(primaryKey=5))


def wrong_dialect(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people").update(dialect={"delimiter": ";;"}))


def empty_quote_char(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people").update(dialect={"quoteChar": ""}))


def empty_list_delimiter(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: schema_field(d, "people", "aliases").update(delimiter=""))


def reference_not_an_object(root: Path, _: Path) -> None:
    def edit(descriptor: dict[str, Any]) -> None:
        resource(descriptor, "participants")["schema"]["foreignKeys"][0]["reference"] = "events"

    edit_descriptor(root, edit)


def resource_name_not_a_string(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people").update(name=["people"]))


def _replace_people(descriptor: dict[str, Any], value: Any) -> None:
    resources = descriptor["resources"]
    resources[resources.index(resource(descriptor, "people"))] = value


def resource_not_an_object(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: _replace_people(d, "people"))


def schema_not_an_object(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people").update(schema=["person_id"]))


def field_not_an_object(root: Path, _: Path) -> None:
    edit_descriptor(
        root, lambda d: resource(d, "people")["schema"]["fields"].__setitem__(1, "name")
    )


def resources_not_a_list(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: d.update(resources={r["name"]: r for r in d["resources"]}))


def fields_not_a_list(root: Path, _: Path) -> None:
    def by_name(descriptor: dict[str, Any]) -> None:
        schema = resource(descriptor, "people")["schema"]
        schema["fields"] = {field["name"]: field for field in schema["fields"]}

    edit_descriptor(root, by_name)


def field_without_name(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people")["schema"]["fields"][1].pop("name"))


def no_missing_values(root: Path, _: Path) -> int:
    """Valid, but then an empty integer cell is a value, and not an integer."""
    edit_descriptor(root, lambda d: resource(d, "events")["schema"].update(missingValues=[]))
    return first_row(root, "events", lambda r: not r["ordinal"]).line


# --- paths ---------------------------------------------------------------------------------------


def _first_source(root: Path) -> tuple[int, Path]:
    row = first_row(root, "sources")
    return row.line, root / row.values["path"]


def source_path_parent(root: Path, _: Path) -> int:
    row = first_row(root, "sources")
    return set_cell(root, "sources", row.line, "path", "../" + row.values["path"])


def source_path_absolute(root: Path, _: Path) -> int:
    row = first_row(root, "sources")
    absolute = str((root / row.values["path"]).resolve())
    return set_cell(root, "sources", row.line, "path", absolute)


def resource_path_absolute(root: Path, _: Path) -> None:
    absolute = str(data_path(root, "people").resolve())
    edit_descriptor(root, lambda d: resource(d, "people").update(path=absolute))


def _symlink_to_copy(path: Path, directory: Path) -> None:
    """Replace ``path`` by a link to an identical copy in ``directory``: only the link is wrong."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / (path.name + ".target")
    shutil.copy(path, target)
    path.unlink()
    path.symlink_to(target)


def source_symlink_inside(root: Path, _: Path) -> int:
    line, path = _first_source(root)
    _symlink_to_copy(path, root / "sources" / "originals")
    return line


def source_symlink_leaving(root: Path, outside: Path) -> int:
    line, path = _first_source(root)
    _symlink_to_copy(path, outside)
    return line


def data_symlink_inside(root: Path, _: Path) -> None:
    _symlink_to_copy(data_path(root, "people"), root / "data" / "originals")


def data_symlink_leaving(root: Path, outside: Path) -> None:
    _symlink_to_copy(data_path(root, "people"), outside)


def _folder_linked_out(folder: Path, outside: Path) -> None:
    """Move a folder out of the package, and leave in its place a link to it."""
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / folder.name
    shutil.move(folder, target)
    folder.symlink_to(target, target_is_directory=True)


def sources_folder_linked_out(root: Path, outside: Path) -> int:
    line, _ = _first_source(root)
    _folder_linked_out(root / "sources", outside)
    return line


def data_folder_linked_out(root: Path, outside: Path) -> None:
    _folder_linked_out(root / "data", outside)


def data_file_is_directory(root: Path, _: Path) -> None:
    path = data_path(root, "people")
    path.unlink()
    path.mkdir()


def source_is_directory(root: Path, _: Path) -> int:
    line, path = _first_source(root)
    path.unlink()
    path.mkdir()
    return line


# --- integrity -----------------------------------------------------------------------------------


def source_byte_edited(root: Path, _: Path) -> int:
    line, path = _first_source(root)
    data = bytearray(path.read_bytes())
    data[0] = ord("#") if data[0] != ord("#") else ord("%")
    path.write_bytes(bytes(data))
    return line


def source_invalid_utf8(root: Path, _: Path) -> int:
    """A byte that no UTF-8 text holds: the lines cannot be read, so no quote can be checked."""
    line, path = _first_source(root)
    path.write_bytes(path.read_bytes() + b"\xff")
    return line


def source_deleted(root: Path, _: Path) -> int:
    line, path = _first_source(root)
    path.unlink()
    return line


def stale_bytes(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people").update(bytes=1))


def stale_hash(root: Path, _: Path) -> None:
    edit_descriptor(root, lambda d: resource(d, "people").update(hash="sha256:" + "0" * 64))


# --- references ----------------------------------------------------------------------------------


def dangling_foreign_key(root: Path, _: Path) -> int:
    row = first_row(root, "participants")
    return set_cell(root, "participants", row.line, "event_id", "no-such-event")


def duplicate_primary_key(root: Path, _: Path) -> int:
    return append_row(root, "people", first_row(root, "people").values)


def record_without_citation(root: Path, _: Path) -> int:
    person = first_row(root, "people")
    person_id = person.values["person_id"]
    drop_rows(root, "citations", lambda c: c["table"] == "people" and c["record_id"] == person_id)
    return person.line


def citation_of_missing_record(root: Path, _: Path) -> int:
    row = first_row(root, "citations")
    return set_cell(root, "citations", row.line, "record_id", "no-such-record")


def citation_of_another_record(root: Path, _: Path) -> int:
    """A citation of a person cited more than once now names another person, whom its quote
    does not name: both records exist, so only the support check can tell."""
    cited = [c.values["record_id"] for c in read_csv(root, "citations")[1]]
    people = [p.values["person_id"] for p in read_csv(root, "people")[1]]
    twice = next(person for person in people if cited.count(person) > 1)
    other = next(person for person in people if person != twice)
    row = first_row(root, "citations", lambda c: c["table"] == "people" and c["record_id"] == twice)
    return set_cell(root, "citations", row.line, "record_id", other)


def reference_to_wrong_kind(root: Path, _: Path) -> int:
    """A participant's person_id names an organization: the id exists, but not among people."""
    row = first_row(root, "participants", lambda r: bool(r["person_id"]))
    organization = first_row(root, "organizations").values["organization_id"]
    return set_cell(root, "participants", row.line, "person_id", organization)


def citation_of_wrong_table(root: Path, _: Path) -> int:
    """A citation names an event's id but says it supports a person."""
    row = first_row(root, "citations", lambda r: r["table"] == "events")
    return set_cell(root, "citations", row.line, "table", "people")


# --- values --------------------------------------------------------------------------------------


def invalid_edtf_date(root: Path, _: Path) -> int:
    row = first_row(root, "events", lambda r: bool(r["start_date"]))
    return set_cell(root, "events", row.line, "start_date", "2022-13-45")


def outside_vocabulary(root: Path, _: Path) -> int:
    row = first_row(root, "events")
    return set_cell(root, "events", row.line, "kind", "picnic")


def outside_cued_vocabulary(root: Path, _: Path) -> int:
    """A role, whose values need a quote holding a cue: the one mistake is the value, once."""
    row = first_row(root, "participants")
    return set_cell(root, "participants", row.line, "role", "picnic")


def line_zero(root: Path, _: Path) -> int:
    row = first_row(root, "citations")
    return set_cell(root, "citations", row.line, "line", "0")


def line_beyond_end(root: Path, _: Path) -> int:
    row = first_row(root, "citations")
    beyond = len(source_lines(root, row.values["source_id"])) + 1
    return set_cell(root, "citations", row.line, "line", str(beyond))


def thirty_digit_line(root: Path, _: Path) -> int:
    row = first_row(root, "citations")
    return set_cell(root, "citations", row.line, "line", "1" * 30)


def thirty_digit_count(root: Path, _: Path) -> int:
    row = first_row(root, "sources")
    return set_cell(root, "sources", row.line, "line_count", "9" * 30)


def megabyte_cell(root: Path, _: Path) -> int:
    """Written without reading the file back: the csv module refuses such a cell by default."""
    header, rows = read_csv(root, "statements")
    values = [row.values for row in rows]
    values[0] = dict(values[0], text="x" * 1_048_576)
    write_csv(root, "statements", header, values)
    return rows[0].line  # the new cell holds no line break: no row moves


def megabyte_extra_cell(root: Path, _: Path) -> int:
    """A cell over the limit beyond the header's last column, which has no name to report."""
    line = _first_person_line(root)

    def edit(lines: list[bytes]) -> None:
        lines[line - 1] += b"," + b"x" * 1_048_576

    _edit_lines(root, "people", edit)
    return line


def _formula(first: str) -> Edit:
    def edit(root: Path, _: Path) -> int:
        row = first_row(root, "people")
        return set_cell(root, "people", row.line, "name", first + row.values["name"])

    return edit


def formula_in_uncited_table(root: Path, _: Path) -> int:
    row = first_row(root, "skipped_lines")
    return set_cell(root, "skipped_lines", row.line, "reason", '=HYPERLINK("x")')


def formula_in_list(root: Path, _: Path) -> int:
    """Each item of a list cell is a cell of its own in a spreadsheet export: the first counts."""
    row = first_row(root, "people")
    return set_cell(root, "people", row.line, "aliases", '=HYPERLINK("x");' + row.values["name"])


def formula_in_quote(root: Path, _: Path) -> int:
    row = first_row(root, "citations")
    return set_cell(root, "citations", row.line, "quote", "@" + row.values["quote"])


# --- hostile input that a fuzzer found crashing the validator (each once a traceback or a
# `check-crashed`); the case names what it must be reported as instead.


def _json_file(rel: str, text: str) -> Edit:
    def edit(root: Path, _: Path) -> None:
        (root / rel).write_text(text, encoding="utf-8")

    return edit


def _deleted(rel: str) -> Edit:
    return lambda root, _: (root / rel).unlink()


def _descriptor_edit(change: Callable[[dict[str, Any]], None]) -> Edit:
    def edit(root: Path, _: Path) -> None:
        edit_descriptor(root, change)

    return edit


def _field_edit(table: str, name: str, **values: Any) -> Edit:
    return _descriptor_edit(lambda d: schema_field(d, table, name).update(values))


def _constraint_edit(table: str, name: str, **values: Any) -> Edit:
    return _descriptor_edit(
        lambda d: schema_field(d, table, name).setdefault("constraints", {}).update(values)
    )


def _schema_edit(table: str, **values: Any) -> Edit:
    return _descriptor_edit(lambda d: resource(d, table)["schema"].update(values))


def _vocabulary_edit(change: Callable[[dict[str, Any]], None]) -> Edit:
    def edit(root: Path, _: Path) -> None:
        path = root / "schemas" / "vocabulary.json"
        vocabulary = json.loads(path.read_text(encoding="utf-8"))
        change(vocabulary["vocabularies"])
        path.write_text(json.dumps(vocabulary, indent=2, ensure_ascii=False), encoding="utf-8")

    return edit


def _source_path(path: str) -> Edit:
    def edit(root: Path, _: Path) -> int:
        return set_cell(root, "sources", first_row(root, "sources").line, "path", path)

    return edit


def _resource_path(path: str) -> Edit:
    return _descriptor_edit(lambda d: resource(d, "people").update(path=path))


def huge_integer(root: Path, _: Path) -> int:
    row = first_row(root, "events", lambda r: bool(r["ordinal"]))
    return set_cell(root, "events", row.line, "ordinal", "4" * 5000)


def digits_in_a_quote(root: Path, _: Path) -> int:
    """A run of 5,000 digits in the quote of an event that has an ordinal."""
    event = first_row(root, "events", lambda r: bool(r["ordinal"])).values["event_id"]
    row = first_row(root, "citations", lambda r: r["record_id"] == event)
    return set_cell(root, "citations", row.line, "quote", row.values["quote"] + " " + "7" * 5000)


def long_s_ordinal(root: Path, _: Path) -> int:
    """An ordinal word written with a long s (U+017F), which matches "s" case-insensitively."""
    event = first_row(root, "events", lambda r: bool(r["ordinal"])).values["event_id"]
    row = first_row(root, "citations", lambda r: r["record_id"] == event)
    return set_cell(root, "citations", row.line, "quote", row.values["quote"] + " the fir\u017ft")


def _dialect_edit(**values: Any) -> Edit:
    return _descriptor_edit(
        lambda d: resource(d, "people").setdefault("dialect", {}).update(values)
    )


def unhashable_enum(root: Path, scratch: Path) -> int:
    """An enum of a list and an object: no ordinal is one of them (frictionless agrees)."""
    _constraint_edit("events", "ordinal", enum=[[1], {"a": 1}])(root, scratch)
    return first_row(root, "events", lambda r: bool(r["ordinal"])).line


def _row_schema_pattern(pattern: str) -> Edit:
    """A row schema with another pattern, on a field whose Table Schema has none."""

    def edit(root: Path, _: Path) -> None:
        path = root / "schemas" / "events.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema["properties"]["name"]["pattern"] = pattern
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")

    return edit


DEEP_PATTERN = "(?:" * 600 + "[a-z0-9-]+" + ")" * 600  # past the recursion of re's parser


# Every id matches it at once (the first alternative), so frictionless, which runs it, agrees.
BACKTRACKING = "^(?:[a-z0-9]|[a-z0-9])+(?:-[a-z0-9]+)*$"


def long_edtf_set(root: Path, _: Path) -> int:
    row = first_row(root, "events", lambda r: bool(r["start_date"]))
    return set_cell(root, "events", row.line, "start_date", "{" + ",".join(["2022"] * 8000) + "}")


CASES: tuple[Case, ...] = (
    # CSV syntax
    Case("unterminated-quote", unterminated_quote, "csv-syntax", PEOPLE, EDITED),
    Case("text-after-closing-quote", text_after_closing_quote, "csv-syntax", PEOPLE, EDITED),
    Case("unterminated-quote-in-header", unterminated_quote_in_header, "csv-syntax", PEOPLE, 1),
    Case(
        "unterminated-quote-of-a-dialect",
        unterminated_quote_of_a_dialect,
        "csv-syntax",
        PEOPLE,
        EDITED,
    ),
    Case("short-row", short_row, "missing-cell", PEOPLE, EDITED, "honorifics"),
    Case("long-row", long_row, "extra-cell", PEOPLE, EDITED),
    Case("header-missing-column", header_missing_column, "header-mismatch", PEOPLE, 1),
    Case("header-extra-column", header_extra_column, "header-mismatch", PEOPLE, 1),
    Case("header-duplicated-column", header_duplicated, "header-mismatch", PEOPLE, 1),
    Case("header-two-columns-duplicated", header_two_duplicated, "header-mismatch", PEOPLE, 1),
    Case("header-reordered", header_reordered, "header-mismatch", PEOPLE, 1),
    Case("blank-line", blank_line, "blank-row", PEOPLE, EDITED),
    Case("empty-file", empty_file, "table-empty", PEOPLE, None),
    Case("header-only", header_only, "table-empty", PEOPLE, 1),
    # encoding
    Case("byte-order-mark", byte_order_mark, "csv-encoding", PEOPLE, 1),
    Case("invalid-utf8", invalid_utf8, "csv-encoding", PEOPLE, EDITED),
    Case("nul-byte", nul_byte, "csv-encoding", PEOPLE, EDITED),
    Case("crlf-line-ends", crlf_line_ends, "csv-encoding", PEOPLE, 1),
    # descriptor
    Case("invalid-json", invalid_json, "descriptor-invalid", DESCRIPTOR, None),
    Case("missing-resource", _drop_resource("citations"), "resource-missing", DESCRIPTOR, None),
    Case("resource-dropped", _drop_resource("people"), "data-file-unlisted", PEOPLE, None),
    Case("resource-without-file", resource_without_file, "file-missing", PEOPLE, None),
    Case(
        "data-file-without-resource",
        data_file_without_resource,
        "data-file-unlisted",
        "data/people-old.csv",
        None,
    ),
    Case("unknown-property", unknown_property, "descriptor-unknown-property", DESCRIPTOR, None),
    Case("wrong-type", wrong_type, "descriptor-invalid", DESCRIPTOR, None),
    Case("unknown-x-format", unknown_x_format, "format-unknown", DESCRIPTOR, None, "start_date"),
    Case("rules-for-no-table", rules_for_no_table, "rules-unknown-table", RULES_GHOSTS, None),
    Case("wrong-dialect", wrong_dialect, "descriptor-invalid", DESCRIPTOR, None),
    Case("empty-quote-char", empty_quote_char, "descriptor-invalid", DESCRIPTOR, None),
    Case("empty-list-delimiter", empty_list_delimiter, "descriptor-invalid", DESCRIPTOR, None),
    Case("reference-not-object", reference_not_an_object, "descriptor-invalid", DESCRIPTOR, None),
    Case("name-not-a-string", resource_name_not_a_string, "descriptor-invalid", DESCRIPTOR, None),
    Case("resource-not-object", resource_not_an_object, "descriptor-invalid", DESCRIPTOR, None),
    Case("schema-not-object", schema_not_an_object, "descriptor-invalid", DESCRIPTOR, None),
    Case("field-not-object", field_not_an_object, "descriptor-invalid", DESCRIPTOR, None),
    Case("field-without-name", field_without_name, "descriptor-invalid", DESCRIPTOR, None),
    Case("resources-not-list", resources_not_a_list, "descriptor-invalid", DESCRIPTOR, None),
    Case("fields-not-list", fields_not_a_list, "descriptor-invalid", DESCRIPTOR, None),
    Case("no-missing-values", no_missing_values, "type-error", EVENTS, EDITED, "ordinal"),
    # paths
    Case("source-parent-path", source_path_parent, "path-outside-package", SOURCES, EDITED, "path"),
    Case("source-absolute", source_path_absolute, "path-outside-package", SOURCES, EDITED, "path"),
    Case("resource-absolute", resource_path_absolute, "path-outside-package", DESCRIPTOR, None),
    Case("source-link-inside", source_symlink_inside, "source-symlink", SOURCES, EDITED, "path"),
    Case("source-link-leaving", source_symlink_leaving, "source-symlink", SOURCES, EDITED, "path"),
    Case("data-link-inside", data_symlink_inside, "data-file-symlink", PEOPLE, None),
    Case("data-link-leaving", data_symlink_leaving, "data-file-symlink", PEOPLE, None),
    Case("data-file-is-directory", data_file_is_directory, "file-missing", PEOPLE, None),
    Case(
        "sources-folder-link-leaving",
        sources_folder_linked_out,
        "path-outside-package",
        SOURCES,
        EDITED,
        "path",
    ),
    Case(
        "data-folder-link-leaving", data_folder_linked_out, "path-outside-package", DESCRIPTOR, None
    ),
    Case("source-is-directory", source_is_directory, "source-missing", SOURCES, EDITED, "path"),
    # integrity
    Case("source-byte-edited", source_byte_edited, "source-hash-mismatch", SOURCES, EDITED),
    Case("source-deleted", source_deleted, "source-missing", SOURCES, EDITED, "path"),
    Case("source-invalid-utf8", source_invalid_utf8, "source-encoding", SOURCES, EDITED, "path"),
    Case("stale-bytes", stale_bytes, "resource-bytes-mismatch", PEOPLE, None),
    Case("stale-hash", stale_hash, "resource-hash-mismatch", PEOPLE, None),
    # references
    Case("dangling-key", dangling_foreign_key, "foreign-key", PARTICIPANTS, EDITED, "event_id"),
    Case("duplicate-key", duplicate_primary_key, "primary-key", PEOPLE, EDITED, "person_id"),
    Case("uncited-record", record_without_citation, "record-uncited", PEOPLE, EDITED, "person_id"),
    Case(
        "citation-of-missing-record",
        citation_of_missing_record,
        "citation-record-missing",
        CITATIONS,
        EDITED,
        "record_id",
    ),
    Case(
        "citation-of-another-record",
        citation_of_another_record,
        "citation-supports-nothing",
        CITATIONS,
        EDITED,
        "quote",
    ),
    Case("wrong-kind", reference_to_wrong_kind, "foreign-key", PARTICIPANTS, EDITED, "person_id"),
    Case(
        "citation-of-wrong-table",
        citation_of_wrong_table,
        "citation-record-missing",
        CITATIONS,
        EDITED,
        "record_id",
    ),
    # values
    Case("invalid-edtf", invalid_edtf_date, "row-schema", EVENTS, EDITED, "start_date"),
    Case("outside-vocabulary", outside_vocabulary, "constraint-error", EVENTS, EDITED, "kind"),
    Case(
        "outside-cued-vocabulary",
        outside_cued_vocabulary,
        "constraint-error",
        PARTICIPANTS,
        EDITED,
        "role",
    ),
    Case("line-zero", line_zero, "constraint-error", CITATIONS, EDITED, "line"),
    Case("line-beyond-end", line_beyond_end, "citation-line-out-of-range", CITATIONS, EDITED),
    Case("thirty-digit-line", thirty_digit_line, "citation-line-out-of-range", CITATIONS, EDITED),
    Case(
        "thirty-digit-line-count",
        thirty_digit_count,
        "source-line-count-mismatch",
        SOURCES,
        EDITED,
        "line_count",
    ),
    Case("megabyte-cell", megabyte_cell, "cell-too-large", "data/statements.csv", EDITED, "text"),
    Case("megabyte-extra-cell", megabyte_extra_cell, "cell-too-large", PEOPLE, EDITED),
    Case("formula-equals", _formula("="), "formula-like-cell", PEOPLE, EDITED, "name"),
    Case("formula-plus", _formula("+"), "formula-like-cell", PEOPLE, EDITED, "name"),
    Case("formula-minus", _formula("-"), "formula-like-cell", PEOPLE, EDITED, "name"),
    Case("formula-at", _formula("@"), "formula-like-cell", PEOPLE, EDITED, "name"),
    Case(
        "formula-in-uncited-table",
        formula_in_uncited_table,
        "formula-like-cell",
        "data/skipped_lines.csv",
        EDITED,
        "reason",
    ),
    Case("formula-in-quote", formula_in_quote, "formula-like-cell", CITATIONS, EDITED, "quote"),
    Case("formula-in-list", formula_in_list, "formula-like-cell", PEOPLE, EDITED, "aliases"),
    # hostile input found by fuzzing
    Case("huge-integer", huge_integer, "type-error", EVENTS, EDITED, "ordinal"),
    Case("digits-in-a-quote", digits_in_a_quote, "quote-not-on-line", CITATIONS, EDITED),
    Case("long-s-ordinal", long_s_ordinal, "quote-not-on-line", CITATIONS, EDITED),
    Case("long-edtf-set", long_edtf_set, "row-schema", EVENTS, EDITED, "start_date"),
    Case(
        "source-path-too-long",
        _source_path("sources/" + "a" * 300 + ".txt"),
        "source-missing",
        SOURCES,
        EDITED,
        "path",
    ),
    Case(
        "source-path-nul",
        _source_path("sources/a\x00.txt"),
        "source-missing",
        SOURCES,
        EDITED,
        "path",
    ),
    Case(
        "resource-path-too-long",
        _resource_path("data/" + "a" * 300 + ".csv"),
        "file-missing",
        "data/" + "a" * 300 + ".csv",
        None,
    ),
    Case(
        "resource-path-nul",
        _resource_path("data/a\x00.csv"),
        "file-missing",
        "data/a\x00.csv",
        None,
    ),
    Case(
        "descriptor-bracket-bomb",
        _json_file(DESCRIPTOR, "[" * 100_000),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "descriptor-nested-deep",
        _descriptor_edit(
            lambda d: d.update(
                keywords=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
            )
        ),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "descriptor-lone-surrogate",
        _json_file(DESCRIPTOR, '{"\\ud800": 1}'),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "descriptor-not-object",
        _json_file(DESCRIPTOR, "[]"),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "descriptor-deleted",
        _deleted(DESCRIPTOR),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "vocabulary-bracket-bomb",
        _json_file("schemas/vocabulary.json", "[" * 100_000),
        "descriptor-invalid",
        "schemas/vocabulary.json",
        None,
    ),
    Case(
        "rules-bracket-bomb",
        _json_file("schemas/rules/events.json", "[" * 100_000),
        "descriptor-invalid",
        "schemas/rules/events.json",
        None,
    ),
    Case(
        "row-schema-bracket-bomb",
        _json_file("schemas/events.schema.json", "[" * 100_000),
        "derived-file-stale",
        "schemas/events.schema.json",
        None,
    ),
    Case(
        "huge-minimum",
        _constraint_edit("citations", "line", minimum=10**400),
        "constraint-error",
        CITATIONS,
        2,
        "line",
    ),
    Case("comment-char", _dialect_edit(commentChar="#"), "descriptor-invalid", DESCRIPTOR, None),
    Case("no-header", _dialect_edit(header=False), "descriptor-invalid", DESCRIPTOR, None),
    Case(
        "double-quote-text",
        _dialect_edit(doubleQuote="false"),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "encoding-utf16",
        _descriptor_edit(lambda d: resource(d, "people").update(encoding="utf-16")),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "compressed",
        _descriptor_edit(lambda d: resource(d, "people").update(compression="gz")),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "unhashable-enum",
        unhashable_enum,
        "constraint-error",
        EVENTS,
        EDITED,
        "ordinal",
    ),
    Case(
        "true-values-number",
        _field_edit("events", "ordinal", type="boolean", trueValues=5),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "item-type-list",
        _field_edit("events", "aliases", itemType=["a", "b"]),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "primary-key-nested",
        _schema_edit("events", primaryKey=[["event_id"]]),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "min-length-text",
        _constraint_edit("events", "aliases", minLength="x"),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "pattern-backtracks",
        _constraint_edit("events", "event_id", pattern=BACKTRACKING),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "pattern-nested-too-deep",
        _constraint_edit("events", "event_id", pattern=DEEP_PATTERN),
        "descriptor-invalid",
        DESCRIPTOR,
        None,
    ),
    Case(
        "row-schema-pattern-backtracks",
        _row_schema_pattern("^(a|a)*$"),
        "row-schema-invalid",
        "schemas/events.schema.json",
        None,
    ),
    Case(
        "row-schema-pattern-nested-too-deep",
        _row_schema_pattern(DEEP_PATTERN),
        "row-schema-invalid",
        "schemas/events.schema.json",
        None,
    ),
    Case(
        "vocabulary-deleted",
        _deleted("schemas/vocabulary.json"),
        "descriptor-invalid",
        "schemas/vocabulary.json",
        None,
    ),
    Case(
        "vocabulary-values-list",
        _vocabulary_edit(lambda v: v["topic"].update(values=["x"])),
        "vocabulary-invalid",
        "schemas/vocabulary.json",
        None,
    ),
    Case(
        "vocabulary-entry-number",
        _vocabulary_edit(lambda v: v.update(participant_role=0)),
        "vocabulary-invalid",
        "schemas/vocabulary.json",
        None,
    ),
    Case(
        "vocabulary-cues-null",
        _vocabulary_edit(
            lambda v: next(iter(v["participant_role"]["values"].values())).update(cues=None)
        ),
        "vocabulary-invalid",
        "schemas/vocabulary.json",
        None,
    ),
    Case(
        "vocabulary-classification-text",
        _vocabulary_edit(
            lambda v: next(iter(v["participant_role"]["values"].values())).update(
                classification="false"
            )
        ),
        "vocabulary-invalid",
        "schemas/vocabulary.json",
        None,
    ),
)
