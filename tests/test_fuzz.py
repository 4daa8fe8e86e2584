"""scripts/fuzz.py: a few runs find nothing on the package, and each kind of crash is caught.

The fuzzer is worth running only if its verdict can go both ways, so the second half breaks
the validator on purpose (an exception, a crashed check, a wrong exit status, a dead child, a
hang) and checks that each is a failure with a signature and a kept, reproducible case.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
from helpers import load_script

from security_diplomacy import cli
from security_diplomacy.checks import CHECKS, run_checks

fuzz = load_script("fuzz")


def _fuzz(
    capsys: pytest.CaptureFixture[str], package: Path, out: Path, *options: str, **kwargs: Any
) -> tuple[int, list[str]]:
    argv = ["--seed", "1", "--package", str(package), "--out", str(out), *options]
    status = fuzz.main(argv, **kwargs)
    return status, capsys.readouterr().out.splitlines()


def test_a_few_runs_find_no_failure(
    pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = _fuzz(capsys, pristine, tmp_path / "out", "--runs", "5")
    assert lines == ["fuzz: 5 runs, seed 1: 0 failed, 0 signature(s)"]
    assert status == 0
    assert not (tmp_path / "out").exists()


def _crash(_: object) -> NoReturn:
    raise KeyError("planted")


def _with_crashing_check(pkg: Any, **kwargs: Any) -> Any:
    return run_checks(pkg, [*CHECKS, ("planted", _crash)], **kwargs)


def _hang(argv: list[str]) -> int:
    time.sleep(60)
    return 0


def _die(argv: list[str]) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


# Each breaking of the validator: what to patch in the CLI (or the validator to run instead),
# and the signature it must get.
BREAKS: dict[str, tuple[str | None, Callable[..., Any], str]] = {
    "traceback": ("load", _crash, r"KeyError at security_diplomacy/cli\.py:\d+ in _validate"),
    "check-crashed": (
        "run_checks",
        _with_crashing_check,
        r"check-crashed planted: KeyError at tests/test_fuzz\.py:\d+",
    ),
    "uncaught": (None, _crash, r"KeyError at tests/test_fuzz\.py:\d+ in _crash"),
    "exit status": (None, lambda argv: 4, r"exit status 4"),
    "dead child": (None, _die, rf"child died of signal {signal.SIGKILL}"),
    "timeout": (None, _hang, r"timeout"),
}


@pytest.mark.parametrize("name", BREAKS)
def test_a_broken_validator_is_a_failure_kept_for_reproduction(
    name: str,
    pristine: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    patched, function, expected = BREAKS[name]
    validator = cli.main
    if patched is None:
        validator = function
    else:
        monkeypatch.setattr(cli, patched, function)  # the forked child inherits it
    # A child that sleeps past 0.2 s gets "timeout" only if it is killed at the deadline: left
    # alone it would return 0 after a minute, which is no failure.
    timeout = "0.2" if name == "timeout" else "60"
    status, lines = _fuzz(capsys, pristine, tmp_path, "--timeout", timeout, validator=validator)
    assert status == 1
    first = r"first run 0 \(none \(the package as given\)\)"
    found = re.fullmatch(rf"FAIL (.+): 1 run\(s\), {first}; kept in (.+)", lines[0])
    assert found, lines
    assert re.fullmatch(expected, found[1]), found[1]
    assert lines[1] == "fuzz: 0 runs, seed 1: 1 failed, 1 signature(s)"  # none after that
    text = (Path(found[2]) / "mutation.txt").read_text(encoding="utf-8")
    assert f"signature: {found[1]}\n" in text
    assert f"reproduce: python scripts/validate.py {Path(found[2]).resolve()}\n" in text
    assert (Path(found[2]) / "datapackage.json").is_file()


def test_a_failing_mutation_is_kept_with_its_edit(
    pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def strict(argv: list[str]) -> int:
        """The real validator, with every finding made a crash: every mutation that shows fails."""
        if status := cli.main(argv):
            raise ValueError(f"exit status {status}")
        return status

    status, lines = _fuzz(capsys, pristine, tmp_path / "out", "--runs", "3", validator=strict)
    assert status == 1, lines
    assert re.fullmatch(r"fuzz: 3 runs, seed 1: [1-3] failed, 1 signature\(s\)", lines[-1])
    assert lines[0].startswith("FAIL ValueError at tests/test_fuzz.py:")
    (kept,) = (tmp_path / "out").iterdir()
    text = (kept / "mutation.txt").read_text(encoding="utf-8")
    assert re.search(r"^mutation: .+: .+$", text, re.M), text
    assert "the package as given" not in text
    assert cli.main(["validate", str(kept), "--json"]) == 1  # the kept copy still shows it
