"""Parsing the package's JSON files (descriptor, vocabulary, rules, row schemas) safely.

A hostile file may nest arrays a hundred thousand deep: the json module then raises
RecursionError, not ValueError, and a value nested a few hundred deep would make every check
that walks it (the profiles, the schema generator's copies) exceed Python's recursion limit.
Such a file is refused here, with the reason, like a file that is not JSON.
"""

from __future__ import annotations

import json
from typing import Any

# Deeper than any of the package's files needs (the deepest nest nine levels), and shallow
# enough for every check that walks a value level by level.
MAX_DEPTH = 32


def parse(text: str) -> tuple[Any, str | None]:
    """The parsed value and None, or None and why the text cannot be used (to follow "is")."""
    try:
        value = json.loads(text)
    except RecursionError:
        return None, f"nested too deeply to parse (more than {MAX_DEPTH} levels are refused)"
    except ValueError as error:
        return None, f"not valid JSON ({error})"
    levels = depth(value)
    if levels > MAX_DEPTH:
        return None, f"nested {levels} levels deep; at most {MAX_DEPTH} are read"
    try:  # an escaped lone surrogate ("\ud800") parses, but is no character: no output holds it
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return None, "not usable: it holds an escaped lone surrogate (such as \\ud800)"
    return value, None


def depth(value: Any) -> int:
    """How deeply a parsed value nests (a scalar: 1), counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest
