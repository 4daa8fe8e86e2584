"""Fixtures: a fresh copy of the real package for every test that breaks something.

Also the Hypothesis policy of the whole suite: derandomized, with no example database, so that
every run, here or in CI, tries the same examples and a failure always reproduces.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import PACKAGE, caches_cleared_under_mutmut, clear_caches
from hypothesis import settings

from security_diplomacy.metadata import write_derived
from security_diplomacy.package_copy import copy_package

settings.register_profile("pinned", derandomize=True, database=None)
settings.load_profile("pinned")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Every run starts with the package's caches empty, even when forked from a warm process."""
    clear_caches()


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutmut() -> None:
    """Under mutmut, each test starts with the mutated modules' caches empty (see helpers)."""
    caches_cleared_under_mutmut()


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


@pytest.fixture(scope="session")
def site(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static site, built once from a copy of the package (with its CITATION.cff)."""
    from helpers import REPO

    from security_diplomacy.site.render import build_site

    root = copy_package(pristine, tmp_path_factory.mktemp("site-package"))
    shutil.copy2(REPO / "CITATION.cff", root / "CITATION.cff")
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(root, out)
    return out
