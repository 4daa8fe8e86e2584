"""Numbers that a quote states: digits (``46``, ``46th``) and ordinal words (``first``)."""

from __future__ import annotations

import functools
import re

from ..casts import MAX_DIGITS

# Whole numbers only: not the "1" of "18", nor the parts of "10.01.2022".
_DIGITS = re.compile(r"(?<![\w.])(\d+)(?!\d)(?:st|nd|rd|th)?(?!\w|\.\d)", re.IGNORECASE)
_ORDINALS: tuple[str, ...] = ("first", "second", "third", "fourth", "fifth", "sixth")
_ORDINALS += ("seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")
_DIGIT = re.compile(r"\d")
# One named group per word: the group that matched names the number. Lower-casing the matched
# text would not: a case-insensitive "s" also matches the long s (U+017F), which stays itself.
_WORDS = re.compile(
    r"\b(?:" + "|".join(f"(?P<n{n}>{word})" for n, word in enumerate(_ORDINALS, 1)) + r")\b",
    re.IGNORECASE,
)


def states(quote: str, wanted: int) -> bool:
    """Whether the quote states the number ``wanted``: :func:`numbers_stated`, asked only where
    :func:`may_state` allows it."""
    return may_state(quote, wanted) and wanted in numbers_stated(quote)


def may_state(quote: str, wanted: int) -> bool:
    """False only where the quote cannot state ``wanted``; a test holds it to the full scan.

    In ASCII text a number's digits are ASCII and an ordinal word matches in the lower case, so
    the digits of ``wanted`` (leading zeros aside) or its word must be in the quote: one or two
    C-level searches instead of the patterns, for the quotes of a record that state another
    number or none. Other text may write digits beyond ASCII, or letters that a case-insensitive
    pattern matches (the long s), and is always scanned.
    """
    if not quote.isascii() or str(wanted) in quote:
        return True
    return 1 <= wanted <= len(_ORDINALS) and _ORDINALS[wanted - 1] in quote.lower()


@functools.lru_cache(maxsize=1 << 14)
def numbers_stated(quote: str) -> frozenset[int]:
    """Every whole number the quote states, in digits or as an ordinal word.

    Cached, since each number cell of a record reads the same quotes.
    """
    stated = (
        {
            int(digits)
            for digits in (match.group(1) for match in _DIGITS.finditer(quote))
            if len(digits) <= MAX_DIGITS  # a longer number is no table's value (nor is int()'s)
        }
        if _DIGIT.search(quote)
        else set()
    )
    # The ordinal pattern scans every position; an ASCII quote without any ordinal word in its
    # lower case cannot match it (a non-ASCII letter may match a case-insensitive ASCII one).
    if not quote.isascii() or any(word in quote.lower() for word in _ORDINALS):
        stated |= {int(str(match.lastgroup)[1:]) for match in _WORDS.finditer(quote)}
    return frozenset(stated)
