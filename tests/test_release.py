"""Releases: one version everywhere, a valid CITATION.cff, reproducible dist/, a faithful diff."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers import REPO, append_row, drop_rows, edit_descriptor, first_row, read_csv, set_cell

from security_diplomacy.checks import run_checks
from security_diplomacy.package import load
from security_diplomacy.package_copy import copy_package
from security_diplomacy.release.build import ReleaseRefused, build, release_name
from security_diplomacy.release.citation import citation_problems, read_citation_file
from security_diplomacy.release.diff import diff
from security_diplomacy.release.versions import (
    stated_versions,
    unreleased_problems,
    version_problems,
)

RELEASE_FILES = ("LICENSE", "CITATION.cff", "CHANGELOG.md", "pyproject.toml")


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory, pristine: Path) -> Path:
    """The pristine package plus the files a release needs, as if its version were just cut.

    The repository's changelog may list changes not yet released, which a release refuses
    (see the test below); the copy's [Unreleased] section is emptied, as releasing would.
    """
    root = copy_package(pristine, tmp_path_factory.mktemp("repo"))
    for name in RELEASE_FILES:
        shutil.copy2(REPO / name, root / name)
    _set_unreleased(root, "")
    return root


def _set_unreleased(root: Path, body: str) -> None:
    """Give CHANGELOG.md's [Unreleased] section this body (its sub-headings and entries)."""
    path = root / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("## [Unreleased]\n") + len("## [Unreleased]\n")
    end = text.index("\n## [", start) + 1
    path.write_text(f"{text[:start]}\n{body}{text[end:]}", encoding="utf-8")


