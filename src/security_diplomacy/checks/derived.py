"""Derived files are up to date: what ``make metadata`` would write is what is there."""

from __future__ import annotations

from collections.abc import Iterable

from ..metadata import check_derived
from ..model import Package
from ..problems import Problem


def check(pkg: Package) -> Iterable[Problem]:
    return check_derived(pkg)
