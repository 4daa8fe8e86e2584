"""The real package, as committed, is valid and up to date."""

from __future__ import annotations

import frictionless
from helpers import PACKAGE, validate


def test_real_package_is_valid() -> None:
    problems = validate(PACKAGE)
    assert not problems, "\n".join(map(str, problems))


def test_frictionless_alone_accepts_the_real_package() -> None:
    report = frictionless.Package(str(PACKAGE / "datapackage.json")).validate()
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert report.valid, "\n".join(errors + [e.message for e in report.errors])
