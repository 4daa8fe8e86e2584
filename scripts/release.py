#!/usr/bin/env python3
"""Build dist/ for a release: `python scripts/release.py [PACKAGE_DIR] [--dist DIR]`."""

import sys
from pathlib import Path

try:
    from security_diplomacy.release.cli import release_main
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from security_diplomacy.release.cli import release_main

if __name__ == "__main__":
    sys.exit(release_main(sys.argv[1:]))
