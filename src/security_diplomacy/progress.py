"""A progress bar for long validations: on a terminal only, and only once it has taken a while.

A run of the real package ends in well under a second and prints nothing extra; a large
package shows which step it is in. Nothing is drawn in CI (``CI`` set), with ``--json`` or
when standard error is not a terminal, so logs and machine-read output stay clean.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO

DELAY = 2.0  # seconds before the bar appears
WIDTH = 24


def wanted(output: str, stream: TextIO | None = None) -> bool:
    """Whether a bar may be drawn for this run (on ``stream``: standard error as it is now)."""
    stream = _current(stream)
    return output != "json" and not os.environ.get("CI") and not stream.closed and stream.isatty()


def _current(stream: TextIO | None) -> TextIO:
    # Looked up at each call, not bound at import: a host that swaps sys.stderr (pytest's
    # capture, a notebook, a caller that redirects it) may have closed the one seen at import.
    return sys.stderr if stream is None else stream


class Progress:
    """Steps counted against a total; redrawn by a background thread while a step runs."""

    def __init__(
        self, total: int, *, enabled: bool, stream: TextIO | None = None, delay: float = DELAY
    ) -> None:
        self._total, self._enabled, self._delay = total, enabled, delay
        self._stream = _current(stream)
        self._done, self._name = 0, ""
        self._start = time.monotonic()
        self._drawn = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if enabled:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()

    def step(self, name: str) -> None:
        """A new step begins; the previous one is done."""
        with self._lock:
            if self._name:
                self._done += 1
            self._name = name
        self.draw()

    def draw(self) -> None:
        if not self._enabled or time.monotonic() - self._start < self._delay:
            return
        with self._lock:
            filled = WIDTH * self._done // max(self._total, 1)
            bar = "#" * filled + "." * (WIDTH - filled)
            line = f"\r[{bar}] {self._done}/{self._total} {self._name:<12}"
            self._stream.write(line)
            self._stream.flush()
            self._drawn = True

    def close(self) -> None:
        """Stop redrawing and clear the bar, so the report starts on a clean line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._drawn:
            self._stream.write("\r" + " " * (WIDTH + 20) + "\r")
            self._stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            self.draw()
