"""Every code the validator and the formatter can emit is documented, and expected by a test."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from helpers import REPO

SRC = REPO / "src" / "security_diplomacy"
DOC = REPO / "docs" / "error-codes.md"
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
# The functions that build a Problem; their string arguments shaped like a code are codes.
BUILDERS = {"problem", "Problem", "_at"}
# Names that hold a code: a keyword or field ``code``, and module constants used as one.
HOLDERS = {"code", "STALE"}


def _strings(node: ast.AST) -> Iterator[str]:
    """String constants of an argument, through ``a if x else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _codes_in(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in BUILDERS:
            for argument in node.args:
                yield from (s for s in _strings(argument) if CODE.fullmatch(s))
        if isinstance(node, ast.keyword) and node.arg in HOLDERS:
            yield from _strings(node.value)
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_name(target) in HOLDERS for target in targets):
                yield from _strings(node.value)


def emitted_codes() -> set[str]:
    """Codes written in the source (the Table Schema layer is native: none comes from a library)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found.update(_codes_in(_without_mutants(ast.parse(path.read_text(encoding="utf-8")))))
    return found


def _without_mutants(tree: ast.Module) -> ast.Module:
    """The module without the altered copies of its functions that `make mutate` (mutmut)
    writes beside the original one (``…__mutmut_1``, ``…__mutmut_2``…): they are not the code.
    """
    return _DropMutants().visit(tree)


class _DropMutants(ast.NodeTransformer):
    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST | None:
        name = node.name
        return None if "__mutmut_" in name and not name.endswith("__mutmut_orig") else node


def documented_codes() -> set[str]:
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", DOC.read_text(encoding="utf-8"), re.M))


def test_the_collector_finds_codes_of_every_kind() -> None:
    codes = emitted_codes()
    # a problem() call, a ternary in the formatter, an Outcome field default and keyword, a
    # module constant, a Finding of the Table Schema layer: if one is missed, the collector is
    # broken
    expected = {"csv-syntax", "extra-cell", "value-unsupported", "weekday-mismatch"}
    assert expected | {"derived-file-stale", "type-error", "formula-like-cell"} <= codes


def test_every_emitted_code_is_documented() -> None:
    missing = sorted(emitted_codes() - documented_codes())
    assert not missing, f"add these codes to {DOC.relative_to(REPO)}: {missing}"


def test_no_documented_code_is_stale() -> None:
    stale = sorted(documented_codes() - emitted_codes())
    assert not stale, f"{DOC.relative_to(REPO)} documents codes nothing emits: {stale}"


def test_every_row_has_a_meaning_and_a_fix() -> None:
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            assert len(cells) == 3 and all(cells), f"incomplete row: {line}"


def named_in_tests() -> set[str]:
    """The code-shaped string constants of the tests (this file aside, which names them all)."""
    found: set[str] = set()
    for path in (REPO / "tests").rglob("*.py"):
        if path.name != Path(__file__).name:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found |= {text for node in ast.walk(tree) if (text := _code_constant(node))}
    return found


def _code_constant(node: ast.AST) -> str | None:
    """The node's text, if it is a string constant shaped like an error code."""
    text = node.value if isinstance(node, ast.Constant) else None
    return text if isinstance(text, str) and CODE.fullmatch(text) else None


def test_every_emitted_code_is_expected_by_some_test() -> None:
    """A code that no test expects is a check that no test has seen fail (a corpus case, say)."""
    untested = sorted(emitted_codes() - named_in_tests())
    assert not untested, (
        f"no test expects these codes; add a broken copy that gives each: {untested}"
    )
