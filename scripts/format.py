#!/usr/bin/env python3
"""Write the data files in canonical form: `python scripts/format.py [PACKAGE_DIR] [--check]`."""

import sys
from pathlib import Path

try:
    from security_diplomacy.cli import main
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from security_diplomacy.cli import main

if __name__ == "__main__":
    sys.exit(main(["format", *sys.argv[1:]]))
