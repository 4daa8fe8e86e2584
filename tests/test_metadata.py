"""Writing derived files and checking them are two sides of one computation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import edit_descriptor, resource

from security_diplomacy.metadata import check_derived, first_difference, write_derived


def test_written_files_are_not_stale(pkg_dir: Path) -> None:
    assert check_derived(pkg_dir) == []


def test_write_is_idempotent(pkg_dir: Path) -> None:
    assert write_derived(pkg_dir) == []


def test_write_restores_a_deleted_schema(pkg_dir: Path) -> None:
    (pkg_dir / "schemas" / "people.schema.json").unlink()
    assert write_derived(pkg_dir) == ["schemas/people.schema.json"]
    assert check_derived(pkg_dir) == []


def test_write_removes_orphan_schema(pkg_dir: Path) -> None:
    orphan = pkg_dir / "schemas" / "gone.schema.json"
    orphan.write_text("{}\n", encoding="utf-8")
    assert [p.path for p in check_derived(pkg_dir)] == ["schemas/gone.schema.json"]
    write_derived(pkg_dir)
    assert not orphan.exists()


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: resource(d, "people")["schema"].update(fields={}),
        lambda d: d.update(resources={r["name"]: r for r in d["resources"]}),
    ],
    ids=["resource-unloadable", "resources-not-a-list"],
)
def test_a_broken_descriptor_orphans_no_schema(
    pkg_dir: Path, edit: Callable[[dict[str, Any]], None]
) -> None:
    """A resource too broken to load is still declared, and resources that are not a list
    declare nothing knowable: `make metadata` deletes no schema over either."""
    edit_descriptor(pkg_dir, edit)
    schemas = sorted((pkg_dir / "schemas").glob("*.schema.json"))
    write_derived(pkg_dir)
    assert sorted((pkg_dir / "schemas").glob("*.schema.json")) == schemas
    assert (pkg_dir / "schemas" / "people.schema.json") in schemas


def test_readme_without_markers_gets_them_appended(pkg_dir: Path) -> None:
    (pkg_dir / "README.md").write_text("# Title\n\nHand-written.\n", encoding="utf-8")
    assert [p.path for p in check_derived(pkg_dir)] == ["README.md"]
    write_derived(pkg_dir)
    text = (pkg_dir / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nHand-written.\n")
    assert "<!-- BEGIN generated: files -->" in text
    assert "<!-- END generated: data-dictionary -->" in text
    assert check_derived(pkg_dir) == []


def test_first_difference_names_the_place() -> None:
    found = {"resources": [{"name": "events", "schema": {"fields": [{"name": "kind"}]}}]}
    expected = {
        "resources": [
            {"name": "events", "schema": {"fields": [{"name": "kind", "constraints": {}}]}}
        ]
    }
    assert first_difference(found, expected) == "resources[events].schema.fields[kind].constraints"
    assert first_difference(expected, expected) is None
