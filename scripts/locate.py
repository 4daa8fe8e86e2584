#!/usr/bin/env python3
"""Find the line(s) of a source that hold some words: `python scripts/locate.py SOURCE_ID WORDS`."""

import sys
from pathlib import Path

try:
    from security_diplomacy.cli import main
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from security_diplomacy.cli import main

if __name__ == "__main__":
    sys.exit(main(["locate", *sys.argv[1:]]))
