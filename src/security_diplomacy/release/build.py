"""Build ``dist/``: the zip, the SQLite file, Parquet files, Datasette metadata, SHA256SUMS.

Refuses to build a package that does not validate, whose versions disagree, or that has changed
since its stated version (CHANGELOG.md lists unreleased changes): a release is a promise that
its bytes were checked, and that its version names those bytes alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from ..checks import run_checks
from ..package import load
from .archive import write_zip
from .datasette import datasette_metadata
from .parquet import write_parquet
from .sqlite import write_sqlite
from .versions import unreleased_problems, version_problems


class ReleaseRefused(Exception):
    """The package is not fit to release; the message says why."""


def release_name(root: Path) -> str:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return f"{descriptor['name']}-{descriptor['version']}"


def build(root: Path, dist: Path) -> list[Path]:
    """Write every release file into a fresh ``dist``; return them, SHA256SUMS last."""
    pkg = load(root)
    problems = [str(p) for p in run_checks(pkg)] + version_problems(root)
    problems += unreleased_problems(root)
    if problems:
        raise ReleaseRefused("\n".join(problems))
    name = release_name(root)
    if dist.exists():
        shutil.rmtree(dist)
    dist.mkdir(parents=True)
    write_zip(root, dist / f"{name}.zip", top=name)
    write_sqlite(pkg, dist / f"{name}.sqlite")
    write_parquet(pkg, dist / "parquet")
    metadata = datasette_metadata(pkg, database=name)
    (dist / "datasette-metadata.json").write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    files = sorted(p for p in dist.rglob("*") if p.is_file())
    sums = dist / "SHA256SUMS"
    sums.write_text(
        "".join(f"{_sha256(p)}  {p.relative_to(dist).as_posix()}\n" for p in files),
        encoding="utf-8",
    )
    return [*files, sums]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
