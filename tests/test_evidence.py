"""Unit tests of what a quote states: text, dates and numbers."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import PACKAGE
from hypothesis import example, given, settings
from hypothesis import strategies as st

from security_diplomacy.evidence.dates import (
    PartialDate,
    expressions,
    may_give,
    parse_value,
    scan,
)
from security_diplomacy.evidence.index import (
    _CITATION_COLUMNS,
    Citations,
    build,
    primary_key_value,
)
from security_diplomacy.evidence.numbers import may_state, numbers_stated, states
from security_diplomacy.evidence.text import contains, fold, fold_any, normalize
from security_diplomacy.model import Field, Table
from security_diplomacy.package import load


def test_normalize_folds_case_space_and_quote_styles() -> None:
    assert normalize("The  Tajik\tpresident’s “site”") == 'the tajik president\'s "site"'


# ASCII with every kind of whitespace and control character, where fold takes its shortcut, and
# some text beyond ASCII, where it does not.
_FOLDABLE = st.text(
    st.one_of(st.characters(max_codepoint=127), st.sampled_from("  \t\n\x1c\xa0’“ßİ")),
    max_size=30,
)


@settings(max_examples=500, deadline=None)
@given(_FOLDABLE)
def test_fold_shortcut_agrees_with_the_general_path(text: str) -> None:
    assert fold(text) == fold_any(text)


@pytest.mark.parametrize(
    ("quote", "value", "expected"),
    [
        ("the UN Counter-Terrorism Office", "UN", True),
        ("Counter-Terrorism", "UN", False),  # whole words only
        ("Russia-led military alliance", "led", True),
        ("the Russian Federation", "Russia", False),
        ("the Tajik president’s official website", "tajik president's", True),
        ("President Rahmon", "Rahmonov", False),
        ("anything", "", False),
        ("the counter", "ter", False),  # glued before only
        ("sun", "un", False),  # glued to the quote's first character
        ("sun, un", "un", True),  # a later match that stands alone
    ],
)
def test_contains(quote: str, value: str, expected: bool) -> None:
    assert contains(quote, value) is expected


def _dates(quote: str) -> set[str]:
    return {date.iso() for date in expressions(quote)}


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("10.01.2022 13:45, Dushanbe city", {"2022-01-10"}),
        ("On Tuesday May 21, Tajik", {"XXXX-05-21", "XXXX-05"}),
        ("starting January 1, 2025.", {"2025-01-01", "XXXX-01", "2025"}),
        ("launched in May 2018 during", {"2018-05", "XXXX-05", "2018"}),
        ("for 2016-2020, the", {"2016", "2020"}),
        ("announced in November this year", {"XXXX-11"}),
        ("it may rain", set()),  # the verb is no month
        ("Tuesday, 24 December 2024", {"2024-12-24", "2024-12", "XXXX-12", "2024"}),
    ],
)
def test_date_expressions(quote: str, expected: set[str]) -> None:
    assert _dates(quote) == expected


def test_an_expression_keeps_its_words_and_weekday() -> None:
    day_month = {(d.text, d.weekday) for d in scan("on Tuesday, 24 December 2024, in May 2018")}
    assert day_month == {
        ("Tuesday, 24 December 2024", 1),
        ("December 2024", None),
        ("December", None),
        ("May 2018", None),
        ("May", None),
        ("2024", None),
        ("2018", None),
    }
    month_day = {(d.text, d.weekday) for d in scan("Tuesday, December 24")}
    assert month_day == {("Tuesday, December 24", 1), ("December", None)}


def test_may_give_passes_over_quotes_that_cannot_give_the_month() -> None:
    """The shortcut must shortcut: a quote without the month's name or a dot is not scanned."""
    assert not may_give("in the year 2018", parse_value("2018-05"))  # type: ignore[arg-type]
    assert not may_give("on 10.13.2022", PartialDate(2022, 13, 10))
    assert may_give("in May 2018", parse_value("2018-05"))  # type: ignore[arg-type]


def test_an_expression_gives_a_value_at_the_value_precision() -> None:
    stated = expressions("starting January 1, 2025")[0]
    assert stated.gives(parse_value("2025-01-01"))  # type: ignore[arg-type]
    assert stated.gives(parse_value("2025"))  # type: ignore[arg-type]
    assert not stated.gives(parse_value("2024-01-01"))  # type: ignore[arg-type]
    unspecified_year = expressions("On Tuesday May 21")[0]
    assert unspecified_year.gives(parse_value("XXXX-05-21"))  # type: ignore[arg-type]
    assert not unspecified_year.gives(parse_value("2024-05-21"))  # type: ignore[arg-type]


