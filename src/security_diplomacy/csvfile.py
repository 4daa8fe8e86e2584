"""Read the data files of the descriptor's resources into :class:`~.model.Table` objects.

UTF-8 without BOM, LF line ends and a header equal to the schema's field names are the
package's contract; every breach becomes a Problem, and a table whose rows cannot be trusted is
returned with ``loaded=False`` so checks skip it instead of reporting follow-on noise.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .model import DESCRIPTOR, Field, Row, Table, Value
from .paths import lexically_inside, resolves_inside
from .problems import Problem, problem

BOM = b"\xef\xbb\xbf"
INTEGER = re.compile(r"[+-]?[0-9]+")


def load_tables(
    root: Path, descriptor: Mapping[str, Any] | None, problems: list[Problem]
) -> Iterator[Table]:
    if descriptor is None:
        return
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        problems.append(
            problem("descriptor-invalid", DESCRIPTOR, "`resources` must be a list of resources")
        )
        return
    for index, resource in enumerate(resources):
        table = _table_shell(index, resource, problems)
        if table is not None:
            yield _load_table(root, table, problems)


def _table_shell(index: int, resource: Any, problems: list[Problem]) -> Table | None:
    """The resource's name, path and fields, or None (with a problem) if it lacks them."""
    where = f"resources[{index}]"
    if not isinstance(resource, Mapping):
        problems.append(problem("descriptor-invalid", DESCRIPTOR, f"{where} is not an object"))
        return None
    name, path, schema = resource.get("name"), resource.get("path"), resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    if not (isinstance(name, str) and isinstance(path, str) and isinstance(fields, list)):
        problems.append(
            problem(
                "descriptor-invalid",
                DESCRIPTOR,
                f"{where} needs a string `name`, a string `path` and `schema.fields`; add them",
            )
        )
        return None
    typed: list[Field] = []
    for field_descriptor in fields:
        field_name = field_descriptor.get("name") if isinstance(field_descriptor, Mapping) else None
        if not isinstance(field_name, str):
            problems.append(
                problem(
                    "descriptor-invalid",
                    DESCRIPTOR,
                    f"a field of resource `{name}` has no string `name`; add one",
                )
            )
            return None
        typed.append(
            Field(field_name, str(field_descriptor.get("type", "string")), field_descriptor)
        )
    return Table(name=name, path=path, descriptor=resource, fields=tuple(typed))


def _load_table(root: Path, table: Table, problems: list[Problem]) -> Table:
    """Read and parse one CSV file; any problem leaves ``loaded`` False or adds a Problem."""
    if not lexically_inside(table.path) or not resolves_inside(root / table.path, root):
        problems.append(
            problem(
                "path-outside-package",
                DESCRIPTOR,
                f"resource `{table.name}` has path `{table.path}`, which leaves the package; "
                f"use a relative path such as data/{table.name}.csv",
            )
        )
        return table
    try:
        raw = (root / table.path).read_bytes()
    except OSError as error:
        problems.append(
            problem(
                "file-missing",
                table.path,
                f"cannot read the data file of resource `{table.name}` ({error.strerror}); "
                "create it or fix the resource's path in datapackage.json",
            )
        )
        return table
    text = _decode_csv(table.path, raw, problems)
    if text is None:
        return replace(table, raw=raw)
    return _parse_csv(table, raw, text, problems)


def _decode_csv(path: str, raw: bytes, problems: list[Problem]) -> str | None:
    """UTF-8 text without BOM and with LF line ends is the package's contract."""
    if raw.startswith(BOM):
        problems.append(
            problem(
                "csv-encoding",
                path,
                "file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM",
                row=1,
            )
        )
        raw = raw[len(BOM) :]
    carriage_return = raw.find(b"\r")
    if carriage_return >= 0:
        problems.append(
            problem(
                "csv-encoding",
                path,
                "file has carriage returns (CRLF line ends); save it with LF line ends only",
                row=_line_of_offset(raw, carriage_return),
            )
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            problem(
                "csv-encoding",
                path,
                f"byte {raw[error.start]:#04x} is not valid UTF-8; re-save the file as UTF-8",
                row=_line_of_offset(raw, error.start),
            )
        )
        return None


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _dialect(resource: Mapping[str, Any]) -> dict[str, Any]:
    dialect = resource.get("dialect")
    dialect = dialect if isinstance(dialect, Mapping) else {}
    return {
        "delimiter": str(dialect.get("delimiter", ",")),
        "quotechar": str(dialect.get("quoteChar", '"')),
        "doublequote": bool(dialect.get("doubleQuote", True)),
    }


def _missing_values(resource: Mapping[str, Any]) -> frozenset[str]:
    schema = resource.get("schema", {})
    values = schema.get("missingValues", [""]) if isinstance(schema, Mapping) else [""]
    return frozenset(str(v) for v in values) if isinstance(values, list) else frozenset({""})


def _parse_csv(table: Table, raw: bytes, text: str, problems: list[Problem]) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), **_dialect(table.descriptor))
    names = [f.name for f in table.fields]
    missing = _missing_values(table.descriptor)
    rows: list[Row] = []
    record_lines: list[int] = []
    header: list[str] | None = None
    previous_line = 0
    try:
        for record in reader:
            start, previous_line = previous_line + 1, reader.line_num
            if header is None:
                header = record
                continue
            record_lines.append(start)
            if record:  # a blank line is a record without cells: frictionless reports it
                rows.append(Row(start, MappingProxyType(_typed(table.fields, record, missing))))
    except csv.Error as error:
        problems.append(
            problem(
                "csv-syntax",
                table.path,
                f"CSV syntax error ({error}); check the quoting of this record",
                row=reader.line_num,
            )
        )
        return replace(table, raw=raw)
    loaded = _header_matches(table.path, header, names, problems)
    return replace(
        table,
        raw=raw,
        rows=tuple(rows) if loaded else (),
        record_lines=tuple(record_lines),
        loaded=loaded,
    )


def _header_matches(
    path: str, header: list[str] | None, names: list[str], problems: list[Problem]
) -> bool:
    if header == names:
        return True
    found = header or []
    position = next(
        (i for i, (a, b) in enumerate(zip(found, names, strict=False)) if a != b),
        min(len(found), len(names)),
    )
    expected = names[position] if position < len(names) else None
    actual = found[position] if position < len(found) else None
    problems.append(
        problem(
            "header-mismatch",
            path,
            f"header column {position + 1} is {actual!r} but datapackage.json expects "
            f"{expected!r}; the header must be exactly: {','.join(names)}",
            row=1,
            column=expected or actual,
        )
    )
    return False


def _typed(
    fields: tuple[Field, ...], record: list[str], missing: frozenset[str]
) -> dict[str, Value]:
    """Map cells to fields; omit missing values; convert integers and lists.

    A cell that does not parse as its type is kept as a string, so the row schema reports it
    instead of the loader guessing.
    """
    values: dict[str, Value] = {}
    for position, field_ in enumerate(fields):
        cell = record[position] if position < len(record) else ""
        if cell in missing:
            continue
        if field_.type == "integer" and INTEGER.fullmatch(cell):
            values[field_.name] = int(cell)
        elif field_.type == "list":
            values[field_.name] = tuple(cell.split(field_.delimiter))
        else:
            values[field_.name] = cell
    return values
