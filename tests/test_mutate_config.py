"""`make mutate`'s configuration stays true to the tree: it is run rarely, so rot would hide."""

from __future__ import annotations

import re
import tomllib

from helpers import REPO

CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]


def _pins(name: str) -> dict[str, str]:
    lines = (REPO / name).read_text(encoding="utf-8").splitlines()
    pins = dict(line.split("==", 1) for line in lines if line and not line.startswith("#"))
    return {re.sub(r"[-_.]+", "-", package).lower(): version for package, version in pins.items()}


def test_every_file_that_mutmut_copies_exists() -> None:
    missing = [path for path in CONFIG["also_copy"] if not (REPO / path).exists()]
    assert not missing, f"pyproject.toml [tool.mutmut] also_copy names missing paths: {missing}"


def test_every_pattern_to_mutate_matches_python_files() -> None:
    for pattern in CONFIG["only_mutate"]:
        assert list(REPO.glob(pattern.removesuffix("*") + "*.py")), f"{pattern} matches no module"


def test_the_mutation_tools_are_pinned_apart_from_the_project() -> None:
    mutate, project = _pins("requirements-mutate.lock"), _pins("requirements.lock")
    assert "mutmut" in mutate
    assert all(re.fullmatch(r"\d+(\.\d+)*", version) for version in mutate.values()), mutate
    assert not mutate.keys() & project.keys(), "a package pinned twice may be pinned two ways"