@pytest.fixture(scope="module")
def dist(repo_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dist")
    build(repo_copy, target)
    return target


def test_one_version_everywhere() -> None:
    versions = stated_versions(REPO)
    assert len(set(versions.values())) == 1, versions
    assert version_problems(REPO) == []


def test_a_differing_version_is_caught(repo_copy: Path, tmp_path: Path) -> None:
    root = _release_copy(repo_copy, tmp_path / "package")
    cff = root / "CITATION.cff"
    cff.write_text(cff.read_text(encoding="utf-8").replace('version: "0.1.0"', 'version: "0.2.0"'))
    assert any("versions differ" in problem for problem in version_problems(root))


def _release_copy(repo_copy: Path, target: Path) -> Path:
    root = copy_package(repo_copy, target)
    for name in RELEASE_FILES:
        shutil.copy2(repo_copy / name, root / name)
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_release_date_that_differs_from_the_changelog_is_caught(
    repo_copy: Path, tmp_path: Path
) -> None:
    root = _release_copy(repo_copy, tmp_path / "package")
    released = str(read_citation_file(root)["date-released"])
    _replace(root / "CITATION.cff", f'date-released: "{released}"', 'date-released: "1999-01-01"')
    assert any("date-released 1999-01-01 differs" in p for p in version_problems(root))


def test_a_version_that_is_not_semver_is_caught(repo_copy: Path, tmp_path: Path) -> None:
    root = _release_copy(repo_copy, tmp_path / "package")
    version = stated_versions(root)["datapackage.json"]
    for name, old, new in [
        ("datapackage.json", f'"version": "{version}"', '"version": "1.0"'),
        ("CITATION.cff", f'version: "{version}"', 'version: "1.0"'),
        ("pyproject.toml", f'version = "{version}"', 'version = "1.0"'),
        ("CHANGELOG.md", f"## [{version}] - ", "## [1.0] - "),
    ]:
        _replace(root / name, old, new)
    assert set(stated_versions(root).values()) == {"1.0"}
    assert version_problems(root) == ["'1.0' is not semver X.Y.Z"]


def test_a_file_that_states_no_version_is_caught(repo_copy: Path, tmp_path: Path) -> None:
    root = _release_copy(repo_copy, tmp_path / "package")
    edit_descriptor(root, lambda descriptor: descriptor.pop("version"))
    assert "datapackage.json states no version" in version_problems(root)


def test_changes_since_the_stated_version_are_not_released_under_it(
    repo_copy: Path, tmp_path: Path
) -> None:
    root = _release_copy(repo_copy, tmp_path / "package")
    _set_unreleased(root, "### Data\n\n")  # empty sub-headings list no change
    assert unreleased_problems(root) == []
    _set_unreleased(root, "### Data\n- `statements`: one more row.\n\n")
    with pytest.raises(ReleaseRefused, match=r"lists changes under \[Unreleased\]"):
        build(root, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


def test_citation_file_follows_cff_1_2_0() -> None:
    assert citation_problems(REPO / "CITATION.cff") == []


def test_a_broken_citation_file_is_caught(tmp_path: Path) -> None:
    text = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    broken = tmp_path / "CITATION.cff"
    broken.write_text(text.replace("type: dataset", "type: novel"), encoding="utf-8")
    assert any(problem.startswith("type:") for problem in citation_problems(broken))


def test_release_is_reproducible(repo_copy: Path, dist: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(repo_copy, again)
    assert (dist / "SHA256SUMS").read_bytes() == (again / "SHA256SUMS").read_bytes()
    for line in (dist / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name


def test_unpacked_zip_validates_and_exports_match_the_csvs(
    repo_copy: Path, dist: Path, tmp_path: Path
) -> None:
    name = release_name(repo_copy)
    with zipfile.ZipFile(dist / f"{name}.zip") as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / name
    assert run_checks(load(unpacked)) == []
    csv_rows = {table.name: len(table.rows) for table in load(unpacked).tables.values()}
    connection = sqlite3.connect(dist / f"{name}.sqlite")
    for table, count in csv_rows.items():
        assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count
        assert pq.read_metadata(dist / "parquet" / f"{table}.parquet").num_rows == count
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_exports_keep_types_and_keys(repo_copy: Path, dist: Path) -> None:
    name = release_name(repo_copy)
    connection = sqlite3.connect(dist / f"{name}.sqlite")
    columns = {row[1]: row for row in connection.execute('PRAGMA table_info("citations")')}
    assert columns["line"][2] == "INTEGER" and columns["citation_id"][5] == 1  # pk
    keys = connection.execute('PRAGMA foreign_key_list("participants")').fetchall()
    assert {key[2] for key in keys} == {"events", "people", "organizations"}
    schema = pq.read_schema(dist / "parquet" / "events.parquet")
    assert str(schema.field("ordinal").type) == "int64"
    assert str(schema.field("aliases").type) == "list<element: string>"
    assert schema.field("name").metadata[b"description"]


def test_datasette_metadata_comes_from_the_descriptor(repo_copy: Path, dist: Path) -> None:
    metadata = json.loads((dist / "datasette-metadata.json").read_text(encoding="utf-8"))
    descriptor = json.loads((repo_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert metadata["title"] == descriptor["title"]
    assert metadata["license"] == descriptor["licenses"][0]["name"]
    tables = metadata["databases"][release_name(repo_copy)]["tables"]
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    assert tables["events"]["description"] == events["description"]
    assert tables["events"]["columns"]["name"] == events["schema"]["fields"][1]["description"]


def test_an_invalid_package_is_not_released(repo_copy: Path, tmp_path: Path) -> None:
    root = _release_copy(repo_copy, tmp_path / "package")
    row = first_row(root, "citations")
    set_cell(root, "citations", row.line, "quote", row.values["quote"] + " (edited)")
    with pytest.raises(ReleaseRefused, match="quote-not-on-line"):
        build(root, tmp_path / "dist")


def test_diff_shows_exactly_one_change_one_addition_one_removal(
    pristine: Path, tmp_path: Path
) -> None:
    old = copy_package(pristine, tmp_path / "old")
    new = copy_package(pristine, tmp_path / "new")
    person = first_row(new, "people")
    set_cell(new, "people", person.line, "name", "Someone Else")
    _, organizations = read_csv(new, "organizations")
    removed = organizations[-1].values["organization_id"]
    drop_rows(new, "organizations", lambda row: row["organization_id"] == removed)
    append_row(
        new, "events", {"event_id": "zz-new-event", "kind": "meeting", "status": "took_place"}
    )

    changes = {table.name: table for table in diff(old, new) if not table.empty}
    assert set(changes) == {"people", "organizations", "events"}
    assert [c.key for c in changes["people"].changed] == [(person.values["person_id"],)]
    assert changes["people"].changed[0].cells == (("name", person.values["name"], "Someone Else"),)
    assert changes["organizations"].removed == [(removed,)]
    assert changes["events"].added == [("zz-new-event",)]
    assert not (changes["people"].added or changes["people"].removed)
    assert not (changes["organizations"].added or changes["organizations"].changed)
    assert not (changes["events"].removed or changes["events"].changed)


def test_diff_reads_release_zips(repo_copy: Path, dist: Path) -> None:
    archive = dist / f"{release_name(repo_copy)}.zip"
    assert all(table.empty for table in diff(archive, repo_copy))


def test_diff_script_prints_text_and_json(pristine: Path, tmp_path: Path) -> None:
    old = copy_package(pristine, tmp_path / "old")
    new = copy_package(pristine, tmp_path / "new")
    person = first_row(new, "people")
    set_cell(new, "people", person.line, "name", "Someone Else")
    script = [sys.executable, str(REPO / "scripts" / "diff.py"), str(old), str(new)]
    text = subprocess.run(script, capture_output=True, text=True, check=True).stdout
    assert "people: 0 added, 0 removed, 1 changed" in text and "'Someone Else'" in text
    document = json.loads(
        subprocess.run([*script, "--json"], capture_output=True, text=True, check=True).stdout
    )
    assert list(document) == ["people"]
    assert document["people"]["changed"][0]["cells"][0]["new"] == "Someone Else"
