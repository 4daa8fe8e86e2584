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
    if text.isascii():
        # In ASCII every whitespace character but the space is unprintable, so two C-level
        # tests answer what the regular expression would, several times faster.
        if not text.isprintable() or "  " in text:
            text = _SPACE.sub(" ", text)
        return text.lower()  # the same as casefold() for ASCII
    return fold_any(text)


def fold_any(text: str) -> str:
    """:func:`fold` for any text, without its shortcut for ASCII (which a test holds to this)."""
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
    return contains_folded(haystack, needle(value))


def needle(value: str) -> str:
    """A value as :func:`contains_folded` looks for it (the index keeps names and cues so).

    Uncached: a text cell's value is seldom another's, and names and cues are kept folded by
    their readers.
    """
    return fold(value).strip()


def contains_folded(haystack: str, folded: str) -> bool:
    """Whether the normalized ``folded`` appears in the normalized ``haystack``, as whole words.

    A match counts when no letter or digit is glued to an edge of it that is itself a letter or
    digit; the test is written out here, not called, since it runs for every cell.
    """
    start = haystack.find(folded)
    if start < 0 or not folded:
        return False  # the usual failure, told by one C-level search
    size, last = len(folded), len(haystack)
    starts_word, ends_word = folded[0].isalnum(), folded[-1].isalnum()
    while start >= 0:
        end = start + size
        glued_before = starts_word and start > 0 and haystack[start - 1].isalnum()
        glued_after = ends_word and end < last and haystack[end].isalnum()
        if not (glued_before or glued_after):
            return True
        start = haystack.find(folded, start + 1)
    return False
