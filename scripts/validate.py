#!/usr/bin/env python3
"""Validate the data package.

`python scripts/validate.py [PACKAGE_DIR] [--format text|json|github] [--coverage] [--conflicts]`
"""

import sys
from pathlib import Path

try:
    from security_diplomacy.cli import exit_now, main
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from security_diplomacy.cli import exit_now, main

if __name__ == "__main__":
    exit_now(main(["validate", *sys.argv[1:]]))
