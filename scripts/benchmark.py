#!/usr/bin/env python3
"""Benchmark the validator against `frictionless validate` on synthetic packages.

`python scripts/benchmark.py [--sizes 10000,100000,1000000] [--long-source 500000]
[--runs 3] [--out benchmarks/results.md]`

For each size N it writes a synthetic package of N citations (scripts/synth.py), then runs, each
in its own process, `scripts/validate.py` (every check; as it runs by default, then with
`--jobs 1`) and `frictionless validate` (the reference, which checks less) on it, and records
wall time and peak memory (see :func:`measure`), ``--runs`` times in turn: each figure is the
median wall time and the largest peak of those runs (see :func:`combined`). It prints the table
and whether each target of the scale issue is met, and writes both, with the machine's
description, to benchmarks/results.md. Figures, not assertions: this is a benchmark, not a test.

The streaming item of the hostile-input issue is measured too: a package whose citations all
quote one source of 100,000 lines (``--long-source`` citations; 0 skips it), and for every
package the peak memory as a multiple of its largest single file.

The synthetic package is written by a child process too: a child forked from a process that
holds a million generated rows starts with that process's memory, and wait4 would report it as
the child's own peak (an early version of this script did, and showed the same peak for both).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Runs of the real package whose median is its figure (it takes about half a second).
REAL_RUNS = 5


@dataclasses.dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    status: int


def measure(command: list[str]) -> Run:
    """Wall time and peak memory of one command, run alone in its own process.

    The memory is the largest sum, sampled every 100 ms, of the proportional set size (PSS) of
    the process and its descendants: the validator forks a child on large packages, and the
    two share most pages, so adding their RSS would count those pages twice, and the RSS of
    either alone would miss the other's own pages.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_kb = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_kb = max(peak_kb, _tree_pss_kb(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    peak_mb = max(peak_kb, usage.ru_maxrss) / 1024  # a run too short to sample: its own RSS
    return Run(seconds, peak_mb, os.waitstatus_to_exitcode(status))


def combined(runs: list[Run]) -> Run:
    """One figure for repeated runs of a command: the median time, the largest peak memory.

    One run alone is not a figure on this machine: the same validation of 100,000 citations
    took 3.0 s to 4.4 s, enough to swing the cost-per-citation target either way. The median
    is what another run repeats; the memory is the worst seen, since a limit is about the
    worst. The exit status is the first that is not 0, so that a failing run shows.
    """
    seconds = statistics.median(run.seconds for run in runs)
    status = next((run.status for run in runs if run.status != 0), 0)
    return Run(seconds, max(run.peak_mb for run in runs), status)


