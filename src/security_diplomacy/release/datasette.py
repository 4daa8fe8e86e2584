"""Datasette metadata for the SQLite export: titles, descriptions, license and sources.

Everything is taken from datapackage.json, so the browser shows the same words as the data
dictionary.
"""

from __future__ import annotations

from typing import Any

from ..model import Package
from .columns import description


def datasette_metadata(pkg: Package, database: str) -> dict[str, Any]:
    descriptor: dict[str, Any] = dict(pkg.descriptor or {})
    licenses = descriptor.get("licenses") or [{}]
    sources = descriptor.get("sources") or []
    tables = {
        name: {
            "title": str(table.descriptor.get("title", name)),
            "description": str(table.descriptor.get("description", "")),
            "columns": {field.name: description(field) for field in table.fields},
        }
        for name, table in sorted(pkg.tables.items())
    }
    return {
        "title": descriptor.get("title", ""),
        "description": descriptor.get("description", ""),
        "license": licenses[0].get("name", ""),
        "license_url": licenses[0].get("path", ""),
        "source": "; ".join(str(s.get("title", s.get("path", ""))) for s in sources),
        "databases": {database: {"tables": tables}},
    }
