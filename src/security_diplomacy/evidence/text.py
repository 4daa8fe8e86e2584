"""Compare a value with a quote the way the support rules allow: nothing more.

The comparison ignores case, runs of whitespace and the difference between typographic and
straight quotation marks and apostrophes. A value that starts or ends with a letter or digit
must match whole words, so that the abbreviation ``UN`` is not found inside ``Counter``.
"""

from __future__ import annotations

import functools
import re

# Typographic double and single quotation marks, by code point, and their straight forms.
_DOUBLE = "\u201c\u201d\u201e\u201f"  # left, right, low-9, high-reversed-9
_SINGLE = "\u2018\u2019\u201a\u201b"
_STRAIGHT = tuple((mark, '"') for mark in _DOUBLE) + tuple((mark, "'") for mark in _SINGLE)
_SPACE = re.compile(r"\s+")
# Whitespace that the one-space rule would change: a run, or any space other than " ".
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]")


def fold(text: str) -> str:
    """Case-folded, quotes straightened, every run of whitespace one space.

    Plain ASCII text with single spaces, most text, needs only the case folding; the other
    steps run only where they can change something.
    """
    if not text.isascii():
        for mark, straight in _STRAIGHT:
            text = text.replace(mark, straight)
    if _UNEVEN_SPACE.search(text):
        text = _SPACE.sub(" ", text)
    return text.casefold()


# Cached, since names and cues recur; quotes are folded once, uncached, by the index.
normalize = functools.lru_cache(maxsize=1 << 16)(fold)


def contains(quote: str, value: str) -> bool:
    """Whether ``value`` appears in ``quote`` after normalizing both, as whole words."""
    return contains_normalized(normalize(quote), value)


def contains_normalized(haystack: str, value: str) -> bool:
    """:func:`contains` for a quote already normalized (the index keeps each quote so)."""
    needle = normalize(value).strip()
    if not needle:
        return False
    start = haystack.find(needle)
    while start >= 0:
        if _bounded(haystack, start, start + len(needle)):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _bounded(text: str, start: int, end: int) -> bool:
    """No letter or digit glued to a match edge that is itself a letter or digit."""
    glued_before = start > 0 and text[start].isalnum() and text[start - 1].isalnum()
    glued_after = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not (glued_before or glued_after)
