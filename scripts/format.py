#!/usr/bin/env python3
"""Write the data files in canonical form: `python scripts/format.py [PACKAGE_DIR] [--check]`."""

import sys

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy.cli import main

if __name__ == "__main__":
    sys.exit(main(["format", *sys.argv[1:]]))
