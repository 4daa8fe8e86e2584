"""Validate CITATION.cff against the Citation File Format 1.2.0 JSON Schema.

The schema is the one that the cffconvert package ships. cffconvert itself pins jsonschema 3,
which frictionless cannot use, so it is installed without its dependencies
(requirements-nodeps.lock) and never imported: only its schema file is read.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

CFF_VERSION = "1.2.0"


def read_citation_file(root: Path) -> dict[str, Any]:
    """CITATION.cff of the package at ``root`` as YAML data; empty when there is none."""
    path = root / "CITATION.cff"
    document = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return document if isinstance(document, dict) else {}


def cff_schema() -> dict[str, Any]:
    """The CFF JSON Schema shipped by cffconvert, found without importing the package."""
    spec = importlib.util.find_spec("cffconvert")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise FileNotFoundError(
            "cffconvert is not installed; run `make` (it installs requirements-nodeps.lock)"
        )
    path = Path(locations[0]) / "schemas" / CFF_VERSION / "schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def citation_problems(path: Path) -> list[str]:
    """Every way CITATION.cff breaks the CFF 1.2.0 schema, as `location: message`."""
    # BaseLoader keeps every scalar a string, as CFF readers see them (no YAML dates).
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    validator = jsonschema.Draft7Validator(
        cff_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]
