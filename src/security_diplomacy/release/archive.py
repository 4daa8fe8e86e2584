"""The release zip: the package's files under one top folder, byte-identical on every build.

Entries are sorted, dated 1980-01-01 (the zip epoch) and given fixed permissions, so the
archive depends on the files' content alone.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# What a user needs to read, validate and cite the data; code and tests stay in the repository.
CONTENTS = (
    "datapackage.json",
    "data",
    "schemas",
    "sources",
    "README.md",
    "LICENSE",
    "CITATION.cff",
    "CHANGELOG.md",
)
_EPOCH = (1980, 1, 1, 0, 0, 0)


def archive_files(root: Path) -> list[Path]:
    """Every file of the release, relative to ``root``, in a fixed order."""
    files: list[Path] = []
    for name in CONTENTS:
        path = root / name
        if path.is_dir():
            files += [p.relative_to(root) for p in path.rglob("*") if p.is_file()]
        elif path.is_file():
            files.append(Path(name))
    return sorted(files, key=lambda p: p.as_posix())


def write_zip(root: Path, path: Path, top: str) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for relative in archive_files(root):
            info = zipfile.ZipInfo(f"{top}/{relative.as_posix()}", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (root / relative).read_bytes())
