"""Dates: the EDTF values the tables hold, and the date expressions that quotes state.

The tables use the EDTF forms ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and their unspecified-year
variants ``XXXX-MM`` and ``XXXX-MM-DD``. A quote supports a value when one of its expressions
(``10.01.2022``, ``January 10``, ``Tuesday, December 24``, ``May 2018``, ``1997``) gives every
part the value has, with the same numbers. A value's year therefore always comes from some
quote (or from a rule the record names): a year filled in from memory has no support.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from typing import NamedTuple

_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_WEEKDAYS = {name: number for number, name in enumerate(calendar.day_name)}
_MONTH = "(" + "|".join(_MONTHS) + ")"
_WEEKDAY = "(" + "|".join(_WEEKDAYS) + ")"
_YEAR = r"(1[5-9]\d\d|20\d\d)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"

# Month names are matched with their capital, so that the verb "may" is no month.
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]*\d)")
# Every month and weekday name starts with a capital A-Z: the lookaheads change no match, but let
# the engine pass over every other position at once instead of trying twenty names there.
_MONTH_DAY = re.compile(rf"(?=[A-Z])(?:\b{_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")
_DAY_MONTH = re.compile(
    rf"(?=[A-Z]|\d)(?:\b{_WEEKDAY},?\s+)?\b{_DAY}\s+{_MONTH}\b(?:,?\s+{_YEAR}\b)?"
)
_MONTH_YEAR = re.compile(rf"(?=[A-Z])\b{_MONTH}\s+{_YEAR}\b")
_MONTH_ALONE = re.compile(rf"(?=[A-Z])\b{_MONTH}\b")
_YEAR_ALONE = re.compile(rf"(?<![\d.]){_YEAR}(?![\d.]*\d)")
_DIGIT = re.compile(r"\d")
_VALUE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDate(NamedTuple):
    """A date with any of its parts unknown; ``weekday`` (0 = Monday) only as stated.

    A named tuple: a quote's scan builds several, and a frozen dataclass takes three times as
    long to build.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    text: str = ""

    def gives(self, value: PartialDate) -> bool:
        """Whether this expression states every part that ``value`` has, and the same."""
        return (
            (value.year is None or value.year == self.year)
            and (value.month is None or value.month == self.month)
            and (value.day is None or value.day == self.day)
        )

    def weekday_problem(self) -> str | None:
        """Why the stated weekday disagrees with the full date, or None if it agrees."""
        if self.weekday is None or None in (self.year, self.month, self.day):
            return None
        try:
            actual = datetime.date(self.year, self.month, self.day).weekday()  # type: ignore[arg-type]
        except ValueError:
            return f"{self.iso()} is not a calendar date"
        if actual == self.weekday:
            return None
        return (
            f"the quote says {calendar.day_name[self.weekday]}, but {self.iso()} is a "
            f"{calendar.day_name[actual]}"
        )

    def iso(self) -> str:
        parts = [f"{self.year:04d}" if self.year is not None else "XXXX"]
        parts += [f"{part:02d}" for part in (self.month, self.day) if part is not None]
        return "-".join(parts)


def parse_value(value: str) -> PartialDate | None:
    """The parts of a table's EDTF value, or None for a form the support rules do not read."""
    match = _VALUE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    return PartialDate(
        year=None if year == "XXXX" else int(year),
        month=int(month) if month else None,
        day=int(day) if day else None,
        text=value,
    )


@functools.lru_cache(maxsize=1 << 14)
def expressions(quote: str) -> tuple[PartialDate, ...]:
    """Every date expression in ``quote``, the longest readings first.

    Cached, since each date cell of a record reads the same quotes.
    """
    return scan(quote)


