"""The shape of schemas/vocabulary.json, and how a value's cues are read from it.

One place for both: the descriptor check validates the file against :data:`VOCABULARY_SCHEMA`,
and the support rule and the README's data dictionary read a value's cues with
:func:`value_cues`. The rule judges a value only when :func:`judgeable` says its entry has the
shape that the schema gives to what the rule reads; otherwise the vocabulary check (or the
Table Schema, for a value that the vocabulary lacks) reports the one mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

# What the support rule reads of one value's entry: whether it is a classification, its cues.
_READ_BY_THE_RULE: dict[str, Any] = {
    "cues": {"type": "array", "items": {"type": "string"}},
    "classification": {"type": "boolean"},
}

# One value of a vocabulary.
VALUE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["definition"],
    "properties": {"definition": {"type": "string", "minLength": 1}, **_READ_BY_THE_RULE},
}

# The documented shape of schemas/vocabulary.json.
VOCABULARY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["vocabularies"],
    "properties": {
        "vocabularies": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["description", "classification", "values"],
                "properties": {
                    "description": {"type": "string", "minLength": 1},
                    "classification": {"type": "boolean"},
                    "values": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": VALUE_SCHEMA,
                    },
                },
            },
        }
    },
}

# A missing definition does not stop the rule: it reads only the cues and the flag.
_JUDGEABLE = Draft202012Validator({"type": "object", "properties": _READ_BY_THE_RULE})


def judgeable(entry: Any) -> bool:
    """Whether a value's entry (None: the vocabulary does not define the value) can be judged
    by: an object whose ``cues`` and ``classification``, where given, have their shape."""
    return _JUDGEABLE.is_valid(entry)


def value_cues(vocabulary: Any, entry: Any) -> list[str] | None:
    """A vocabulary value's cues (what a quote must hold to support it); None when the
    vocabulary or the value is the curators' classification, which needs no quote.

    Shared by the support rule and the data dictionary. A part of another shape (which the
    descriptor check reports) reads as absent.
    """
    vocabulary = vocabulary if isinstance(vocabulary, Mapping) else {}
    entry = entry if isinstance(entry, Mapping) else {}
    if vocabulary.get("classification") or entry.get("classification"):
        return None
    listed = entry.get("cues")
    return [cue for cue in listed if isinstance(cue, str)] if isinstance(listed, list) else []