def test_weekday_must_agree() -> None:
    assert PartialDate(2024, 12, 24, weekday=1).weekday_problem() is None  # a Tuesday
    problem = PartialDate(2023, 12, 24, weekday=1).weekday_problem()
    assert problem is not None and "Sunday" in problem
    assert PartialDate(None, 12, 24, weekday=1).weekday_problem() is None  # no year: no check


@pytest.mark.parametrize("value", ["2022-01-10", "2022-10", "1997", "XXXX-05-21", "XXXX-11"])
def test_parse_value_reads_the_table_forms(value: str) -> None:
    parsed = parse_value(value)
    assert parsed is not None and parsed.iso() == value and parsed.text == value


@pytest.mark.parametrize("value", ["2022-01-10/2022-01-12", "1991?", "21.05.2024"])
def test_parse_value_refuses_other_forms(value: str) -> None:
    assert parse_value(value) is None


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("the 46th meeting", {46}),
        ("the first regional conference", {1}),
        ("18.10.2022 12:11", {12, 11}),  # a date's parts are no numbers
        ("Article 13 of the Charter", {13}),
        # Python's case-insensitive "s" matches the long s: the pattern's meaning, kept.
        ("the \u017fecond meeting", {2}),
    ],
)
def test_numbers_stated(quote: str, expected: set[int]) -> None:
    assert numbers_stated(quote) == expected


# Pieces of date expressions and what surrounds them, whitespace and digits beyond ASCII included.
_DATE_PIECES = st.sampled_from(
    [
        "May",
        "June",
        "December",
        "Tuesday",
        "Monday,",
        "21",
        "3",
        "1st",
        "22nd",
        "4th",
        "1997",
        "2022",
        "10.01.2022",
        "01.",
        ".",
        ",",
        " ",
        "  ",
        "\t",
        "\xa0",
        "\u2003",
        "\n",
        "on",
        "Mayday",
        "st",
        "٣",
        "x",
        "(",
        "-",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=12).map("".join))
@example("Tuesday, 21st May 1997")
@example("on 4th\u2003June and May\t\t21, 2022")
@example("10.01.2022 13:45")
@example("٣ December")
@example("on the 22nd May")  # each ordinal alone: one month's day opens the scan for all
@example("the 3rd\tJune")
def test_date_scan_shortcuts_change_no_match(quote: str) -> None:
    assert scan(quote) == scan(quote, skip=False)


# Values as the tables write them: years, months (13 is none) and days, known and unspecified.
_DATE_VALUES = st.builds(
    "{}{}".format,
    st.sampled_from(["1997", "2022", "XXXX", "1500", "2099"]),
    st.sampled_from(["", "-01", "-05", "-06", "-12", "-13"]).flatmap(
        lambda month: st.sampled_from(
            [month] if not month else [month, f"{month}-03", f"{month}-21", f"{month}-01"]
        )
    ),
).map(parse_value)


@settings(max_examples=500, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=12).map("".join), _DATE_VALUES)
@example("Tuesday, 21st May 1997", parse_value("1997-05-21"))
@example("on ٣ December", parse_value("XXXX-12-03"))
@example("10.01.2022", parse_value("2022-01-10"))
def test_may_give_is_false_only_where_no_expression_gives_the_value(
    quote: str, value: PartialDate | None
) -> None:
    assert value is not None
    given_by_scan = any(stated.gives(value) for stated in expressions(quote))
    assert may_give(quote, value) or not given_by_scan


_NUMBER_PIECES = st.sampled_from(
    [
        "46",
        "046",
        "46th",
        "4",
        "6",
        "0",
        "12",
        "1st",
        "first",
        "First",
        "SECOND",
        "\u017fecond",
        "twelfth",
        "twelve",
        "٤٦",
        "٣",
        ".",
        "10.01.2022",
        " ",
        "\xa0",
        "-",
        "x",
        "the",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_NUMBER_PIECES, max_size=10).map(" ".join), st.integers(min_value=-1, max_value=50))
@example("the \u017fecond meeting", 2)
@example("the ٤٦th meeting", 46)
@example("the 046th meeting", 46)
@example("the first regional conference", 1)  # the ordinal words, first to last
@example("the SECOND meeting", 2)
@example("the twelfth", 12)
def test_may_state_is_false_only_where_the_quote_does_not_state_the_number(
    quote: str, wanted: int
) -> None:
    assert may_state(quote, wanted) or wanted not in numbers_stated(quote)
    assert states(quote, wanted) == (wanted in numbers_stated(quote))


