"""The events on a timeline, drawn as SVG, each date as precise as the sources make it.

A day is a dot; a month or a year is a bar as long as that month or year; a period is a bar
from its start to its end. Dates whose year no source gives (``XXXX-05-21``) are drawn on a
lane of their own, over a year without a number, with a dashed outline: they are not placed
in any particular year.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..evidence.dates import PartialDate, parse_value

WIDTH, LEFT, RIGHT, ROW, TOP = 960, 20, 20, 26, 40
CHAR_WIDTH = 6.6  # average width of a 12px sans-serif character, for fitting labels
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Item:
    event_id: str
    label: str
    href: str
    start: PartialDate | None
    end: PartialDate | None
    date_text: str

    @property
    def year_unknown(self) -> bool:
        first = self.start or self.end
        return first is not None and first.year is None


def item(event_id: str, label: str, href: str, start: str | None, end: str | None) -> Item | None:
    """An event with at least one readable date, else None (it is listed as undated)."""
    first = parse_value(start) if start else None
    last = parse_value(end) if end else None
    if first is None and last is None:
        return None
    text = f"{start} to {end}" if start and end else start or f"until {end}"
    return Item(event_id, label, href, first, last, text)


def _position(date: PartialDate, end: bool = False) -> float:
    """A date as a fractional year; ``end`` gives the end of its month or year."""
    year = float(date.year or 0)
    if date.month is None:
        return year + (1 if end else 0)
    month = year + (date.month - 1) / 12
    if date.day is None:
        return month + (1 / 12 if end else 0)
    return month + (date.day - 1) / 365 + (1 / 365 if end else 0)


def svg(items: list[Item], prefix: str = "") -> Markup:
    dated = sorted((i for i in items if not i.year_unknown), key=_sort_key)
    unknown = sorted((i for i in items if i.year_unknown), key=_sort_key)
    first = min(int(_position(_first(i))) for i in dated) if dated else 2000
    last = max(int(_position(_last(i), end=True)) + 1 for i in dated) if dated else 2001
    scale = (WIDTH - LEFT - RIGHT) / max(1, last - first)
    rows = len(dated) + len(unknown) + (2 if unknown else 0)
    height = TOP + rows * ROW + 30
    parts = [_header(height), *_year_axis(first, last, scale)]
    y = TOP
    for entry in dated:
        x0 = LEFT + (_position(_first(entry)) - first) * scale
        x1 = LEFT + (_position(_last(entry), end=True) - first) * scale
        parts.append(_mark(entry, x0, x1, y, prefix, dashed=False))
        y += ROW
    if unknown:
        y += ROW // 2
        parts.append(_lane_title(y, "Year not stated by any source (placed by month and day only)"))
        y += ROW
        year_scale = WIDTH - LEFT - RIGHT
        for entry in unknown:
            x0 = LEFT + (_position(_first(entry)) % 1) * year_scale
            x1 = LEFT + (_position(_last(entry), end=True) % 1 or 1) * year_scale
            parts.append(_mark(entry, x0, x1, y, prefix, dashed=True))
            y += ROW
        parts += _month_axis(y + 4)
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _first(entry: Item) -> PartialDate:
    return entry.start or entry.end  # type: ignore[return-value]


def _last(entry: Item) -> PartialDate:
    return entry.end or entry.start  # type: ignore[return-value]


def _sort_key(entry: Item) -> tuple[float, str]:
    return (_position(_first(entry)), entry.event_id)


def _header(height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="timeline-title '
        'timeline-desc" class="timeline">'
        '<title id="timeline-title">Timeline of the events</title>'
        '<desc id="timeline-desc">Each event of the package at its date: a dot for a day, '
        "a bar for a month, a year or a period; events whose year no source gives are on "
        "their own lane, dashed.</desc>"
    )


def _year_axis(first: int, last: int, scale: float) -> list[str]:
    step = 1 if last - first <= 12 else 5
    parts = []
    for year in range(first, last + 1):
        if year % step and year not in (first, last):
            continue
        x = LEFT + (year - first) * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 14}" x2="{x:.1f}" y2="{TOP - 8}" class="tick"/>'
            f'<text x="{x:.1f}" y="{TOP - 18}" class="axis">{year}</text>'
        )
    return parts


def _month_axis(y: int) -> list[str]:
    width = WIDTH - LEFT - RIGHT
    return [
        f'<text x="{LEFT + (m + 0.5) * width / 12:.1f}" y="{y + 12}" class="axis">{name}</text>'
        for m, name in enumerate(_MONTH_NAMES)
    ]


def _lane_title(y: int, text: str) -> str:
    return f'<text x="{LEFT}" y="{y}" class="lane">{escape(text)}</text>'


def _mark(entry: Item, x0: float, x1: float, y: int, prefix: str, dashed: bool) -> str:
    day = (
        (entry.end or entry.start) is not None
        and all(d is None or d.day is not None for d in (entry.start, entry.end))
        and entry.end is None
    )
    style = "dashed" if dashed else "solid"
    if day:
        shape = f'<circle cx="{x0:.1f}" cy="{y:.1f}" r="6" class="day {style}"/>'
    else:
        shape = (
            f'<rect x="{x0:.1f}" y="{y - 6:.1f}" width="{max(x1 - x0, 4):.1f}" height="12" '
            f'rx="3" class="span {style}"/>'
        )
    anchor_end = x0 > WIDTH * 0.6
    text_x = (x0 - 10) if anchor_end else (max(x1, x0) + 10)
    label = f"{entry.label} ({entry.date_text})"
    room = (text_x - LEFT) if anchor_end else (WIDTH - RIGHT - text_x)
    shown = _fit(entry.label, entry.date_text, room)
    return (
        f'<a href="{escape(prefix + entry.href)}" class="event" '
        f'data-event="{escape(entry.event_id)}">'
        f"<title>{escape(label)}</title>{shape}"
        f'<text x="{text_x:.1f}" y="{y + 4:.1f}" text-anchor="{"end" if anchor_end else "start"}">'
        f"{escape(shown)}</text></a>"
    )


def _fit(name: str, date_text: str, room: float) -> str:
    """The label, its name shortened with an ellipsis to fit ``room`` pixels (the full label
    stays in the SVG <title>); the date is never cut."""
    limit = int(room / CHAR_WIDTH) - len(date_text) - 3
    if len(name) > limit:
        name = name[: max(limit - 1, 8)] + "…"
    return f"{name} ({date_text})"
