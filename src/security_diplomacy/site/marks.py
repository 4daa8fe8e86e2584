"""Mark the quoted spans of a source line: the union of every quote's occurrences."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape


def spans(line: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) character ranges of every occurrence of every quote."""
    found = []
    for quote in {q for q in quotes if q}:
        start = line.find(quote)
        while start >= 0:
            found.append((start, start + len(quote)))
            start = line.find(quote, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(line: str, quotes: Iterable[str]) -> Markup:
    """The line as HTML with each quoted span in ``<mark>``."""
    parts, position = [], 0
    for start, end in spans(line, quotes):
        parts += [escape(line[position:start]), Markup("<mark>"), escape(line[start:end])]
        parts.append(Markup("</mark>"))
        position = end
    parts.append(escape(line[position:]))
    return Markup("").join(parts)
