"""Row counts and citations per source, compared with a reviewed baseline.

A changed count is not an error in itself, but it must be deliberate: after a data edit, review
the difference and accept it with ``pytest tests/test_regression.py --force-regen``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from helpers import PACKAGE

from security_diplomacy.model import CITATIONS_TABLE
from security_diplomacy.package import load

BASELINE = Path(__file__).with_suffix("") / "test_counts.yml"


def test_counts(data_regression, request: pytest.FixtureRequest) -> None:
    if not BASELINE.exists() and not request.config.getoption("force_regen"):
        pytest.skip(
            f"no baseline yet: create {BASELINE.name} with --force-regen once data is final"
        )
    pkg = load(PACKAGE)
    citations = pkg.tables[CITATIONS_TABLE].rows
    per_source = Counter(row.text("source_id") for row in citations)
    data_regression.check(
        {
            "rows": {name: len(table.rows) for name, table in sorted(pkg.tables.items())},
            "citations_per_source": {k: per_source[k] for k in sorted(pkg.sources)},
        }
    )
