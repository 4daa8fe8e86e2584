"""Find words in a source document, so that a curator never counts lines by hand.

Exact occurrences come first (a quote can be copied as it is); then lines that hold the words
once case, whitespace and quote styles are ignored; failing both, the closest lines, with the
differences marked ``[-as typed-]{+as in the source+}``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .evidence.text import normalize

CLOSEST = 3


@dataclass(frozen=True)
class Match:
    line: int
    kind: str  # "exact", "normalized" or "closest"
    text: str  # the line's text; for "closest", the closest span with differences marked
    score: float = 1.0


def locate(lines: list[str] | tuple[str, ...], words: str) -> list[Match]:
    exact = [Match(n, "exact", text) for n, text in enumerate(lines, 1) if words in text]
    if exact:
        return exact
    wanted = normalize(words)
    loose = [Match(n, "normalized", t) for n, t in enumerate(lines, 1) if wanted in normalize(t)]
    return loose or _closest(lines, words)


def _closest(lines: list[str] | tuple[str, ...], words: str) -> list[Match]:
    scored = []
    for number, text in enumerate(lines, 1):
        if text.strip():
            span, score = _best_span(text, words)
            scored.append(Match(number, "closest", mark_differences(words, span), score))
    scored.sort(key=lambda match: (-match.score, match.line))
    return scored[:CLOSEST]


def _best_span(text: str, words: str) -> tuple[str, float]:
    """The run of whole words of ``text`` most like ``words`` (a few words more or fewer)."""
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    wanted = len(words.split())
    best, best_score = text, -1.0
    for first in range(len(bounds)):
        for size in range(max(1, wanted - 2), wanted + 4):
            if first + size > len(bounds):
                break
            span = text[bounds[first][0] : bounds[first + size - 1][1]]
            score = difflib.SequenceMatcher(None, words.casefold(), span.casefold()).ratio()
            if score > best_score:
                best, best_score = span, score
    return best, best_score


def mark_differences(typed: str, found: str) -> str:
    """``found`` with what differs from ``typed`` marked ``[-typed-]{+found+}``."""
    parts = []
    matcher = difflib.SequenceMatcher(None, typed, found, autojunk=False)
    for operation, a0, a1, b0, b1 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(found[b0:b1])
            continue
        if a1 > a0:
            parts.append(f"[-{typed[a0:a1]}-]")
        if b1 > b0:
            parts.append(f"{{+{found[b0:b1]}+}}")
    return "".join(parts)
