#!/usr/bin/env python3
"""Benchmark the validator against `frictionless validate` on synthetic packages.

`python scripts/benchmark.py [--sizes 10000,100000,1000000] [--out benchmarks/results.md]`

For each size N it writes a synthetic package of N citations (scripts/synth.py), then runs, each
in its own process, `scripts/validate.py` (every check) and `frictionless validate` (the
reference, which checks less) on it, and records wall time and peak memory (the child's max
RSS from wait4). It prints the table and writes it, with the machine's description, to
benchmarks/results.md. Figures, not assertions: this is a benchmark, not a test.

The synthetic package is written by a child process too: a child forked from a process that
holds a million generated rows starts with that process's memory, and wait4 would report it as
the child's own peak (an early version of this script did, and showed the same peak for both).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.md"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    python = sys.executable
    frictionless = str(Path(python).with_name("frictionless"))
    rows = []
    real = measure([python, str(ROOT / "scripts" / "validate.py"), str(ROOT)])
    print(f"real package: {real.seconds:.2f} s, {real.peak_mb:.0f} MB (exit {real.status})")
    with tempfile.TemporaryDirectory() as temporary:
        for size in (int(s) for s in args.sizes.split(",")):
            package = Path(temporary) / f"n{size}"
            synth = [python, str(ROOT / "scripts" / "synth.py"), str(package)]
            subprocess.run([*synth, "--citations", str(size), "--seed", str(args.seed)], check=True)
            ours = measure([python, str(ROOT / "scripts" / "validate.py"), str(package)])
            theirs = measure([frictionless, "validate", str(package / "datapackage.json")])
            rows.append((size, ours, theirs))
            print(_line(size, ours, theirs), flush=True)
    text = _report(real, rows)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _line(size: int, ours: Run, theirs: Run) -> str:
    return (
        f"| {size:,} | {ours.seconds:.2f} | {ours.peak_mb:.0f} | {ours.status} "
        f"| {theirs.seconds:.2f} | {theirs.peak_mb:.0f} | {theirs.status} "
        f"| {theirs.seconds / ours.seconds:.2f}x | {ours.seconds / size * 1e6:.1f} |"
    )


def _report(real: Run, rows: list[tuple[int, Run, Run]]) -> str:
    lines = [
        "# Benchmark: scripts/validate.py against frictionless validate",
        "",
        f"Machine: {machine()}.",
        "",
        "Written by `make bench` (scripts/benchmark.py) on synthetic packages from",
        "scripts/synth.py. `validate.py` runs every check (Table Schema, JSON Schema, sources,",
        "citations, support of every cell, line coverage); `frictionless validate` checks the",
        "Table Schema layer only. Exit status 0 means valid. Memory is the peak of the summed",
        "PSS of the process and its children, sampled every 100 ms.",
        "",
        f"Real package: {real.seconds:.2f} s wall time, interpreter start included, "
        f"{real.peak_mb:.0f} MB peak (exit {real.status}).",
        "",
        "| citations | validate.py s | validate.py MB | exit | frictionless s | frictionless MB "
        "| exit | speed-up | µs per citation |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_line(size, ours, theirs) for size, ours, theirs in rows),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
