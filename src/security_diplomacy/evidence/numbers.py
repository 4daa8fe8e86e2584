"""Numbers that a quote states: digits (``46``, ``46th``) and ordinal words (``first``)."""

from __future__ import annotations

import functools
import re

# Whole numbers only: not the "1" of "18", nor the parts of "10.01.2022".
_DIGITS = re.compile(r"(?<![\w.])(\d+)(?!\d)(?:st|nd|rd|th)?(?!\w|\.\d)", re.IGNORECASE)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_ORDINALS += ("seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")
_ORDINAL_WORDS = {word: number for number, word in enumerate(_ORDINALS, start=1)}
_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS) + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 14)
def numbers_stated(quote: str) -> frozenset[int]:
    """Every whole number the quote states, in digits or as an ordinal word.

    Cached, since each number cell of a record reads the same quotes.
    """
    stated = (
        {int(match.group(1)) for match in _DIGITS.finditer(quote)}
        if _DIGIT.search(quote)
        else set()
    )
    # The ordinal pattern scans every position; an ASCII quote without any ordinal word in its
    # lower case cannot match it (a non-ASCII letter may match a case-insensitive ASCII one).
    if not quote.isascii() or any(word in quote.lower() for word in _ORDINALS):
        stated |= {_ORDINAL_WORDS[match.group(1).lower()] for match in _WORDS.finditer(quote)}
    return frozenset(stated)
