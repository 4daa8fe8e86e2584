"""What every script does first: run this checkout's code, and explain a missing dependency.

`python scripts/NAME.py` puts the checkout's `src/` first on the import path, so that a script
runs the code beside it, not another checkout installed in the same environment. A third-party
package that cannot be imported means the script runs outside `.venv`: a usage error (exit 2,
as for a wrong argument), not a finding (exit 1) nor a bug in the validator (exit 3).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

USAGE_ERROR = 2


@contextlib.contextmanager
def dependencies() -> Iterator[None]:
    """Imports made inside it that fail for want of a third-party package exit 2, explained."""
    try:
        yield
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] == "security_diplomacy":
            raise  # the project's own code is missing or broken: a bug, not a setup problem
        script = Path(sys.argv[0]).name
        print(
            f"{script}: the package {error.name!r} is not installed for {sys.executable}; run "
            f"`make validate` once (it builds .venv with the pinned dependencies), then "
            f"`.venv/bin/python scripts/{script} ...`",
            file=sys.stderr,
        )
        raise SystemExit(USAGE_ERROR) from None
