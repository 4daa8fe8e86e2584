"""Row counts and citations per source, compared with a reviewed baseline.

A changed count is not an error in itself, but it must be deliberate: after a data edit, review
the difference and accept it with ``pytest tests/test_regression.py --force-regen``.
"""

from __future__ import annotations

from collections import Counter

from helpers import PACKAGE

from security_diplomacy.model import CITATIONS_TABLE
from security_diplomacy.package import load


def test_counts(data_regression) -> None:
    """Without its baseline the test fails (pytest-regressions writes one to review); no skip."""
    pkg = load(PACKAGE)
    citations = pkg.tables[CITATIONS_TABLE].rows
    per_source = Counter(row.text("source_id") for row in citations)
    data_regression.check(
        {
            "rows": {name: len(table.rows) for name, table in sorted(pkg.tables.items())},
            "citations_per_source": {k: per_source[k] for k in sorted(pkg.sources)},
        }
    )
