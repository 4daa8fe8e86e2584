"""scripts/_bootstrap.py: a script run outside .venv says so and exits 2, not 1 (a finding)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, load_script

_bootstrap = load_script("_bootstrap")


def test_a_missing_dependency_is_a_usage_error(tmp_path: Path) -> None:
    """The real script, with pycountry made unimportable, as in a Python without .venv's."""
    shadow = tmp_path / "pycountry"
    shadow.mkdir()
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'pycountry'\", name='pycountry')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py"), str(REPO)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "the package 'pycountry' is not installed" in result.stderr
    assert "make validate" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_missing_module_of_the_project_is_a_bug_not_a_setup_problem() -> None:
    with pytest.raises(ModuleNotFoundError), _bootstrap.dependencies():
        import security_diplomacy.no_such_module  # noqa: F401


def test_a_script_runs_the_code_of_its_own_checkout(tmp_path: Path) -> None:
    """Not the checkout installed in the environment (this one, installed editable)."""
    other = tmp_path / "other-checkout"
    (other / "scripts").mkdir(parents=True)
    (other / "src" / "security_diplomacy").mkdir(parents=True)
    (other / "scripts" / "_bootstrap.py").write_bytes((REPO / "scripts/_bootstrap.py").read_bytes())
    (other / "src" / "security_diplomacy" / "__init__.py").write_text("")
    script = other / "scripts" / "which.py"
    script.write_text("import _bootstrap\nimport security_diplomacy as s\nprint(s.__file__)\n")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    )
    assert Path(result.stdout.strip()) == other / "src" / "security_diplomacy" / "__init__.py"
