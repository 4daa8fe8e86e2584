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
_QUOTES = str.maketrans(_DOUBLE + _SINGLE, '"' * len(_DOUBLE) + "'" * len(_SINGLE))
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """Case-folded, quotes straightened, every run of whitespace one space.

    Cached: one quote is compared with every cell of its record, so it recurs.
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).casefold()


def contains(quote: str, value: str) -> bool:
    """Whether ``value`` appears in ``quote`` after normalizing both, as whole words."""
    haystack, needle = normalize(quote), normalize(value).strip()
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
