"""The progress bar: drawn on a terminal after its delay, never in CI, with --json or in a pipe."""

from __future__ import annotations

import io
import sys

import pytest

from security_diplomacy import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_shows_steps_once_the_delay_has_passed() -> None:
    stream = Terminal()
    bar = progress.Progress(4, enabled=True, stream=stream, delay=0.0)
    bar.step("loading")
    bar.step("tables")
    bar.close()
    text = stream.getvalue()
    assert "0/4 loading" in text and "1/4 tables" in text
    assert text.endswith("\r"), "the bar is cleared before the report prints"


def test_nothing_before_the_delay() -> None:
    stream = Terminal()
    bar = progress.Progress(4, enabled=True, stream=stream, delay=3600.0)
    bar.step("loading")
    bar.close()
    assert stream.getvalue() == ""


def test_quiet_in_ci_with_json_and_in_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted("text", Terminal())
    assert not progress.wanted("json", Terminal())
    assert not progress.wanted("text", io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted("text", Terminal())


def test_standard_error_is_the_one_of_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the stream seen at import: a host that swapped it may have closed that one."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert progress.wanted("text")
    closed = Terminal()
    closed.close()
    monkeypatch.setattr(sys, "stderr", closed)
    assert not progress.wanted("text")
    stream = Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    bar = progress.Progress(4, enabled=True, delay=0.0)
    bar.step("loading")
    bar.close()
    assert "0/4 loading" in stream.getvalue()
