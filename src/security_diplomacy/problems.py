"""The one type every check produces: a located, explained problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the package.

    ``code`` is a stable kebab-case identifier that tests and users can rely on. ``path`` is
    relative to the package root (``data/events.csv``). ``row`` is the 1-based physical line of
    the CSV record where the row starts (the header is line 1), so editors jump straight to it.
    ``column`` is the field name. ``message`` says what is wrong and how to fix it.
    """

    code: str
    path: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.path]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(self.column)
        return f"{':'.join(parts)}: {self.message} [{self.code}]"

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order by file, then line, then column; problems without a line come first."""
        return (self.path, self.row or 0, self.column or "", self.code)

    def as_dict(self) -> dict[str, str | int | None]:
        """JSON-ready form, keys in the documented order."""
        return {
            "code": self.code,
            "path": self.path,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def shown(value: object, width: int = 80) -> str:
    """A value as a message quotes it: its repr, clipped, so that a 1 MB cell echoed in a report
    (or a GitHub annotation, which has a size limit) stays one readable line."""
    return clip(repr(list(value) if isinstance(value, tuple) else value), width)


def problem(
    code: str, path: str, message: str, *, row: int | None = None, column: str | None = None
) -> Problem:
    """Keyword-friendly constructor, so call sites read code → where → what."""
    return Problem(code=code, path=path, row=row, column=column, message=message)
