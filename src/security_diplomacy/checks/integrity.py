"""The data files' ``bytes`` and ``hash`` in datapackage.json match the files.

They let users verify a download, so they must be stamped after the last data edit
(``make metadata``). Frictionless checks them when present, but says nothing when they are
missing; this check covers both cases.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Package, Table
from ..problems import Problem, problem

FIX = "run `make metadata` after the last data edit"


def check(pkg: Package) -> Iterator[Problem]:
    for table in pkg.tables.values():
        if table.stamp is not None:
            yield from _check_stamp(table, table.stamp)


def _check_stamp(table: Table, measured: tuple[int, str]) -> Iterator[Problem]:
    """One problem per file: a wrong hash says it all, a wrong size alone is reported as such."""
    size, digest = measured
    recorded_size, recorded_hash = table.descriptor.get("bytes"), table.descriptor.get("hash")
    if recorded_hash != digest:
        yield problem(
            "resource-hash-mismatch",
            table.path,
            f"{_recorded('hash', recorded_hash, table.name)} "
            f"but the file hashes to {digest}; {FIX}",
        )
    elif recorded_size != size:
        yield problem(
            "resource-bytes-mismatch",
            table.path,
            f"{_recorded('bytes', recorded_size, table.name)} but the file has {size} bytes; {FIX}",
        )


def _recorded(key: str, value: object, resource: str) -> str:
    if value is None:
        return f"datapackage.json records no `{key}` for resource `{resource}`"
    return f"datapackage.json records {key}={value!r} for resource `{resource}`"
