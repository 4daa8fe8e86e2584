#!/usr/bin/env python3
"""Compare two versions: `python scripts/diff.py OLD NEW [--json]` (directories or release zips)."""

import sys

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy.release.cli import diff_main

if __name__ == "__main__":
    sys.exit(diff_main(sys.argv[1:]))
