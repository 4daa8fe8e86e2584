"""The formatter: canonical, idempotent, lossless, atomic, and refusing what it cannot parse."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from helpers import PACKAGE, REPO, data_path, read_csv, validate, write_csv

from security_diplomacy import formatter
from security_diplomacy.cli import main
from security_diplomacy.formatter import (
    Result,
    describe,
    format_bytes,
    format_package,
    format_table,
)
from security_diplomacy.model import Field, Table
from security_diplomacy.package import load
from security_diplomacy.problems import problem


def _table(root: Path, name: str) -> Table:
    return load(root).tables[name]


def _rewrite(
    root: Path, name: str, *, quoting: Literal[0, 1, 2, 3], line_end: str, reverse: bool
) -> bytes:
    """The same records in another valid spelling: quoting style, line ends, row order."""
    header, rows = read_csv(root, name)
    records = [[row.values[column] for column in header] for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(reversed(records) if reverse else records)
    return buffer.getvalue().encode("utf-8")


def _scrambled_people(root: Path) -> Path:
    """people.csv rewritten valid but not canonical (all quoted, rows reversed): work to do."""
    path = data_path(root, "people")
    path.write_bytes(_rewrite(root, "people", quoting=csv.QUOTE_ALL, line_end="\n", reverse=True))
    return path


def test_committed_data_is_canonical() -> None:
    stoppers, results = format_package(PACKAGE, write=False)
    assert not stoppers
    assert results, "no data file was checked"
    for result in results:
        assert not result.refused, [str(p) for p in result.problems]
        assert not result.changed, f"{result.path}: {result.reasons}; run scripts/format.py"


def test_script_check_passes_on_the_repository() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "format.py"), str(PACKAGE), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "already canonical" in run.stdout


@pytest.mark.parametrize("name", ["citations", "statements", "sources", "skipped_lines"])
def test_real_table_round_trip(pristine: Path, name: str) -> None:
    """Quoted everywhere, CRLF, reversed and with a BOM: formatting gives back the exact bytes."""
    original = data_path(pristine, name).read_bytes()
    table = _table(pristine, name)
    spelled = b"\xef\xbb\xbf" + _rewrite(
        pristine, name, quoting=csv.QUOTE_ALL, line_end="\r\n", reverse=True
    )
    result = format_bytes(table, spelled)
    assert result.canonical == original
    assert set(result.reasons) >= {"byte order mark", "CRLF line ends"}
    assert format_bytes(table, original).canonical == original, "canonical input is unchanged"


def test_format_fixes_a_copy_that_validation_then_accepts(pkg_dir: Path) -> None:
    original = data_path(pkg_dir, "people").read_bytes()
    data_path(pkg_dir, "people").write_bytes(
        _rewrite(pkg_dir, "people", quoting=csv.QUOTE_NONNUMERIC, line_end="\n", reverse=True)
    )
    assert main(["format", "--check", str(pkg_dir)]) == 1
    assert main(["format", str(pkg_dir)]) == 0
    assert data_path(pkg_dir, "people").read_bytes() == original
    assert main(["format", "--check", str(pkg_dir)]) == 0
    assert not validate(pkg_dir)


def test_columns_are_put_in_schema_order(pkg_dir: Path) -> None:
    original = data_path(pkg_dir, "people").read_bytes()
    header, rows = read_csv(pkg_dir, "people")
    moved = [*header[1:], header[0]]
    write_csv(pkg_dir, "people", moved, [row.values for row in rows])
    result = format_bytes(_table(pkg_dir, "people"), data_path(pkg_dir, "people").read_bytes())
    assert result.canonical == original
    assert result.reasons == ("columns not in schema order",)


def test_cells_keep_every_character(pkg_dir: Path) -> None:
    """Spaces at either end, quotes, commas, line breaks, CR and non-Latin text survive."""
    header, rows = read_csv(pkg_dir, "people")
    cells = [" lead", "trail ", ' "a", ', "two\nlines", "cr\ronly", "Ӯзбекистон 中文 ﷺ 🙂", "\t"]
    records = [
        [dict(row.values, aliases=cell)[column] for column in header]
        for row, cell in zip(rows, cells, strict=False)
    ]
    buffer = io.StringIO()  # quoted everywhere: the csv writer leaves a lone CR unquoted
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *records])
    table = _table(pkg_dir, "people")
    result = format_bytes(table, buffer.getvalue().encode("utf-8"))
    assert result.canonical is not None
    back = csv.reader(io.StringIO(result.canonical.decode("utf-8"), newline=""))
    assert [record[2] for record in list(back)[1 : len(cells) + 1]] == cells
    assert format_bytes(table, result.canonical).canonical == result.canonical, "idempotent"


def test_blank_lines_and_missing_final_line_end(pkg_dir: Path) -> None:
    path = data_path(pkg_dir, "people")
    original = path.read_bytes()
    lines = original.rstrip(b"\n").split(b"\n")
    spelled = b"\n".join([lines[0], b"", *lines[1:3], b"", *lines[3:]])
    result = format_bytes(_table(pkg_dir, "people"), spelled)
    assert result.canonical == original
    assert set(result.reasons) == {"blank lines", "no line end after the last record"}


# Damage to people.csv that the formatter cannot undo, and the problem it then reports.
DAMAGES = pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda lines: lines.insert(2, b'x,"never closed'), "csv-syntax"),
        (lambda lines: lines.__setitem__(1, lines[1] + b",extra"), "extra-cell"),
        (lambda lines: lines.__setitem__(1, lines[1] + b"\xff"), "csv-encoding"),
        (lambda lines: lines.__setitem__(0, b"person_id,name,aliases"), "header-mismatch"),
    ],
    ids=["unterminated-quote", "ragged-row", "invalid-utf8", "header"],
)


@DAMAGES
def test_refuses_a_file_it_cannot_parse(
    pkg_dir: Path, capsys: pytest.CaptureFixture[str], damage: object, code: str
) -> None:
    path = data_path(pkg_dir, "people")
    lines = path.read_bytes().split(b"\n")
    damage(lines)  # type: ignore[operator]
    path.write_bytes(b"\n".join(lines))
    broken = path.read_bytes()
    assert main(["format", str(pkg_dir)]) == 1
    assert path.read_bytes() == broken, "a refused file is left alone"
    out = capsys.readouterr().out
    assert f"[{code}]" in out
    assert "data/people.csv: not formatted" in out


@DAMAGES
def test_a_refused_file_keeps_its_bytes_and_has_no_canonical_form(
    pkg_dir: Path, damage: object, code: str
) -> None:
    lines = data_path(pkg_dir, "people").read_bytes().split(b"\n")
    damage(lines)  # type: ignore[operator]
    raw = b"\n".join(lines)
    result = format_bytes(_table(pkg_dir, "people"), raw)
    assert result.path == "data/people.csv" and result.current == raw
    assert result.refused and not result.changed
    assert code in [p.code for p in result.problems]


def test_an_empty_file_is_left_to_the_validator(pkg_dir: Path) -> None:
    result = format_bytes(_table(pkg_dir, "people"), b"")
    assert result == formatter.Result("data/people.csv", b"", b"")
    assert not result.refused and not result.changed


def test_an_interrupted_write_leaves_the_old_file_whole(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _scrambled_people(pkg_dir)
    before = sorted(p.name for p in path.parent.iterdir())
    old = path.read_bytes()

    def power_cut(_fd: int) -> None:
        raise OSError("simulated power cut while writing")

    monkeypatch.setattr(formatter.os, "fsync", power_cut)
    with pytest.raises(OSError, match="power cut"):
        format_package(pkg_dir, write=True)
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == before, "no temporary file is left"


def test_write_keeps_the_file_mode(pkg_dir: Path) -> None:
    path = data_path(pkg_dir, "people")
    path.chmod(0o640)
    formatter.write_atomically(path, b"new bytes\n")
    assert path.read_bytes() == b"new bytes\n"
    assert path.stat().st_mode & 0o777 == 0o640, "not the private mode of a temporary file"


def _two_column_table() -> Table:
    fields = (Field("id", "string", {"name": "id"}), Field("text", "string", {"name": "text"}))
    return Table(
        name="t",
        path="data/t.csv",
        descriptor={"schema": {"primaryKey": ["id"]}},
        fields=fields,
    )


def test_generated_table_with_a_cr_in_a_cell_is_quoted() -> None:
    """The csv module's writer would leave a lone CR unquoted and a reader would split there."""
    result = format_bytes(_two_column_table(), b'id,text\nb,"x\ry"\na,""\n')
    assert result.canonical == b'id,text\na,\nb,"x\ry"\n'


