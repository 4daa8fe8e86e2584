"""The package's in-memory model (model.py, vocabulary.py): what it gives for the odd case.

mutmut showed that a row's text, a missing column and the cues of an odd-shaped vocabulary
could change without any test failing: each is read by many checks, so each is held here, with
which vocabulary entries the support rule judges at all.
"""

from __future__ import annotations

from security_diplomacy.model import Field, Row, Table
from security_diplomacy.vocabulary import judgeable, value_cues


def test_a_row_gives_as_text_only_a_string() -> None:
    row = Row(2, {"name": "Rahmon", "year": 1992, "tags": ("a", "b")})
    assert [row.text(name) for name in ("name", "year", "tags", "absent")] == [
        "Rahmon",
        None,
        None,
        None,
    ]


def test_a_column_the_table_lacks_is_empty_on_every_row() -> None:
    fields = (Field("id", "string", {"name": "id"}),)
    table = Table("t", "data/t.csv", {}, fields, {"id": ["a", "b", "c"]}, (2, 3, 4))
    assert list(table.column("id")) == ["a", "b", "c"]
    assert list(table.column("note")) == [None, None, None]


def test_cues_are_read_even_beside_a_vocabulary_of_another_shape() -> None:
    # The descriptor check reports the odd vocabulary; its entries' cues still read as listed.
    entry = {"definition": "d", "cues": ["chaired", 7]}
    assert value_cues("not an object", entry) == ["chaired"]
    assert value_cues({"classification": True}, entry) is None
    assert value_cues({}, {"cues": None}) == []
    assert value_cues({}, "chair") == value_cues({}, None) == []  # an entry of another shape


def test_only_an_entry_of_the_documented_shape_is_judged() -> None:
    # The support rule judges a value by its entry; any other entry is the vocabulary check's
    # one report (or, for a value the vocabulary lacks, the Table Schema's).
    assert judgeable({}) and judgeable({"cues": ["chaired"], "classification": False})
    assert judgeable({"cues": []})  # a missing definition: the cues still read
    for entry in (None, "chair", {"cues": None}, {"cues": ["a", 1]}, {"classification": "no"}):
        assert not judgeable(entry), entry
