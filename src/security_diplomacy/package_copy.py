"""A copy of a package's files, symlinks kept as symlinks: what the fuzzer and the tests break.

A symlink is copied as a link, not followed, so that a copy of a package with a hostile link
has the same hostile link (the validator must report it, not the copy hide it).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from .model import PACKAGE_FILES


def copy_package(source: Path, target: Path, names: Sequence[str] = PACKAGE_FILES) -> Path:
    """The files ``names`` of ``source`` (by default, all the validator reads) in a new ``target``.

    ``target`` is emptied first; a name that ``source`` lacks is skipped, so a package with a
    file deleted copies as it is.
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in names:
        path = source / name
        if path.is_dir() and not path.is_symlink():
            shutil.copytree(path, target / name, symlinks=True)
        elif path.exists() or path.is_symlink():
            shutil.copy2(path, target / name, follow_symlinks=False)
    return target