def _drop_a_byte(text: str) -> str:
    header, first, rest = text.split("\n", 2)
    return f"{header}\n{first[:-1]}\n{rest}"


def _open_a_quote(text: str) -> str:
    """A quote that nothing closes: the output does not parse at all."""
    return text + '"'


@pytest.mark.parametrize("damage", [_drop_a_byte, _open_a_quote])
def test_a_rendering_that_would_lose_a_cell_is_refused(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[str], str]
) -> None:
    """The read-back check, the last guard: a renderer that drops a byte, or writes what does
    not parse, writes nothing."""
    path = _scrambled_people(pkg_dir)
    old = path.read_bytes()
    real = formatter.render

    def lossy(table: Table, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
        return damage(real(table, header, rows))

    monkeypatch.setattr(formatter, "render", lossy)
    _, results = format_package(pkg_dir, write=True)
    (people,) = (r for r in results if r.path == "data/people.csv")
    assert people.refused
    assert people.problems == (
        problem(
            "format-not-lossless",
            "data/people.csv",
            "the canonical form of this file would not read back cell for cell, so nothing was "
            "written; please report this bug with the file",
        ),
    )
    assert people.current == old, "the result keeps the file's bytes"
    assert path.read_bytes() == old


def test_writing_leaves_a_canonical_file_alone(pkg_dir: Path) -> None:
    """Only a changed file is written: the others keep their inode, as if never opened."""
    _scrambled_people(pkg_dir)
    before = {p.name: p.stat().st_ino for p in (pkg_dir / "data").glob("*.csv")}
    _, results = format_package(pkg_dir, write=True)
    after = {p.name: p.stat().st_ino for p in (pkg_dir / "data").glob("*.csv")}
    changed = {Path(r.path).name for r in results if r.changed}
    assert changed == {"people.csv"}
    assert {name for name in before if before[name] != after[name]} == changed


def test_a_cr_inside_a_cell_is_no_crlf_line_end() -> None:
    """Only the quoting differs: the CR that the cell keeps is not counted as a line end."""
    result = format_bytes(_two_column_table(), b'"id","text"\n"a","x\ry"\n')
    assert result.canonical == b'id,text\na,"x\ry"\n'
    assert result.reasons == ("quoting",)


def test_a_descriptor_without_tables_stops_formatting(pkg_dir: Path) -> None:
    (pkg_dir / "datapackage.json").write_text('{"name": "x", "resources": []}\n')
    stoppers, results = format_package(pkg_dir, write=True)
    assert stoppers == [
        problem("descriptor-invalid", "datapackage.json", "datapackage.json lists no table")
    ]
    assert results == []


def test_an_unreadable_descriptor_stops_formatting_with_its_own_problem(pkg_dir: Path) -> None:
    (pkg_dir / "datapackage.json").write_text("{not json\n")
    stoppers, results = format_package(pkg_dir, write=True)
    assert stoppers == list(load(pkg_dir).problems) and stoppers, "the loader's own words"
    assert "lists no table" not in str(stoppers)
    assert results == []


def test_a_missing_data_file_is_refused_with_its_problem(pkg_dir: Path) -> None:
    table = _table(pkg_dir, "people")
    data_path(pkg_dir, "people").unlink()
    result = format_table(pkg_dir, table)
    assert result.path == "data/people.csv" and result.refused
    assert [p.code for p in result.problems] == ["file-missing"]


def test_the_temporary_file_is_a_hidden_sibling_of_the_data_file(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the file, so the rename stays on one file system; hidden and suffixed, so that
    neither the package nor a curator takes a leftover for data."""
    path = data_path(pkg_dir, "people")
    renamed: list[Path] = []
    real = Path.replace

    def spy(self: Path, target: Path) -> Path:
        renamed.append(self)
        return real(self, target)

    monkeypatch.setattr(Path, "replace", spy)
    formatter.write_atomically(path, b"new bytes\n")
    [temporary] = renamed
    assert temporary.parent == path.parent
    assert temporary.name.startswith(".people.csv.") and temporary.name.endswith(".tmp")


def test_a_mode_that_cannot_be_copied_does_not_stop_the_write(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_path(pkg_dir, "people")

    def refuse(self: Path, mode: int) -> None:
        raise PermissionError("simulated: chmod not permitted here")

    monkeypatch.setattr(Path, "chmod", refuse)
    formatter.write_atomically(path, b"new bytes\n")
    assert path.read_bytes() == b"new bytes\n"


def test_a_failed_rename_raises_its_own_error(
    pkg_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the temporary file is already gone, cleaning up must not hide the real error."""
    path = data_path(pkg_dir, "people")
    old = path.read_bytes()
    lost = OSError("simulated: the rename failed and took the temporary file")

    def vanish(self: Path, target: Path) -> Path:
        self.unlink()
        raise lost

    monkeypatch.setattr(Path, "replace", vanish)
    with pytest.raises(OSError) as raised:
        formatter.write_atomically(path, b"new bytes\n")
    assert raised.value is lost
    assert path.read_bytes() == old


def _results() -> list[Result]:
    broken = problem("csv-syntax", "data/b.csv", "an unterminated quote", row=3)
    return [
        Result("data/a.csv", b"x", b"y", ("quoting", "blank lines")),
        Result("data/b.csv", b"x", None, problems=(broken,)),
        Result("data/c.csv", b"x", b"x"),
    ]


def test_the_report_of_a_write_says_what_was_formatted_and_why() -> None:
    assert list(describe(_results(), write=True)) == [
        "formatted data/a.csv (quoting, blank lines)",
        "data/b.csv:3: an unterminated quote [csv-syntax]",
        "data/b.csv: not formatted: fix the problem(s) above by hand first",
        "3 data files: 1 reformatted, 1 not formattable, 1 already canonical",
    ]


def test_the_report_of_a_check_says_what_to_run() -> None:
    assert list(describe(_results(), write=False)) == [
        "data/a.csv: not in canonical form (quoting, blank lines); run `python scripts/format.py`",
        "data/b.csv:3: an unterminated quote [csv-syntax]",
        "data/b.csv: not formatted: fix the problem(s) above by hand first",
        "3 data files: 1 to reformat, 1 not formattable, 1 already canonical",
    ]
