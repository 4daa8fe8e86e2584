"""The source documents: present, inside the package, unchanged.

Every citation quotes a line of a file in sources/, so each sources row must point at a regular
file ``sources/<source_id>.txt`` inside the package (no ``..``, no absolute path, no symlink,
which could silently swap the evidence), and the recorded ``sha256`` and ``line_count`` must
match its bytes. Files in sources/ that no row describes are reported too.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import SOURCES_DIR, SOURCES_TABLE, Package, Row, SourceFile
from ..problems import Problem, problem


def check(pkg: Package) -> Iterator[Problem]:
    table = pkg.tables.get(SOURCES_TABLE)
    if table is None or not table.loaded:
        return
    for row in table.rows:
        source = pkg.sources.get(row.text("source_id") or "")
        if source is not None and source.row == row.line:  # duplicates: the key check reports
            yield from _check_source(table.path, row, source)
    listed = {source.path for source in pkg.sources.values()}
    for entry in pkg.source_dir_entries:
        if entry.endswith(".txt") and entry not in listed:  # other files document the folder
            yield problem(
                "source-unlisted",
                entry,
                f"{entry} is not described by any row of {table.path}; add a row or remove it",
            )


def _check_source(path: str, row: Row, source: SourceFile) -> Iterator[Problem]:
    """Location first: content is only judged for a regular file inside sources/."""
    outside = f"path {source.path!r} leaves {SOURCES_DIR}/; keep the document inside the package"
    if not source.lexically_inside:
        yield _at(path, row, "path-outside-package", outside)
        return
    expected = f"{SOURCES_DIR}/{source.source_id}.txt"
    if source.path != expected:
        yield _at(
            path,
            row,
            "source-path-mismatch",
            f"path is {source.path!r}; it must be {expected!r} (rename the file or the id)",
        )
    if source.is_symlink:
        yield _at(
            path,
            row,
            "source-symlink",
            f"{source.path} is a symbolic link; replace it with the document's own bytes",
        )
    elif source.exists and not source.resolves_inside:
        yield _at(path, row, "path-outside-package", outside)
    elif not source.is_file:
        what = "is not a regular file" if source.exists else "does not exist"
        yield _at(
            path,
            row,
            "source-missing",
            f"{source.path} {what}; restore the document or fix the path",
        )
    elif source.read_error is not None:
        yield _at(
            path,
            row,
            "source-missing",
            f"{source.path} cannot be read ({source.read_error}); make it readable or restore it",
        )
    else:
        yield from _check_content(path, row, source)


def _check_content(path: str, row: Row, source: SourceFile) -> Iterator[Problem]:
    if source.lines is None:
        yield _at(
            path,
            row,
            "source-encoding",
            f"{source.path} is not valid UTF-8; sources must be stored as UTF-8 text",
        )
    digest = source.sha256
    recorded = row.get("sha256")
    if recorded != digest:
        yield _at(
            path,
            row,
            "source-hash-mismatch",
            f"sha256 is {recorded!r} but {source.path} hashes to {digest}: the document changed "
            "or the row is wrong; restore the original bytes (never edit a source)",
            column="sha256",
        )
    lines = source.byte_lines
    recorded_lines = row.get("line_count")
    if recorded_lines != lines:
        yield _at(
            path,
            row,
            "source-line-count-mismatch",
            f"line_count is {recorded_lines!r} but {source.path} has {lines} lines "
            "(elements of the text split on \\n); correct line_count",
            column="line_count",
        )


def _at(path: str, row: Row, code: str, message: str, column: str = "path") -> Problem:
    return problem(code, path, message, row=row.line, column=column)
