#!/usr/bin/env python3
"""How long Python's re takes on the patterns that the validator agrees to run.

`python benchmarks/pattern_trial.py [--patterns N] [--seed S] [--length L]`

Draws random anchored patterns over a small alphabet (literals, sets, ``.``, ``\\w``, ``\\d``;
sequences, alternatives and every kind of quantifier, nested), keeps those that
``standard.patterns.refusal`` accepts, and times ``re.fullmatch`` of each on texts built to make
a backtracking engine work hard (long runs of one character or pair, then a character that
fails). It prints the counts and the slowest match: a figure to read, not a test, since the
times depend on the machine. A refused pattern is never run, since it may not end.
"""

from __future__ import annotations

import argparse
import random
import re
import time

from security_diplomacy.standard.patterns import refusal

ATOMS = ("a", "b", "-", "x", "[ab]", "[a-]", "[^a]", ".", r"\w", r"\d")
QUANTIFIERS = ("*", "+", "?", "{2,4}", "{3}", "{0,2}", "*?", "++")
UNITS = ("a", "ab", "-a", "a-", "1", "aab", "b", "x", "-")


def pattern(rng: random.Random, depth: int = 0) -> str:
    """A random pattern: an atom, a sequence, alternatives or a quantified group."""
    draw = rng.random()
    if depth > 4 or draw < 0.25:
        return rng.choice(ATOMS)
    if draw < 0.5:
        return "".join(pattern(rng, depth + 1) for _ in range(rng.randint(2, 3)))
    if draw < 0.65:
        return "(?:" + "|".join(pattern(rng, depth + 1) for _ in range(rng.randint(2, 3))) + ")"
    return "(?:" + pattern(rng, depth + 1) + ")" + rng.choice(QUANTIFIERS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patterns", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--length", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [unit * (args.length // len(unit)) + end for unit in UNITS for end in ("!", "")]
    accepted, slowest = 0, (0.0, "", "")
    for _ in range(args.patterns):
        drawn = "^" + pattern(rng) + "$"
        if refusal(drawn) is not None:
            continue
        accepted += 1
        match = re.compile(drawn).fullmatch
        for text in texts:
            start = time.perf_counter()
            match(text)
            seconds = time.perf_counter() - start
            if seconds > slowest[0]:
                slowest = (seconds, drawn, text[:8])
    seconds, drawn, text = slowest
    print(f"{args.patterns} patterns, {accepted} accepted, {args.patterns - accepted} refused")
    print(f"slowest accepted match: {seconds * 1000:.2f} ms, {drawn} on {text!r}...")


if __name__ == "__main__":
    main()