def may_give(quote: str, value: PartialDate) -> bool:
    """False only where no expression of the quote gives ``value``; a test holds it to the scan.

    Every expression that gives a month holds its name, which the patterns match with its case,
    or is numeric, with dots. In ASCII text a year's or day's digits are ASCII, so the digits of
    the value's year and day (leading zeros aside) must be in the quote: a few C-level searches
    instead of the patterns, for the quotes of a record that state another date or none. Other
    text may write digits beyond ASCII, and is scanned whenever a month allows it.
    """
    if value.month is not None:
        if not 1 <= value.month <= 12:
            return False  # the scan keeps months 1 to 12 only
        if calendar.month_name[value.month] not in quote and "." not in quote:
            return False
    if not quote.isascii():
        return True
    return all(str(part) in quote for part in (value.year, value.day) if part is not None)


def scan(quote: str, *, skip: bool = True) -> tuple[PartialDate, ...]:
    """:func:`expressions`, uncached; ``skip=False`` runs every pattern over every quote.

    Python's regular expressions try these patterns at every position of the text, so a
    pattern is skipped where a cheaper test shows it cannot match: one that needs a month's
    name, in a quote without one; a numeric date, in a quote without a dot; a day before or
    after a month, where no month name has a digit there. Every such match holds a whole-word
    month name that the month pattern finds too, which is what makes the tests exact; a test
    holds ``skip=True`` to ``skip=False``.
    """
    named = not skip or any(name in quote for name in _MONTHS)  # cheaper than \b(…)\b
    month_matches = list(_MONTH_ALONE.finditer(quote)) if named else []
    if not month_matches and not _DIGIT.search(quote):
        return ()
    found = [_numeric(m) for m in _NUMERIC.finditer(quote)] if not skip or "." in quote else []
    if month_matches:
        # A month-day and a month-year expression both need a digit after a month's name.
        digit_after = not skip or any(_digit_after(quote, m.end()) for m in month_matches)
        if digit_after:
            found += [_month_day(m) for m in _MONTH_DAY.finditer(quote)]
        if not skip or any(_day_before(quote, m.start()) for m in month_matches):
            found += [_day_month(m) for m in _DAY_MONTH.finditer(quote)]
        if digit_after:
            found += [
                PartialDate(year=int(m.group(2)), month=_MONTHS[m.group(1)], text=m.group(0))
                for m in _MONTH_YEAR.finditer(quote)
            ]
    found += [PartialDate(month=_MONTHS[m.group(1)], text=m.group(0)) for m in month_matches]
    found += [
        PartialDate(year=int(m.group(1)), text=m.group(0)) for m in _YEAR_ALONE.finditer(quote)
    ]
    return tuple(date for date in found if date.month is None or 1 <= date.month <= 12)


def _digit_after(quote: str, end: int) -> bool:
    r"""Whether whitespace and then a digit follow position ``end`` (``\s+\d``).

    ``str.strip`` and ``isdecimal`` know the same whitespace and digits as ``\s`` and ``\d``.
    """
    rest = quote[end:]
    stripped = rest.lstrip()
    return len(stripped) < len(rest) and stripped[:1].isdecimal()


def _day_before(quote: str, start: int) -> bool:
    """Whether a digit, perhaps with an ordinal suffix, and whitespace precede ``start``."""
    before = quote[:start]
    stripped = before.rstrip()
    if len(stripped) == len(before):
        return False
    return stripped[-1:].isdecimal() or (
        stripped[-2:] in ("st", "nd", "rd", "th") and stripped[-3:-2].isdecimal()
    )


def _numeric(match: re.Match[str]) -> PartialDate:
    day, month, year = (int(part) for part in match.groups())
    return PartialDate(year=year, month=month, day=day, text=match.group(0))


def _month_day(match: re.Match[str]) -> PartialDate:
    weekday, month, day, year = match.groups()
    return _written(match.group(0), weekday, month, day, year)


def _day_month(match: re.Match[str]) -> PartialDate:
    weekday, day, month, year = match.groups()
    return _written(match.group(0), weekday, month, day, year)


def _written(text: str, weekday: str | None, month: str, day: str, year: str | None) -> PartialDate:
    """A date written with the month's name, in either order of day and month."""
    return PartialDate(
        year=int(year) if year else None,
        month=_MONTHS[month],
        day=int(day),
        weekday=_WEEKDAYS[weekday] if weekday else None,
        text=text,
    )
