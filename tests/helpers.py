"""Helpers that copy the package and break one thing in it.

They locate rows through the CSV module (not through the code under test) and pick rows
generically (the first row of a table, or the first matching a predicate), so the tests do not
depend on particular data.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from security_diplomacy.checks import run_checks
from security_diplomacy.model import Field, Table
from security_diplomacy.package import load
from security_diplomacy.problems import Problem
from security_diplomacy.standard import profiles
from security_diplomacy.standard.schema import FieldRule, compile_fields

REPO = Path(__file__).resolve().parents[1]
# mutmut's settings, read once: the tests of its configuration and the cache clearing share them.
MUTMUT_CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "mutmut"
]
# The package under test: the repository itself, or another copy of it (to test the code
# against a work-in-progress copy of the data without touching the repository).
PACKAGE = Path(os.environ.get("SECURITY_DIPLOMACY_PACKAGE", REPO)).resolve()


def load_script(name: str) -> ModuleType:
    """The module of ``scripts/<name>.py``, which is a script, not part of the package.

    Its directory goes on the import path, as when the script runs, for its ``_bootstrap``.
    """
    if str(REPO / "scripts") not in sys.path:
        sys.path.append(str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class CsvRow:
    line: int  # physical line where the record starts; header = 1
    values: dict[str, str]


def data_path(root: Path, table: str) -> Path:
    return root / "data" / f"{table}.csv"


def read_csv(root: Path, table: str) -> tuple[list[str], list[CsvRow]]:
    text = data_path(root, table).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows, previous = [], reader.line_num
    for record in reader:
        if record:
            rows.append(CsvRow(previous + 1, dict(zip(header, record, strict=False))))
        previous = reader.line_num
    return header, rows


def write_csv(root: Path, table: str, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(name, "") for name in header] for row in rows)
    data_path(root, table).write_text(buffer.getvalue(), encoding="utf-8", newline="")


def first_row(
    root: Path, table: str, where: Callable[[dict[str, str]], bool] = lambda row: True
) -> CsvRow:
    for row in read_csv(root, table)[1]:
        if where(row.values):
            return row
    pytest.fail(f"no row of {table} fits this test: the test cannot show its check")


def set_cell(root: Path, table: str, line: int, column: str, value: str) -> int:
    """Set one cell of the row starting at ``line``; return the row's (new) line."""
    header, rows = read_csv(root, table)
    values = [dict(row.values, **({column: value} if row.line == line else {})) for row in rows]
    write_csv(root, table, header, values)
    index = next(i for i, row in enumerate(rows) if row.line == line)
    return read_csv(root, table)[1][index].line


def drop_rows(root: Path, table: str, where: Callable[[dict[str, str]], bool]) -> None:
    header, rows = read_csv(root, table)
    write_csv(root, table, header, [row.values for row in rows if not where(row.values)])


def append_row(root: Path, table: str, values: dict[str, str]) -> int:
    header, rows = read_csv(root, table)
    write_csv(root, table, header, [*(row.values for row in rows), values])
    return read_csv(root, table)[1][-1].line


