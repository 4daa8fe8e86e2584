#!/usr/bin/env python3
"""Write derived metadata: `python scripts/build_metadata.py [PACKAGE_DIR] [--check]`."""

import sys

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy.cli import main

if __name__ == "__main__":
    sys.exit(main(["build-metadata", *sys.argv[1:]]))
