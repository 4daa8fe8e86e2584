"""Command line: ``validate`` and ``build-metadata``.

Exit status 0 means valid (or nothing stale), 1 means problems were found, 2 means bad usage.
Bad package content never produces a traceback: it is reported as problems.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import report
from .checks import CHECKS, run_checks
from .metadata import write_derived
from .package import load


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.package_dir)
    if not root.is_dir():
        print(f"{root}: not a directory; pass the data package's root", file=sys.stderr)
        return 2
    if args.command == "validate":
        return _validate(root, as_json=args.json)
    return _build_metadata(root, check_only=args.check)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="security-diplomacy", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="run every check over the package")
    validate.add_argument("--json", action="store_true", help="print a JSON report")
    build = commands.add_parser("build-metadata", help="write the derived metadata files")
    build.add_argument(
        "--check", action="store_true", help="only report stale derived files and stamps"
    )
    for command in (validate, build):
        command.add_argument("package_dir", nargs="?", default=".", help="default: current dir")
    return parser


def _validate(root: Path, *, as_json: bool) -> int:
    pkg = load(root)
    problems = run_checks(pkg)
    print(report.as_json(pkg, problems) if as_json else report.as_text(pkg, problems))
    return 1 if problems else 0


def _build_metadata(root: Path, *, check_only: bool) -> int:
    pkg = load(root)
    if pkg.descriptor is None:
        print(report.as_text(pkg, pkg.problems))
        return 1
    if check_only:
        staleness = [(name, check) for name, check in CHECKS if name in {"integrity", "derived"}]
        problems = run_checks(pkg, staleness, loading=False)
        for line in map(str, report.sorted_problems(problems)):
            print(line)
        print("derived files are up to date" if not problems else "run `make metadata`")
        return 1 if problems else 0
    changed = write_derived(pkg)
    print("\n".join(f"wrote {rel}" for rel in changed) or "derived files were already up to date")
    return 0