def edit_descriptor(root: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def schema_field(descriptor: dict[str, Any], table: str, name: str) -> dict[str, Any]:
    """The descriptor of field ``name`` of resource ``table``."""
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


def source_lines(root: Path, source_id: str) -> list[str]:
    return (root / "sources" / f"{source_id}.txt").read_bytes().decode("utf-8").split("\n")


def one_field_table(descriptor: dict[str, Any]) -> Table:
    """A table `t` of one field, `a`, of ``descriptor`` (which gives at least its type)."""
    field = Field(name="a", type=descriptor["type"], descriptor={"name": "a", **descriptor})
    return Table(name="t", path="t.csv", descriptor={"name": "t"}, fields=(field,))


def compiled_field(descriptor: dict[str, Any]) -> tuple[Table, FieldRule | None]:
    """A one-field table of ``descriptor`` (named `a`) and the field's rule, by the descriptor
    check's and the tables check's own parts; no rule when either refuses the field."""
    table = one_field_table(descriptor)
    field = table.fields[0]
    if list(profiles.violations("field", field.descriptor, field.type)):
        return table, None
    (rules, reasons) = compile_fields(table)
    return table, None if reasons else rules[0]


def validate(root: Path) -> list[Problem]:
    return run_checks(load(root))


def matching(
    problems: Iterable[Problem],
    code: str,
    path: str,
    row: object = ...,
    column: object = ...,
) -> list[Problem]:
    """Problems with this code and path, and row/column when given (``...`` = any)."""
    return [
        p
        for p in problems
        if p.code == code
        and p.path == path
        and (row is ... or p.row == row)
        and (column is ... or p.column == column)
    ]


def validated(root: Path) -> list[Problem]:
    """The findings on ``root``, none of them a crashed check (a crash hides findings)."""
    problems = validate(root)
    crashed = [str(p) for p in problems if p.code == "check-crashed"]
    assert not crashed, "\n".join(crashed)
    return problems


def assert_accepted(
    root: Path, path: str, row: int, codes: Iterable[str], column: object = ...
) -> list[Problem]:
    """No problem of these codes at this place, and no check crashed (a crash hides findings)."""
    problems = validated(root)
    unwanted = [str(p) for code in codes for p in matching(problems, code, path, row, column)]
    assert not unwanted, unwanted
    return problems


def assert_problem(
    root: Path,
    code: str,
    path: str,
    row: object = ...,
    column: object = ...,
) -> list[Problem]:
    """Validate ``root`` and assert the expected problem is among the findings, with words."""
    problems = validated(root)
    found = matching(problems, code, path, row, column)
    listing = "\n".join(map(str, problems))
    assert found, f"expected {code} at {path}:{row}:{column}; got:\n{listing}"
    wordless = [p for p in found if not has_words(p.message)]
    assert not wordless, f"a problem must say what is wrong and how to fix it: {wordless}"
    return found


def has_words(message: object) -> bool:
    """Whether a problem's message says something (a string, not blank)."""
    return isinstance(message, str) and bool(message.strip())


def caches_cleared_under_mutmut() -> list[str]:
    """While mutmut runs the tests (it names the mutant in the environment), empty the caches of
    the modules it mutates; the names of those emptied.

    mutmut forks each mutant's test run from one process that has run the suite, and maps each
    function to the tests that call it: a cache kept between tests (``dates.expressions``, say)
    would answer from the unmutated code, or hide a test's call from the map, so the mutants
    behind it would survive. Emptying only these caches keeps the others, such as the JSON Schema
    validators, whose rebuilding in every test doubled the time of test_checks.py (these
    caches alone add 28%). No cache of another module may therefore hold a result of code
    that mutmut mutates.
    """
    return clear_caches(*mutated_modules()) if "MUTANT_UNDER_TEST" in os.environ else []


def mutated_modules() -> tuple[str, ...]:
    """The packages and modules that mutmut mutates, from ``[tool.mutmut] only_mutate`` in
    pyproject.toml (a folder's glob or a module's file)."""
    globs = MUTMUT_CONFIG["only_mutate"]
    names = (g.removeprefix("src/").removesuffix("/*").removesuffix(".py") for g in globs)
    return tuple(name.replace("/", ".") for name in names)


def clear_caches(*modules: str) -> list[str]:
    """Empty the module-level function caches of ``modules`` and their submodules (default: the
    whole package); the names of those emptied."""
    wanted = modules or ("security_diplomacy",)
    cleared = []
    for name, module in list(sys.modules.items()):
        if not any(name == m or name.startswith(f"{m}.") for m in wanted):
            continue
        for attribute, value in vars(module).items():
            # A cache is emptied where it is defined, not where another module imports it.
            defined_here = getattr(value, "__module__", None) == name
            if defined_here and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
                cleared.append(f"{name}.{attribute}")
    return cleared
