"""The x-format checkers."""

from __future__ import annotations

import pytest

from security_diplomacy.formats import format_checker, is_edtf, is_iso639_1, is_iso3166_alpha3


@pytest.mark.parametrize(
    "value",
    [
        "2022-01-10",
        "2022-10",
        "1997",
        "XXXX-05-21",
        "2022?",
        "2022-01~",
        "20XX",
        "2022-21",
        "2022-01-10/2022-01-12",
        "../2022",
        "2022/..",
    ],
)
def test_edtf_accepts_levels_0_and_1(value: str) -> None:
    assert is_edtf(value)


@pytest.mark.parametrize(
    "value",
    [
        "2022-13",
        "2022-02-30",
        "10.01.2022",
        "January 2022",
        "",
        "2022-1X",
        "[1667,1668]",
        "{1667,1668}",
        "2004-06~-11",
        "Y17E7",
    ],
)
def test_edtf_rejects_invalid_and_level_2(value: str) -> None:
    assert not is_edtf(value)


def test_edtf_parser_output_does_not_leak(capsys: pytest.CaptureFixture[str]) -> None:
    is_edtf("2023-1X")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("value", "valid"),
    [("TJK", True), ("RUS", True), ("tjk", False), ("ZZZ", False), ("SUN", False), ("TJ", False)],
)
def test_iso3166_alpha3(value: str, valid: bool) -> None:
    assert is_iso3166_alpha3(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [("en", True), ("ru", True), ("tg", True), ("EN", False), ("xx", False), ("eng", False)],
)
def test_iso639_1(value: str, valid: bool) -> None:
    assert is_iso639_1(value) is valid


def test_non_strings_are_left_to_the_type_keyword() -> None:
    assert is_edtf(2022) and is_iso3166_alpha3(1) and is_iso639_1(None)


def test_format_checker_knows_exactly_the_project_formats() -> None:
    assert set(format_checker().checkers) == {"edtf", "iso3166-1-alpha-3", "iso639-1"}
