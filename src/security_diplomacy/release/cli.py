"""Command line of the release tools: ``release`` (build dist/) and ``diff`` (compare versions).

Exit status 0 on success, 1 when a release is refused, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import diff as package_diff
from .build import ReleaseRefused, build


def release_main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="release", description="Build dist/ for a release.")
    parser.add_argument("package_dir", nargs="?", default=".", help="default: current dir")
    parser.add_argument("--dist", default="dist", help="output directory (default: dist)")
    args = parser.parse_args(argv)
    root = Path(args.package_dir)
    try:
        files = build(
            root, root / args.dist if not Path(args.dist).is_absolute() else Path(args.dist)
        )
    except ReleaseRefused as refusal:
        print(f"release refused:\n{refusal}", file=sys.stderr)
        return 1
    for path in files:
        print(path)
    return 0


def diff_main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="diff", description="Records added, removed and changed between two versions."
    )
    parser.add_argument("old", help="package directory or release zip")
    parser.add_argument("new", help="package directory or release zip")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    for side in (args.old, args.new):
        if not Path(side).exists():
            print(f"{side}: no such directory or zip", file=sys.stderr)
            return 2
    try:
        diffs = package_diff.diff(Path(args.old), Path(args.new))
    except (FileNotFoundError, OSError, ValueError) as error:
        print(f"cannot compare: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(package_diff.as_json(diffs), indent=2, ensure_ascii=False))
    else:
        print(package_diff.as_text(diffs))
    return 0