def median_seconds(command: list[str], runs: int = REAL_RUNS) -> float:
    """The median wall time of ``runs`` runs, without the memory sampler.

    For a run of half a second, the sampler's 100 ms sleep and its reads of /proc (on a
    machine of two cores) would be a large part of what is measured, and one run alone can be
    far off on this machine: the median of a few is the figure that another run repeats.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _tree_pss_kb(pid: int) -> int:
    """PSS of a process and all its descendants, in kB (0 for one that has just ended)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        proc = Path("/proc") / str(current)
        try:
            for line in (proc / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in (proc / "task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # it ended while being read
    return total


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (
            f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "unknown",
    )
    return (
        f"{cpu}; {os.cpu_count()} cores; {memory} memory; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


@dataclasses.dataclass(frozen=True)
class Size:
    citations: int
    largest_mb: float  # the largest data file or source document
    ours: Run  # two processes (the default)
    alone: Run  # --jobs 1
    theirs: Run | None  # frictionless validate (not run on the long source)
    source_lines: int = 0  # of the longest source, for the long-source package
    formatted: Run | None = None  # scripts/format.py --check, which make validate runs first


def _synth(package: Path, citations: int, seed: int, per_source: int | None = None) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "synth.py"), str(package)]
    command += ["--citations", str(citations), "--seed", str(seed)]
    if per_source is not None:
        command += ["--citations-per-source", str(per_source)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def _largest_mb(package: Path) -> float:
    files = [*package.glob("data/*.csv"), *package.glob("sources/*")]
    return max((f.stat().st_size for f in files), default=0) / 1e6


def _longest_source(package: Path) -> int:
    return max((f.read_bytes().count(b"\n") + 1 for f in package.glob("sources/*")), default=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.md"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long-source", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each command per package")
    args = parser.parse_args()
    python = sys.executable
    validate = [python, str(ROOT / "scripts" / "validate.py")]
    format_check = [python, str(ROOT / "scripts" / "format.py"), "--check"]
    frictionless = str(Path(python).with_name("frictionless"))
    sizes = []
    # One run first, unmeasured: the first run after an install or an edit compiles bytecode.
    measure([*validate, str(ROOT)])
    real = measure([*validate, str(ROOT)])
    real = dataclasses.replace(real, seconds=median_seconds([*validate, str(ROOT)]))
    print(f"real package: {real.seconds:.2f} s, {real.peak_mb:.0f} MB (exit {real.status})")
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        for count in (int(s) for s in args.sizes.split(",")):
            package = Path(temporary) / f"n{count}"
            _synth(package, count, args.seed)
            ours, alone, theirs, formatted = _rounds(
                [
                    [*validate, str(package)],
                    [*validate, str(package), "--jobs", "1"],
                    [frictionless, "validate", str(package / "datapackage.json")],
                    [*format_check, str(package)],
                ],
                args.runs,
            )
            size = Size(count, _largest_mb(package), ours, alone, theirs, formatted=formatted)
            sizes.append(size)
            print(_line(size), flush=True)
        long = None
        if args.long_source:
            package = Path(temporary) / "long"
            _synth(package, args.long_source, args.seed, per_source=args.long_source)
            ours, alone = _rounds(
                [[*validate, str(package)], [*validate, str(package), "--jobs", "1"]], args.runs
            )
            long = Size(
                args.long_source,
                _largest_mb(package),
                ours,
                alone,
                theirs=None,
                source_lines=_longest_source(package),
            )
            print(LONG_HEADER, _long_line(long), sep="\n", flush=True)
    text = _report(real, sizes, long, args.runs)
    print("\n".join(_targets(real, sizes)))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _rounds(commands: list[list[str]], runs: int) -> list[Run]:
    """Each command's figure over ``runs`` rounds, each round running every command once.

    In turn rather than one command's runs in a row, so that a slower spell of the machine
    weighs on every command alike, and their ratio stays fair.
    """
    measured: list[list[Run]] = [[] for _ in commands]
    for _ in range(max(runs, 1)):
        for command, runs_of in zip(commands, measured, strict=True):
            runs_of.append(measure(command))
    return [combined(runs_of) for runs_of in measured]


HEADER = "\n".join(
    [
        "| citations | largest file MB | validate.py s | MB | --jobs 1 s | MB "
        "| frictionless s | MB | speed-up | µs per citation | x largest file | exits |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
)
LONG_HEADER = "\n".join(
    [
        "| citations | lines of the source | largest file MB | validate.py s | MB "
        "| --jobs 1 s | MB | x largest file | exits |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
)


def _line(size: Size) -> str:
    ours, alone, theirs = size.ours, size.alone, size.theirs
    assert theirs is not None
    return (
        f"| {size.citations:,} | {size.largest_mb:.1f} | {ours.seconds:.2f} | {ours.peak_mb:.0f} "
        f"| {alone.seconds:.2f} | {alone.peak_mb:.0f} "
        f"| {theirs.seconds:.2f} | {theirs.peak_mb:.0f} "
        f"| {theirs.seconds / ours.seconds:.2f}x | {ours.seconds / size.citations * 1e6:.1f} "
        f"| {_multiple(size)} | {ours.status} {alone.status} {theirs.status} |"
    )


def _long_line(size: Size) -> str:
    ours, alone = size.ours, size.alone
    return (
        f"| {size.citations:,} | {size.source_lines:,} | {size.largest_mb:.1f} "
        f"| {ours.seconds:.2f} | {ours.peak_mb:.0f} | {alone.seconds:.2f} | {alone.peak_mb:.0f} "
        f"| {_multiple(size)} | {ours.status} {alone.status} |"
    )


def _multiple(size: Size) -> str:
    """Peak memory over the largest file, by default and with --jobs 1."""
    return f"{size.ours.peak_mb / size.largest_mb:.1f} / {size.alone.peak_mb / size.largest_mb:.1f}"


def _targets(real: Run, sizes: list[Size]) -> list[str]:
    """Each target of the scale issue, met or not, by the figures above."""
    lines = [f"- real package under 1 s: {_met(real.seconds < 1)} ({real.seconds:.2f} s)"]
    largest = max(sizes, key=lambda size: size.citations, default=None)
    if largest is not None and largest.theirs is not None:
        ratio = largest.theirs.seconds / largest.ours.seconds
        lines.append(
            f"- {largest.citations:,} citations at least 10x faster than frictionless: "
            f"{_met(ratio >= 10)} ({ratio:.2f}x)"
        )
        lower = largest.ours.peak_mb < largest.theirs.peak_mb
        lines.append(
            f"- lower peak memory than frictionless there: {_met(lower)} "
            f"({largest.ours.peak_mb:.0f} MB against {largest.theirs.peak_mb:.0f} MB)"
        )
    by_count = {size.citations: size for size in sizes}
    if 100_000 in by_count and 1_000_000 in by_count:
        small, large = (by_count[n].ours.seconds / n for n in (100_000, 1_000_000))
        change = large / small - 1
        lines.append(
            f"- cost per citation flat within 25% from 100,000 to 1,000,000: "
            f"{_met(abs(change) <= 0.25)} ({change:+.0%})"
        )
    return lines


def _long_section(long: Size | None) -> list[str]:
    if long is None:
        return []
    return [
        "## One long source",
        "",
        "Every citation of this package quotes one source document (scripts/synth.py",
        f"`--citations {long.citations} --citations-per-source {long.citations}`).",
        "",
        LONG_HEADER,
        _long_line(long),
        "",
    ]


def _format_section(sizes: list[Size]) -> list[str]:
    """`make validate` checks the canonical form first: what that adds to the validator's time."""
    rows = [
        f"| {s.citations:,} | {s.formatted.seconds:.2f} | {s.formatted.peak_mb:.0f} "
        f"| {s.formatted.status} |"
        for s in sizes
        if s.formatted is not None
    ]
    if not rows:
        return []
    return [
        "## The canonical-form check",
        "",
        "`make validate` runs `scripts/format.py --check` before `validate.py`; not compared with",
        "frictionless, which has no such check.",
        "",
        "| citations | format.py --check s | MB | exit |",
        "|---:|---:|---:|---|",
        *rows,
        "",
    ]


def _met(condition: bool) -> str:
    return "met" if condition else "**not met**"


def _report(real: Run, sizes: list[Size], long: Size | None, runs: int) -> str:
    lines = [
        "# Benchmark: scripts/validate.py against frictionless validate",
        "",
        f"Machine: {machine()}.",
        "",
        "Written by `make bench` (scripts/benchmark.py) on synthetic packages from",
        "scripts/synth.py. `validate.py` runs every check (Table Schema, JSON Schema, sources,",
        "citations, support of every cell, line coverage), in two processes on a large package",
        "and in one with `--jobs 1`; `frictionless validate` checks the Table Schema layer only.",
        "Memory is the peak of the summed PSS of the process and its children, sampled every",
        '100 ms. The exits are those of the three runs (0: valid). "x largest file" is the peak',
        "memory over the size of the package's largest file, by default / with `--jobs 1`.",
        f"Each command ran {runs} times on each synthetic package, in rounds that run every",
        "command once; a figure is the median wall time and the largest peak memory of its",
        "runs, and an exit the first that is not 0.",
        "",
        f"Real package: {real.seconds:.2f} s wall time, interpreter start included (the median "
        f"of {REAL_RUNS} runs, after one unmeasured run, which compiles the bytecode), "
        f"{real.peak_mb:.0f} MB peak (exit {real.status}).",
        "",
        HEADER,
        *(_line(size) for size in sizes),
        "",
        *_format_section(sizes),
        *_long_section(long),
        "## Targets",
        "",
        *_targets(real, sizes),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
