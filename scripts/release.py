#!/usr/bin/env python3
"""Build dist/ for a release: `python scripts/release.py [PACKAGE_DIR] [--dist DIR]`."""

import sys

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy.release.cli import release_main

if __name__ == "__main__":
    sys.exit(release_main(sys.argv[1:]))
