#!/usr/bin/env python3
"""Find the line(s) of a source that hold some words: `python scripts/locate.py SOURCE_ID WORDS`."""

import sys

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy.cli import main

if __name__ == "__main__":
    sys.exit(main(["locate", *sys.argv[1:]]))
