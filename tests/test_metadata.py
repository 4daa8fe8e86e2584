"""Writing derived files and checking them are two sides of one computation."""

from __future__ import annotations

from pathlib import Path

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
