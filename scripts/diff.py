#!/usr/bin/env python3
"""Compare two versions: `python scripts/diff.py OLD NEW [--json]` (directories or release zips)."""

import sys
from pathlib import Path

try:
    from security_diplomacy.release.cli import diff_main
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from security_diplomacy.release.cli import diff_main

if __name__ == "__main__":
    sys.exit(diff_main(sys.argv[1:]))
