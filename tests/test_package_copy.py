"""The package copy that the tests and the fuzzer break: links stay links, nothing is added."""

from __future__ import annotations

from pathlib import Path

from security_diplomacy.model import PACKAGE_FILES
from security_diplomacy.package_copy import copy_package


def test_a_copy_keeps_symlinks_as_links_and_skips_what_is_missing(
    pristine: Path, tmp_path: Path
) -> None:
    broken = copy_package(pristine, tmp_path / "broken")
    (broken / "README.md").unlink()
    outside = tmp_path / "outside.txt"
    outside.write_text("not in the package\n")
    source = next((broken / "sources").glob("*.txt"))
    source.unlink()
    source.symlink_to(outside)  # a source that leaves the package
    descriptor = tmp_path / "descriptor.json"
    (broken / "datapackage.json").rename(descriptor)
    (broken / "datapackage.json").symlink_to(descriptor)  # a link at the top of the package
    (tmp_path / "stale").mkdir()
    (tmp_path / "stale" / "stray.csv").write_text("x\n")

    copy = copy_package(broken, tmp_path / "stale")

    assert sorted(p.name for p in copy.iterdir()) == sorted(set(PACKAGE_FILES) - {"README.md"})
    copied = copy / "sources" / source.name
    assert copied.is_symlink() and copied.readlink() == outside
    top = copy / "datapackage.json"
    assert top.is_symlink() and top.readlink() == descriptor
    assert (copy / "data").is_dir() and not (copy / "data").is_symlink()
    assert sorted((copy / "data").iterdir()) == sorted(
        copy / "data" / p.name for p in (pristine / "data").iterdir()
    )
