"""Path safety: a path named in the metadata must not lead outside the package."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath


def lexically_inside(rel: str) -> bool:
    """A relative POSIX path with no ``..`` segment: it cannot name a file outside its base."""
    if not rel or "\\" in rel or PureWindowsPath(rel).drive:
        return False
    path = PurePosixPath(rel)
    return not path.is_absolute() and ".." not in path.parts


def resolves_inside(path: Path, base: Path) -> bool:
    """True when ``path`` (symlinks followed) stays within ``base``."""
    try:
        return path.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):  # a NUL byte (ValueError) is for the caller to report
        return False
