#!/usr/bin/env python3
"""Validate the data package.

`python scripts/validate.py [PACKAGE_DIR] [--format text|json|github] [--coverage] [--conflicts]`
"""

import sys

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy.cli import exit_now, main

if __name__ == "__main__":
    exit_now(main(["validate", *sys.argv[1:]]))
