#!/usr/bin/env python3
"""Write a synthetic, valid package.

`python scripts/synth.py --citations N OUT_DIR [--seed S] [--citations-per-source P]`
(P = 1000 by default: sources of about 200 lines; P = N = 500000 writes one of 100,000 lines).
"""

import argparse
from pathlib import Path

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy import synth

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir")
    parser.add_argument("--citations", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--citations-per-source", type=int, default=synth.CITATIONS_PER_SOURCE)
    args = parser.parse_args()
    synth.write(
        Path(args.out_dir),
        citations=args.citations,
        seed=args.seed,
        per_source=args.citations_per_source,
    )
    print(f"wrote a package of about {args.citations} citations to {args.out_dir}")
