"""A data file's bytes: where the file may be, and the encoding its bytes must have.

The first step of reading a resource (:mod:`.csvfile` splits the text into records, and
:mod:`.casts` types the cells): the file must be a regular file inside the package, not a link
nor a directory, and its bytes UTF-8 without a byte order mark, NUL bytes or carriage returns.
Every breach becomes a Problem that names the file and, for the bytes, the line.
"""

from __future__ import annotations

from pathlib import Path

from .model import DESCRIPTOR, Table
from .paths import lexically_inside, resolves_inside
from .problems import Problem, problem

BOM = b"\xef\xbb\xbf"


def read_file(root: Path, table: Table, problems: list[Problem]) -> bytes | None:
    """The bytes of a resource's data file, if it is a regular file inside the package."""
    path = root / table.path
    if not lexically_inside(table.path):
        problems.append(_outside(table, f"use a relative path such as data/{table.name}.csv"))
        return None
    try:
        return _read_inside(root, path, table, problems)
    except (OSError, ValueError) as error:  # a name no file has: too long, or with a NUL byte
        reason = getattr(error, "strerror", None) or str(error)
        problems.append(_unreadable(table, f"cannot be read ({reason})"))
        return None


def _read_inside(root: Path, path: Path, table: Table, problems: list[Problem]) -> bytes | None:
    if path.is_symlink():
        # Like a source document, a data file must be the file itself: a link can point outside
        # the package, and archives and some checkouts do not keep links.
        problems.append(
            problem(
                "data-file-symlink",
                table.path,
                f"the data file of resource `{table.name}` is a symbolic link; replace it with "
                "the file itself",
            )
        )
        return None
    if not resolves_inside(path, root):  # a directory on the way is a link that leaves
        fix = "a folder on its way is a symbolic link out of it; put the folder itself there"
        problems.append(_outside(table, fix))
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        reason = f"cannot be read ({error.strerror})"
        what = "is a directory, not a file" if path.is_dir() else reason
        problems.append(_unreadable(table, what))
        return None


def _unreadable(table: Table, what: str) -> Problem:
    return problem(
        "file-missing",
        table.path,
        f"the data file of resource `{table.name}` {what}; create it or fix the resource's path "
        "in datapackage.json",
    )


def _outside(table: Table, fix: str) -> Problem:
    return problem(
        "path-outside-package",
        DESCRIPTOR,
        f"resource `{table.name}` has path `{table.path}`, which leaves the package; {fix}",
    )


def decode(path: str, raw: bytes, problems: list[Problem]) -> str | None:
    """The text of the bytes (without a BOM), or None if :func:`readable` says they are not."""
    return raw.decode("utf-8-sig") if readable(path, raw, problems) else None


# Bytes that no data file may hold, and what to do about them: each is reported once, at the
# line where it first occurs.
_FORBIDDEN = (
    (b"\r", "file has carriage returns (CRLF line ends); save it with LF line ends only"),
    (
        b"\x00",
        "line holds a NUL byte (0x00), which no text may contain (it often comes from saving as "
        "UTF-16); delete it and save the file as UTF-8",
    ),
)


def readable(path: str, raw: bytes, problems: list[Problem]) -> bool:
    """UTF-8 text without BOM, NUL bytes or carriage returns is the package's contract.

    A BOM or CR is reported and the text can still be read (the formatter removes both); only
    bytes that are not UTF-8 make it unusable (False).
    """

    def report(message: str, offset: int) -> None:
        problems.append(problem("csv-encoding", path, message, row=_line_of_offset(raw, offset)))

    if raw.startswith(BOM):
        report("file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM", 0)
    for forbidden, message in _FORBIDDEN:
        offset = raw.find(forbidden)
        if offset >= 0:
            report(message, offset)
    if raw.isascii():
        return True  # ASCII is UTF-8: no need to decode a large file only to throw the text away
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        report(
            f"byte {raw[error.start]:#04x} is not valid UTF-8; re-save the file as UTF-8",
            error.start,
        )
        return False
    return True


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1
