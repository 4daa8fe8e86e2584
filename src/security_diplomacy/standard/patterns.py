"""Which ``pattern`` constraints Python's ``re`` runs in time linear in the cell.

A pattern from the package runs on every cell of its column, and ``re`` backtracks: on a
pattern such as ``(a|a)*b`` or ``(a+)+b`` it takes time exponential in the cell's length, on
``[0-9]+[0-9]+x`` quadratic, and no time limit stops it. A pattern is therefore run only when
:func:`refusal` proves that every choice the engine makes is decided by the next character:

- the alternatives of a ``|`` start with no common character, counting what follows an
  alternative that can match the empty string;
- a quantifier that may go on or stop (``*``, ``+``, ``?``, ``{m,n}`` with m < n) repeats
  something that cannot match the empty string, and no character can both start another
  repetition and come after the last one.

At each point of a cell at most one of the engine's choices then gets past the next character
and each of the others fails on it, so the engine's work grows with the cell, not faster. The
test is sufficient, not necessary: a few linear patterns are refused too, such as ``(ab|cd)*c``
(a ``c`` may start another ``cd`` or be the last one), and atomic groups and possessive
quantifiers are read as plain ones. Lookarounds, backreferences and conditionals are refused:
Table Schema says a ``pattern`` MUST conform to the XML Schema regular expression syntax, which
has none of them. ``benchmarks/pattern_trial.py`` times the accepted ones of thousands of
random patterns on texts made to make them backtrack (under a millisecond at 3,000 characters).

Characters are compared as ``re`` reads them (flags, ``\\w``, negated sets), by asking ``re``.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from re import _compiler as compiler  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

__all__ = ["refusal"]

# Code point ranges, sorted, disjoint and not adjacent: a character set as ``re`` reads it.
Ranges = tuple[tuple[int, int], ...]
_ALL: Ranges = ((0, sys.maxunicode),)
_NONE: Ranges = ()
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_UNSUPPORTED = {
    sre.GROUPREF: "a backreference",
    sre.GROUPREF_EXISTS: "a conditional group",
    sre.ASSERT: "a lookaround",
    sre.ASSERT_NOT: "a lookaround",
}


class _Refused(Exception):
    """Why a pattern is not run: the first choice the engine could not make by one character."""


def refusal(pattern: str, *, anywhere: bool = False) -> str | None:
    """Why ``pattern`` might make ``re`` backtrack without end, or None if it cannot.

    Also refuses what ``re`` cannot compile, so a caller needs no second test. ``anywhere``:
    the pattern is searched for anywhere in the value (JSON Schema), not matched against all
    of it (Table Schema); ``re`` then tries it at every position, which only a leading ``^``
    makes one.
    """
    try:
        parsed = parser.parse(pattern)
        flags = parsed.state.flags
        if anywhere and not _anchored(parsed.data, flags):
            raise _Refused(
                "a JSON Schema pattern is searched for at every position; start it with ^"
            )
        _sequence(parsed.data, flags, _NONE, check=True)
    except re.error as error:
        return f"it is no regular expression ({error})"
    except RecursionError:
        return "it is nested too deeply to read"
    except _Refused as why:
        return f"Python's re could backtrack without end on it: {why}"
    return None


def _anchored(items: Sequence[Any], flags: int) -> bool:
    starts = (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)
    first = items[0] if items else None
    return first is not None and first[0] is sre.AT and first[1] in starts and not flags & re.M


# --- the choices ---------------------------------------------------------------------------
#
# Each function returns the characters its part can start with and whether it can match the
# empty string. With ``check``, it also proves each choice inside decided by the next
# character, given ``follow``: the characters that can come after the part (none at the end).


def _sequence(
    items: Sequence[Any], flags: int, follow: Ranges, *, check: bool
) -> tuple[Ranges, bool]:
    """A sequence, read from the end, so that each item knows what can come after it."""
    own, empty, after = _NONE, True, follow
    for item in reversed(items):
        first, nullable = _item(item, flags, after, check=check)
        own = _union(first, own) if nullable else first
        empty = empty and nullable
        after = _union(own, follow) if empty else own
    return own, empty


def _item(item: tuple[Any, Any], flags: int, follow: Ranges, *, check: bool) -> tuple[Ranges, bool]:
    op, argument = item
    if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
        return _characters(op, argument, flags), False
    if op is sre.AT:  # an anchor matches no character and can only rule a path out
        return _NONE, True
    if op is sre.SUBPATTERN:
        _group, added, removed, body = argument
        return _sequence(body.data, (flags | added) & ~removed, follow, check=check)
    if op is sre.ATOMIC_GROUP:
        return _sequence(argument.data, flags, follow, check=check)
    if op is sre.BRANCH:
        return _branch(argument[1], flags, follow, check=check)
    if op in _REPEATS:
        return _repeat(argument, flags, follow, check=check)
    raise _Refused(f"it holds {_UNSUPPORTED.get(op, str(op).lower())}, which is not read here")


def _branch(
    alternatives: Sequence[Any], flags: int, follow: Ranges, *, check: bool
) -> tuple[Ranges, bool]:
    """Alternatives, told apart by the next character (what follows, for an empty one)."""
    seen, first, empty = _NONE, _NONE, False
    for alternative in alternatives:
        own, nullable = _sequence(alternative.data, flags, follow, check=check)
        ahead = _union(own, follow) if nullable else own
        if check and _meet(seen, ahead):
            raise _Refused(f"two alternatives of a `|` can start with {_example(seen, ahead)}")
        seen, first, empty = _union(seen, ahead), _union(first, own), empty or nullable
    return first, empty


def _repeat(argument: Any, flags: int, follow: Ranges, *, check: bool) -> tuple[Ranges, bool]:
    """A quantifier: going on and stopping must be told apart by the next character."""
    least, most, body = argument
    if most == 0:
        return _NONE, True
    if not check:
        first, nullable = _sequence(body.data, flags, _NONE, check=False)
        return first, nullable or least == 0
    # After one repetition comes another (when there can be one) or what follows the quantifier.
    again = _sequence(body.data, flags, _NONE, check=False)[0] if most > 1 else _NONE
    first, nullable = _sequence(body.data, flags, _union(follow, again), check=True)
    if most > least and nullable:
        raise _Refused("a quantifier repeats something that can match the empty string")
    if most > least and _meet(first, follow):
        what = "another repetition or what follows the last"
        what = "the optional part or what follows it" if most == 1 else what
        raise _Refused(f"{_example(first, follow)} can start {what}")
    return first, nullable or least == 0


# --- characters ----------------------------------------------------------------------------


def _characters(op: Any, argument: Any, flags: int) -> Ranges:
    """The characters one item matches, exactly as ``re`` decides."""
    if not flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        plain = _plain(op, argument, flags)
        if plain is not None:
            return plain
    return _asked(op, _frozen(argument), flags)


def _plain(op: Any, argument: Any, flags: int) -> Ranges | None:
    """Without flags that change them, literals, ranges and ``.`` need no asking."""
    if op is sre.LITERAL:
        return ((argument, argument),)
    if op is sre.NOT_LITERAL:
        return _complement(((argument, argument),))
    if op is sre.ANY:
        return _ALL if flags & re.DOTALL else _complement(((10, 10),))
    members = [pair for pair in argument if pair[0] is not sre.NEGATE]
    if any(kind not in (sre.LITERAL, sre.RANGE) for kind, _ in members):
        return None  # a category (\w, \d, \s): asked
    found = _merged([(value, value) if kind is sre.LITERAL else value for kind, value in members])
    return _complement(found) if len(members) < len(argument) else found


def _frozen(argument: Any) -> Any:
    """A parse argument made hashable, for the cache of :func:`_asked`."""
    if isinstance(argument, list | tuple):
        return tuple(_frozen(part) for part in argument)
    return argument


@functools.lru_cache(maxsize=256)
def _asked(op: Any, argument: Any, flags: int) -> Ranges:
    """Every character the item matches: ``re`` runs the item, repeated, over all of them.

    The runs it matches in the text of every code point, in order, are the ranges. A few
    milliseconds, for an item with a category or under a flag; cached.
    """
    thawed = [tuple(pair) for pair in argument] if op is sre.IN else argument
    item = parser.SubPattern(parser.State(), [(op, thawed)])
    runs = parser.SubPattern(parser.State(), [(sre.MAX_REPEAT, (1, sre.MAXREPEAT, item))])
    found = compiler.compile(runs, flags).finditer(_every_character())
    return tuple((run.start(), run.end() - 1) for run in found)


@functools.cache
def _every_character() -> str:
    return "".join(map(chr, range(sys.maxunicode + 1)))


def _merged(ranges: list[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return tuple(out)


def _union(a: Ranges, b: Ranges) -> Ranges:
    return _merged([*a, *b]) if a and b else a or b


def _complement(ranges: Ranges) -> Ranges:
    out, start = [], 0
    for low, high in ranges:
        if low > start:
            out.append((start, low - 1))
        start = high + 1
    if start <= sys.maxunicode:
        out.append((start, sys.maxunicode))
    return tuple(out)


def _common(a: Ranges, b: Ranges) -> int | None:
    """The first character in both sets, or None."""
    i = j = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low <= high:
            return low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return None


def _meet(a: Ranges, b: Ranges) -> bool:
    return _common(a, b) is not None


def _example(a: Ranges, b: Ranges) -> str:
    code = _common(a, b)
    return "a character" if code is None else repr(chr(code))
