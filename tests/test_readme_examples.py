"""The README's "How to load it" examples run as printed, on a copy of the package.

A reader copies these first; an example that fails (a renamed column, a record id that no
longer exists, an API that changed) is a broken promise that no other test would notice.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

from helpers import REPO, read_csv

SECTION = "## How to load it"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _examples() -> list[str]:
    """The section's Python examples, in order: pandas, frictionless, the csv module."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return _BLOCK.findall(text[start:end])


def _run(root: Path, number: int) -> tuple[dict[str, Any], list[str]]:
    """Run one example in ``root``: its variables and the lines it printed."""
    printed, namespace = io.StringIO(), dict[str, Any]()
    with contextlib.chdir(root), contextlib.redirect_stdout(printed):
        exec(compile(_examples()[number], f"README.md, example {number + 1}", "exec"), namespace)
    return namespace, printed.getvalue().splitlines()


def test_the_section_has_its_three_examples() -> None:
    examples = _examples()
    assert len(examples) == 3
    assert "import pandas" in examples[0]
    assert "from frictionless import Package" in examples[1]
    assert "import csv" in examples[2]


def test_the_pandas_example_finds_the_evidence_of_its_record(pristine: Path) -> None:
    namespace, _ = _run(pristine, 0)
    record = re.search(r'record_id == "([^"]+)"', _examples()[0])
    assert record is not None
    citations = namespace["citations"]
    assert len(citations[citations.record_id == record.group(1)]) > 0
    assert (namespace["events"].start_date == "XXXX-05-21").any(), "a date kept as written"


def test_the_frictionless_example_prints_every_participant(pristine: Path) -> None:
    _, printed = _run(pristine, 1)
    assert len(printed) == len(read_csv(pristine, "participants")[1])


def test_the_csv_example_prints_every_statement(pristine: Path) -> None:
    _, printed = _run(pristine, 2)
    assert len(printed) == len(read_csv(pristine, "statements")[1])
