"""Fixtures: a fresh copy of the real package for every test that breaks something."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PACKAGE, copy_package

from security_diplomacy.metadata import write_derived


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package, copied once, with derived files and stamps rebuilt.

    Rebuilding the copy's derived files means a test that breaks one thing sees that problem
    even while the real package is being edited (stale stamps would otherwise add noise).
    Whether the real package itself is up to date is tested separately.
    """
    root = copy_package(PACKAGE, tmp_path_factory.mktemp("pristine"))
    write_derived(root)
    return root


@pytest.fixture
def pkg_dir(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the pristine package that a test may break."""
    return copy_package(pristine, tmp_path / "package")
