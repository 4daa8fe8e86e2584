"""Command line: ``validate``, ``format``, ``build-metadata`` and ``locate``.

Exit status 0 means valid (or nothing stale), 1 means problems were found, 2 means bad usage.
Bad package content never produces a traceback: it is reported as problems.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from . import progress, report
from .checks import CHECKS, run_checks
from .evidence.conflicts import conflicts
from .evidence.support import evaluate
from .formatter import describe, format_package
from .locate import locate
from .metadata import blockers, write_derived
from .package import load

# Exit statuses: 0 valid, 1 problems found, 2 wrong usage, 3 a bug in the validator itself.
INTERNAL_ERROR = 3


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.package_dir)
    if not root.is_dir():
        print(f"{root}: not a directory; pass the data package's root", file=sys.stderr)
        return 2
    try:
        return _run(root, args)
    except Exception:  # a check's crash is a finding; this is what no check caught
        traceback.print_exc()
        print(
            "internal error: this is a bug in the validator, not a finding about the data; "
            "please report it with the input that caused it",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


def _run(root: Path, args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(root, args)
    if args.command == "locate":
        return _locate(root, args.source_id, args.words)
    if args.command == "format":
        return _format(root, check_only=args.check)
    return _build_metadata(root, check_only=args.check)


def run() -> None:
    """Console-script entry point."""
    exit_now(main())


def exit_now(status: int) -> NoReturn:
    """Exit without tearing down the interpreter's objects one by one.

    After a large package has been checked, freeing its millions of strings and lists at exit
    takes seconds and achieves nothing; the operating system reclaims the memory at once. The
    output is flushed first, so nothing printed is lost.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="security-diplomacy", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="run every check over the package")
    validate.add_argument(
        "--format",
        dest="output",
        choices=report.FORMATS,
        default="text",
        help="text (default), json, or github (GitHub Actions annotations)",
    )
    validate.add_argument(
        "--json", dest="output", action="store_const", const="json", help="same as --format json"
    )
    validate.add_argument(
        "--jobs",
        type=int,
        choices=(1, 2),
        default=2,
        help="processes to use on a large package: 2 (default) runs the support check in a "
        "second process, faster but with more memory; 1 uses one",
    )
    validate.add_argument(
        "--coverage",
        action="store_true",
        help="also report supported values per column and uncited source lines",
    )
    validate.add_argument(
        "--conflicts",
        action="store_true",
        help="also list the records whose documents disagree (each reading with its sources)",
    )
    build = commands.add_parser("build-metadata", help="write the derived metadata files")
    build.add_argument(
        "--check", action="store_true", help="only report stale derived files and stamps"
    )
    canonical = commands.add_parser(
        "format", help="rewrite the data files in canonical form (sorted rows, LF, minimal quotes)"
    )
    canonical.add_argument(
        "--check", action="store_true", help="only report the files that are not canonical"
    )
    for command in (validate, build, canonical):
        command.add_argument("package_dir", nargs="?", default=".", help="default: current dir")
    find = commands.add_parser("locate", help="print the lines of a source that hold some words")
    find.add_argument("source_id", help="a source_id of data/sources.csv")
    find.add_argument("words", help="the words to find, as you would quote them")
    find.add_argument("--package", dest="package_dir", default=".", help="default: current dir")
    return parser


def _validate(root: Path, args: argparse.Namespace) -> int:
    bar = progress.Progress(len(CHECKS) + 1, enabled=progress.wanted(args.output))
    try:
        with _without_cycle_collection():
            bar.step("loading")
            pkg = load(root)
            problems = run_checks(pkg, on_step=bar.step, parallel=args.jobs > 1)
    finally:
        bar.close()
    extra: dict[str, object] = {}
    if args.coverage or args.conflicts:
        evaluation = evaluate(pkg)
        if args.coverage:
            extra["coverage"] = report.coverage(pkg, evaluation)
        if args.conflicts:
            extra["conflicts"] = conflicts(evaluation)
    if args.output == "json":
        print(report.as_json(pkg, problems, extra))
    else:
        render = report.as_github if args.output == "github" else report.as_text
        print(render(pkg, problems))
        if "coverage" in extra:
            print(report.coverage_text(extra["coverage"]))  # type: ignore[arg-type]
        if "conflicts" in extra:
            print(report.conflicts_text(extra["conflicts"]))  # type: ignore[arg-type]
    return 1 if problems else 0


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a package is loaded and checked.

    A large package is millions of small lists and tuples, none of them in a reference cycle;
    the collector would walk all of them again and again as they are created (a third of the
    loading time of a 100,000-citation package). Memory is still freed as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _format(root: Path, *, check_only: bool) -> int:
    """Exit 1 when a file is not canonical (``--check``) or cannot be formatted."""
    stoppers, results = format_package(root, write=not check_only)
    if stoppers:
        print("\n".join(map(str, report.sorted_problems(stoppers))))
        print("nothing formatted: fix datapackage.json first")
        return 1
    print("\n".join(describe(results, write=not check_only)))
    failed = any(r.refused or (check_only and r.changed) for r in results)
    return 1 if failed else 0


def _locate(root: Path, source_id: str, words: str) -> int:
    pkg = load(root)
    source = pkg.sources.get(source_id)
    if source is None or source.lines is None:
        known = ", ".join(sorted(pkg.sources)) or "none"
        print(f"{source_id!r} is no readable source of this package; known: {known}")
        return 2
    found = locate(source.lines, words)
    print(report.matches_text(source.path, words, found))
    return 0 if found and found[0].kind != "closest" else 1


def _build_metadata(root: Path, *, check_only: bool) -> int:
    pkg = load(root)
    # A file the loader could not read would drop what it describes from the derived files:
    # they wait for its repair, and cannot be called up to date meanwhile.
    unreadable = blockers(pkg)
    if unreadable:
        print(report.as_text(pkg, unreadable))
        done = "checked" if check_only else "wrote"
        print(f"{done} nothing: repair what is named above, then run `make metadata` again")
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
