"""The curation helper finds words in a source, or shows the closest lines and the differences."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import REPO

from security_diplomacy.locate import locate, mark_differences

LINES = ("Tajik President Emomali Rahmon received the heads", "", "the president’s website says")


def test_exact_words() -> None:
    found = locate(LINES, "Emomali Rahmon")
    assert [(m.line, m.kind) for m in found] == [(1, "exact")]


def test_straight_apostrophe_finds_the_typographic_one() -> None:
    found = locate(LINES, "the president's website")
    assert [(m.line, m.kind) for m in found] == [(3, "normalized")]


def test_words_that_do_not_occur_give_the_closest_lines_marked() -> None:
    found = locate(LINES, "President Emomali Rahman received")
    assert found[0].kind == "closest" and found[0].line == 1
    assert "[-a-]{+o+}" in found[0].text


def test_mark_differences() -> None:
    assert mark_differences("Rahman", "Rahmon") == "Rahm[-a-]{+o+}n"


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "locate.py"), *args, "--package", str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_script_prints_the_line_number(pristine: Path) -> None:
    result = _script("news-xxxx-05-21-cis-security-agencies-council", "the Tajik president's")
    assert result.returncode == 0, result.stderr
    assert ":1:" in result.stdout and "Traceback" not in result.stderr


def test_script_on_missing_words_exits_1_with_the_closest_lines() -> None:
    result = _script("news-xxxx-05-21-cis-security-agencies-council", "Rahman received")
    assert result.returncode == 1
    assert "does not occur" in result.stdout and "{+o+}" in result.stdout


def test_script_on_unknown_source_exits_2() -> None:
    result = _script("no-such-source", "words")
    assert result.returncode == 2 and "no readable source" in result.stdout
