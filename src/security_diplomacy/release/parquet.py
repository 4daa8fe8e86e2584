"""Export each resource to Parquet with its declared types, for DuckDB, Spark and pandas.

Integers are int64, lists are list<string>, everything else is string; empty cells are null.
Each column carries its description, and each file the package name and version, as Parquet
metadata. pyarrow writes no timestamp, so the same package gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Field, Package, Table
from .columns import description

_TYPES = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}


def arrow_type(field: Field) -> pa.DataType:
    if field.type == "list":
        return pa.list_(pa.string())
    return _TYPES.get(field.type, pa.string())


def write_parquet(pkg: Package, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(pkg.tables.items()):
        path = directory / f"{name}.parquet"
        pq.write_table(_arrow_table(pkg, table), path, compression="zstd")
        written.append(path)
    return written


def _arrow_table(pkg: Package, table: Table) -> pa.Table:
    schema = pa.schema(
        [
            pa.field(f.name, arrow_type(f), metadata={"description": description(f)})
            for f in table.fields
        ],
        metadata={
            "package": str((pkg.descriptor or {}).get("name", "")),
            "version": str((pkg.descriptor or {}).get("version", "")),
            "resource": table.name,
        },
    )
    columns = {
        f.name: [
            list(value) if isinstance(value := row.get(f.name), tuple) else value
            for row in table.rows
        ]
        for f in table.fields
    }
    return pa.Table.from_pydict(columns, schema=schema)
