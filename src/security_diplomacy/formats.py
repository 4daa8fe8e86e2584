"""The ``x-format`` values of datapackage.json as JSON Schema formats.

Each checker returns True for anything that is not a string: JSON Schema applies ``format`` to
strings only and leaves type errors to the ``type`` keyword.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pycountry
from jsonschema import FormatChecker

from .evidence.dates import parse_value

EDTF = "edtf"
ISO3166_ALPHA3 = "iso3166-1-alpha-3"
ISO639_1 = "iso639-1"


# Level 2 of EDTF (ISO 8601-2) adds features the dataset does not use and most EDTF readers
# reject: partial uncertainty, sets, exponential years, level-2 seasons and intervals. Digits
# left unspecified anywhere (``PartialUnspecified``) are formally level 2 as well, but the
# descriptor documents ``XXXX-05-21`` (day and month stated, year not) as the form to use, so it
# is accepted on purpose.
def _level2(edtf: Any) -> tuple[type, ...]:
    return (
        edtf.PartialUncertainOrApproximate,
        edtf.OneOfASet,
        edtf.MultipleDates,
        edtf.ExponentialYear,
        edtf.Level2Season,
        edtf.Level2Interval,
    )


def is_edtf(value: object) -> bool:
    """An EDTF date, interval or season of level 0 or 1 (plus unspecified digits, see above)."""
    return not isinstance(value, str) or _is_edtf(value)


# The plain calendar forms that nearly every cell uses (YYYY, YYYY-MM, YYYY-MM-DD, and the same
# with the year unspecified) are read by evidence.dates.parse_value, the reader the support
# rules use. The edtf grammar (pyparsing) takes about 25 ms per value, which a package of a
# million records cannot afford; it reads every other form. A property test holds both
# readings to the same verdict on the plain forms.


def plain_date_verdict(value: str) -> bool | None:
    """True or False for a plain calendar form, None for a form the edtf grammar must read."""
    date = parse_value(value)
    if date is None or (date.month is None and date.year is None):
        return None  # "XXXX" alone is unusual EDTF: the grammar decides
    if date.month is not None and not 1 <= date.month <= 12:
        return None  # 21-24 are EDTF seasons; 13 and 00 are errors the grammar reports
    if date.day is None:
        return True
    # An unspecified year admits February 29 (2000 is a leap year); edtf itself checks no
    # calendar, so here "2023-02-29" is refused, where the grammar alone would accept it.
    last = calendar.monthrange(date.year or 2000, date.month or 1)[1]
    return 1 <= date.day <= last


# The edtf grammar's time grows faster than the length of its input (40,000 characters of a
# level 2 set took 78 s). No level 0 or 1 form is longer than this but an interval between
# years of more than forty digits, so a longer value is refused without parsing.
EDTF_LENGTH = 100


def _is_edtf(value: str) -> bool:
    verdict = plain_date_verdict(value)
    if verdict is not None:
        return verdict
    return len(value) <= EDTF_LENGTH and _edtf_grammar(value)


@functools.lru_cache(maxsize=4096)
def _edtf_grammar(value: str) -> bool:
    """Cached: the pyparsing grammar takes milliseconds per value, and dates repeat.

    edtf is imported here, on first use: it takes a tenth of a second to import, and the plain
    forms that nearly every package holds never need it.
    """
    import edtf

    # The edtf parser prints diagnostics to stdout and raises assorted errors on some inputs
    # (``2022-1X`` raises AttributeError); neither may leak into a validation report.
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            parsed = edtf.parse_edtf(value)
        except Exception:
            return False
    return not isinstance(parsed, _level2(edtf))


def is_iso3166_alpha3(value: object) -> bool:
    """A current ISO 3166-1 alpha-3 country code, upper case (pycountry matches any case)."""
    if not isinstance(value, str):
        return True
    return _lookup(pycountry.countries, "alpha_3", value)


def is_iso639_1(value: object) -> bool:
    """An ISO 639-1 two-letter language code, lower case."""
    return not isinstance(value, str) or value in _iso639_1()


@functools.cache
def _iso639_1() -> frozenset[str]:
    """pycountry's ISO 639 table, read as plain JSON.

    pycountry.languages builds an object for each of its 7,900 languages on first use, which
    takes longer than validating the whole real package; only the two-letter codes are needed.
    """
    table = Path(pycountry.DATABASE_DIR) / "iso639-3.json"
    entries = json.loads(table.read_text(encoding="utf-8"))["639-3"]
    return frozenset(entry["alpha_2"] for entry in entries if "alpha_2" in entry)


def _lookup(database: object, attribute: str, value: str) -> bool:
    try:
        record = database.get(**{attribute: value})  # type: ignore[attr-defined]
    except (KeyError, LookupError):
        return False
    return record is not None and getattr(record, attribute, None) == value


FORMATS: dict[str, Callable[[object], bool]] = {
    EDTF: is_edtf,
    ISO3166_ALPHA3: is_iso3166_alpha3,
    ISO639_1: is_iso639_1,
}


@functools.cache  # one per process, so that what is compiled with it can be shared
def format_checker() -> FormatChecker:
    """A checker that knows exactly the project's formats (and nothing implicit)."""
    checker = FormatChecker(formats=())
    for name, function in FORMATS.items():
        checker.checks(name)(function)
    return checker
