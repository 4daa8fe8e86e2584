"""Every data file belongs to a resource.

A CSV file next to the data files that no resource names is published without a schema and
without being validated: a table removed from datapackage.json but not from ``data/``, or a
copy left behind by a spreadsheet. The directories looked at are those of the resources' files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ..model import DESCRIPTOR, Package
from ..problems import Problem, problem


def check(pkg: Package) -> Iterator[Problem]:
    listed = {table.path for table in pkg.tables.values()} | pkg.declared("path")
    suffixes = {PurePosixPath(path).suffix for path in listed} - {""}
    for entry in pkg.data_dir_entries:
        if PurePosixPath(entry).suffix in suffixes and entry not in listed:
            yield problem(
                "data-file-unlisted",
                entry,
                f"{entry} is the data file of no resource in {DESCRIPTOR}, so nothing checks "
                "it; add a resource for it or delete the file",
            )