# --- the support index's citations per record ------------------------------------------------

# A citation as (table, record id, missing): a few tables and ids, so that records repeat,
# within a table and across tables (the same id cited as a person and as an event); an
# incomplete citation lacks the cell that ``missing`` names, any of its six.
_CITATION_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["people", "events"]),
        st.sampled_from("abcd"),
        st.sampled_from([None, None, None, *_CITATION_COLUMNS]),
    ),
    max_size=30,
)


@settings(max_examples=500, deadline=None)
@given(_CITATION_ROWS)
def test_citations_of_a_record_are_its_complete_rows_in_order(rows: list) -> None:
    citations = Citations(_citations_table(rows))
    expected: dict[tuple[str, str], list[int]] = {}
    for number, (table, record, missing) in enumerate(rows):
        if missing is None:
            expected.setdefault((table, record), []).append(number)
    for table in ("people", "events"):
        for record in "abcd":
            found = citations.rows(table, record)
            assert found == expected.get((table, record), [])
            assert [c.citation_id for c in citations.get((table, record))] == [
                f"c-{n}" for n in found
            ]
            assert citations.sources(table, record) == {f"s-{n % 3}" for n in found}
    items = [(key, [c.citation_id for c in cited]) for key, cited in citations.items()]
    assert sorted(items) == sorted(
        (key, [f"c-{n}" for n in numbers]) for key, numbers in expected.items()
    )


def _citations_table(rows: list) -> Table:
    """A loaded citations table; an incomplete citation lacks the cell its row names."""
    fields = tuple(Field(name, "string", {"name": name}) for name in _CITATION_COLUMNS)
    full = {
        "table": [table for table, _, _ in rows],
        "record_id": [record for _, record, _ in rows],
        "citation_id": [f"c-{n}" for n in range(len(rows))],
        "source_id": [f"s-{n % 3}" for n in range(len(rows))],
        "line": [1] * len(rows),
        "quote": ["A quote"] * len(rows),
    }
    columns = {
        name: [
            None if missing == name else cell
            for cell, (*_, missing) in zip(cells, rows, strict=True)
        ]
        for name, cells in full.items()
    }
    lines = range(2, len(rows) + 2)
    return Table("citations", "data/citations.csv", {}, fields, columns, lines, lines, loaded=True)


def test_a_row_without_its_key_has_no_record_id() -> None:
    fields = (Field("event_id", "string", {"name": "event_id"}),)
    schema = {"schema": {"primaryKey": ["event_id"]}}
    table = Table("events", "data/events.csv", schema, fields, {"event_id": ["e-1", None]}, (2, 3))
    assert [primary_key_value(table, table.row_at(n)) for n in (0, 1)] == ["e-1", None]


def test_without_a_citations_table_no_record_has_citations() -> None:
    citations = Citations(None)
    assert citations.rows("events", "a") == [] and citations.get(("events", "a")) == ()
    assert citations.sources("events", "a") == frozenset() and not list(citations.items())


def test_a_numeric_date_with_no_such_month_states_no_date() -> None:
    """13.13.2022 is no day: a dateline of that shape must not support `2022-13-13`."""
    assert [d.text for d in scan("on 13.13.2022, and then on 10.01.2022")] == ["10.01.2022"]


def test_a_weekday_on_a_day_that_does_not_exist_is_a_problem() -> None:
    problem = PartialDate(2023, 2, 30, weekday=1).weekday_problem()
    assert problem == "2023-02-30 is not a calendar date"


def test_a_table_that_could_not_be_loaded_leaves_the_names_of_the_others() -> None:
    pkg = load(PACKAGE)
    assert list(pkg.tables).index("events") < list(pkg.tables).index("people")
    unloaded = dataclasses.replace(pkg.tables["events"], loaded=False)
    broken = dataclasses.replace(pkg, tables={**pkg.tables, "events": unloaded})
    names = build(broken).names
    assert "events" not in names and names["people"]
    assert names == {table: n for table, n in build(pkg).names.items() if table != "events"}


def test_a_published_date_that_is_not_text_gives_no_year() -> None:
    """A `published` column typed otherwise (a descriptor error, reported elsewhere) is read."""
    pkg = load(PACKAGE)
    sources = pkg.tables["sources"]
    published = [2022, *sources.column("published")[1:]]
    retyped = dataclasses.replace(sources, columns={**sources.columns, "published": published})
    years = build(
        dataclasses.replace(pkg, tables={**pkg.tables, "sources": retyped})
    ).published_year
    first = sources.column("source_id")[0]
    assert years == {s: y for s, y in build(pkg).published_year.items() if s != first}
