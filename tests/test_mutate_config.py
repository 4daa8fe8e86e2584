"""`make mutate`'s configuration stays true to the tree: it is run rarely, so rot would hide."""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Iterator

import pytest
from helpers import (
    MUTMUT_CONFIG,
    REPO,
    caches_cleared_under_mutmut,
    clear_caches,
    mutated_modules,
)


def _pins(name: str) -> dict[str, str]:
    lines = (REPO / name).read_text(encoding="utf-8").splitlines()
    pins = dict(line.split("==", 1) for line in lines if line and not line.startswith("#"))
    return {re.sub(r"[-_.]+", "-", package).lower(): version for package, version in pins.items()}


def test_every_file_that_mutmut_copies_exists() -> None:
    missing = [path for path in MUTMUT_CONFIG["also_copy"] if not (REPO / path).exists()]
    assert not missing, f"pyproject.toml [tool.mutmut] also_copy names missing paths: {missing}"


def test_every_pattern_to_mutate_matches_python_files() -> None:
    for pattern in MUTMUT_CONFIG["only_mutate"]:
        glob = pattern if pattern.endswith(".py") else pattern.removesuffix("*") + "*.py"
        assert list(REPO.glob(glob)), f"{pattern} matches no module"


def test_the_mutated_modules_are_importable_names() -> None:
    """The caches emptied under mutmut are found by these names: a wrong one empties nothing."""
    names = mutated_modules()
    assert "security_diplomacy.formatter" in names and "security_diplomacy.checks" in names
    for name in names:
        assert importlib.util.find_spec(name) is not None, f"{name} names no module"


def test_the_mutation_tools_are_pinned_apart_from_the_project() -> None:
    mutate, project = _pins("requirements-mutate.lock"), _pins("requirements.lock")
    assert "mutmut" in mutate
    assert all(re.fullmatch(r"\d+(\.\d+)*", version) for version in mutate.values()), mutate
    assert not mutate.keys() & project.keys(), "a package pinned twice may be pinned two ways"


def test_under_mutmut_each_test_starts_with_the_mutated_modules_caches_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from security_diplomacy import formats
    from security_diplomacy.evidence import dates

    monkeypatch.delenv("MUTANT_UNDER_TEST", raising=False)
    dates.expressions("On January 10, 2022")
    formats.format_checker()
    assert caches_cleared_under_mutmut() == []
    assert dates.expressions.cache_info().currsize > 0  # kept outside mutmut
    monkeypatch.setenv("MUTANT_UNDER_TEST", "stats")
    cleared = caches_cleared_under_mutmut()
    assert "security_diplomacy.evidence.dates.expressions" in cleared
    assert dates.expressions.cache_info().currsize == 0
    assert formats.format_checker.cache_info().currsize == 1  # not mutated: kept


def test_every_module_level_cache_is_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that is missed would hide the mutants of the code behind it."""
    declared = _declared_caches()
    assert declared, "no cached function found: the scan below no longer reads the code"
    assert declared <= set(clear_caches())
    mutated = {name for name in declared if name.startswith(mutated_modules())}
    assert mutated, "no cache in the mutated modules: the prefixes no longer name them"
    monkeypatch.setenv("MUTANT_UNDER_TEST", "stats")
    assert mutated <= set(caches_cleared_under_mutmut())


def _declared_caches() -> set[str]:
    declared = set()
    for path in sorted((REPO / "src" / "security_diplomacy").rglob("*.py")):
        parts = path.relative_to(REPO / "src").with_suffix("").parts
        module = ".".join(parts).removesuffix(".__init__")  # a package's names are its own
        importlib.import_module(module)
        declared |= {f"{module}.{name}" for name in _cached_names(ast.parse(path.read_text()))}
    return declared


def _cached_names(tree: ast.Module) -> Iterator[str]:
    """Module-level functions wrapped by functools.cache or lru_cache, decorated or assigned."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            if any("cache" in ast.unparse(d) for d in node.decorator_list):
                yield node.name
        elif isinstance(node, ast.Assign) and "cache" in ast.unparse(node.value):
            yield from (t.id for t in node.targets if isinstance(t, ast.Name))
