"""Patterns that Python's re could backtrack on without end are refused; the package's run."""

from __future__ import annotations

import json
import re
import sys
import warnings
from typing import Any

import pytest
from helpers import PACKAGE
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from security_diplomacy.standard import patterns
from security_diplomacy.standard.patterns import refusal


def _patterns_in(node: Any) -> list[str]:
    """Every ``pattern`` string of a JSON document (descriptor, row schema, rules)."""
    if isinstance(node, list):
        return [found for item in node for found in _patterns_in(item)]
    if not isinstance(node, dict):
        return []
    own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
    return own + [found for value in node.values() for found in _patterns_in(value)]


def _package_patterns() -> list[str]:
    files = [PACKAGE / "datapackage.json", *sorted((PACKAGE / "schemas").rglob("*.json"))]
    return sorted({p for path in files for p in _patterns_in(json.loads(path.read_text()))})


def test_the_package_has_patterns_to_run() -> None:
    assert len(_package_patterns()) >= 3


@pytest.mark.parametrize("pattern", _package_patterns())
def test_every_pattern_of_the_package_is_run(pattern: str) -> None:
    assert refusal(pattern) is None
    assert refusal(pattern, anywhere=True) is None  # the row schemas' copies are anchored


# Linear patterns, each with a choice that the next character decides.
ACCEPTED = [
    r"^[a-z0-9]+(-[a-z0-9]+)*$",
    r"^\d{4}(-\d{2}(-\d{2})?)?$",
    r"^(XXXX|\d{4})(-\d{2})?$",
    r"^\w+(\s+\w+)*$",
    r"(?i)^[a-z]+(-[a-z]+)*$",
    r"^[^-]+(-[^-]+)*$",
    r"(foo|bar)*",
    r"^[a-z]*[0-9]*$",
    r"^[+-]?[0-9]{1,4300}$",
    r"^.*$",
    r"^(?>a+)-b$",
    r"^[a-z]+K$",  # K is no [a-z] without the flag (see the refused one)
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_a_linear_pattern_is_run(pattern: str) -> None:
    assert refusal(pattern) is None


# Patterns on which re takes exponential (the first four) or quadratic time, and why.
REFUSED = {
    r"(a|a)*b": "two alternatives of a `|` can start with 'a'",
    r"(a+)+b": "'a' can start another repetition or what follows the last",
    r"(a*)*b": "'a' can start another repetition",
    r"(x(a*)?)*": "repeats something that can match the empty string",
    r"^[0-9]+[0-9]+x$": "'0' can start another repetition",
    r"^\d+\.?\d*$": "'0' can start another repetition",
    r"a?a?a?aaa": "'a' can start the optional part or what follows it",
    r"^(?:a|b|ab)*$": "two alternatives of a `|` can start with 'a'",
    r"^(?i:[a-z])+K$": "'K' can start another repetition",  # K matches k only under the flag
    r"(?=a)a": "a lookaround",
    r"(a)\1": "a backreference",
    r"(a)?(?(1)b|c)": "a conditional group",
}


@pytest.mark.parametrize("pattern", REFUSED)
def test_a_pattern_that_could_backtrack_is_refused(pattern: str) -> None:
    reason = refusal(pattern)
    assert reason is not None and "backtrack without end" in reason
    assert REFUSED[pattern] in reason


def test_what_re_cannot_read_is_refused() -> None:
    assert "no regular expression" in (refusal("a{2,1}") or "")
    assert "nested too deeply" in (refusal("(?:" * 600 + "a" + ")" * 600) or "")


def test_a_searched_pattern_must_start_with_a_caret() -> None:
    assert "start it with ^" in (refusal("[a-z]+", anywhere=True) or "")
    assert "start it with ^" in (refusal("(?m)^[a-z]+$", anywhere=True) or "")
    assert refusal("[a-z]+") is None


# --- characters are read as re reads them --------------------------------------------------

_PIECES = st.sampled_from(
    ["a", "z", "-", "K", "k", "_", "0", "9", "\\]", "\\\\", "a-f", "0-9", "A-Z", "\u017f",
     "\u212a", "\u0660-\u0669", "\x00-\x1f", "\\n"]
)  # fmt: skip


@st.composite
def _items(draw: st.DrawFn) -> str:
    """One item without a category: a set (maybe negated), a literal or ``.``."""
    kind = draw(st.sampled_from(["set", "set", "single", "dot"]))
    if kind == "dot":
        return "."
    if kind == "single":
        return draw(st.sampled_from(["a", "K", "-", "\u017f", "\\n", "\\x00"]))
    negated = "^" if draw(st.booleans()) else ""
    return "[" + negated + "".join(draw(st.lists(_PIECES, min_size=1, max_size=4))) + "]"


def _agrees(item: str, flags: int) -> None:
    """The item's characters as :mod:`patterns` reads them are those re matches."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "possible set difference": it is none
        try:
            parsed = patterns.parser.parse(item, flags)
        except re.error:
            assume(False)  # a range such as z-a
        match = re.compile(item, flags).fullmatch
    (op, argument), state_flags = parsed.data[0], parsed.state.flags
    ranges = patterns._characters(op, argument, state_flags)
    edges = {code + step for low, high in ranges for code in (low, high) for step in (-1, 0, 1)}
    probes = edges | {ord(c) for c in "aAkK_- 0\n\u017f\u212a\u0660"} | {sys.maxunicode}
    for code in sorted(c for c in probes if 0 <= c <= sys.maxunicode):
        inside = any(low <= code <= high for low, high in ranges)
        assert inside == bool(match(chr(code))), (item, flags, hex(code))


@settings(max_examples=500, deadline=None)
@given(_items(), st.sampled_from([0, re.DOTALL]))
def test_a_literal_range_or_dot_holds_the_characters_that_re_matches(item: str, flags: int) -> None:
    """Read without asking re (the fast reading), they still agree with it."""
    _agrees(item, flags)


@pytest.mark.parametrize(
    ("item", "flags"),
    [("\\w", 0), ("[^\\d_]", 0), ("\\s", re.ASCII), ("K", re.IGNORECASE), ("[a-z]", re.I)],
)
def test_a_category_or_a_flag_is_asked_of_re(item: str, flags: int) -> None:
    _agrees(item, flags)


def test_the_refused_patterns_of_the_corpus_are_refused() -> None:
    """The corpus' backtracking pattern compiles, and frictionless runs it; it is refused here."""
    from corpus.cases import BACKTRACKING

    re.compile(BACKTRACKING)
    assert refusal(BACKTRACKING) is not None
