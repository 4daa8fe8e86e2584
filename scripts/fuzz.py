#!/usr/bin/env python3
"""Mutation fuzzer: no one-edit corruption of the package may crash the validator.

`python scripts/fuzz.py [--seed N] [--runs K] [--timeout S] [--out DIR] [--package DIR]`

Each run copies the files the validator reads, makes ONE random edit (bytes, a CSV line or cell,
a JSON value, a descriptor setting, a file deleted or replaced) and validates the copy in a
forked child with a time limit. Bad input must become problems: a run fails when the child
tracebacks, exits other than 0 or 1, reports ``check-crashed`` or runs out of time. The first
case of each failure signature is kept under ``--out`` with a ``mutation.txt``. Run ``k`` of
seed ``N`` has a generator of its own, so it makes the same edit whatever ran before it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import re
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import getitem
from pathlib import Path
from typing import Any, NoReturn

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy import cli
    from security_diplomacy.package_copy import copy_package

ROOT = Path(__file__).resolve().parent.parent
SRC = Path(cli.__file__).resolve().parent
GLOBS = {"data": "data/*.csv", "sources": "sources/*.txt", "json": "schemas/**/*.json"}
TRACEBACK = "Traceback (most recent call last):"
FRAME = re.compile(r'^  File "(.+)", line (\d+), in (.+)$', re.M)
CRASHED = re.compile(r"check `(?P<check>[^`]*)` crashed with (?P<type>\w+)\(.* at (?P<at>\S+); ")
Validator = Callable[[list[str]], int]
Mutation = Callable[[random.Random, Path], str]

# fmt: off
BYTES = (b"\x00", b"\r", b'"', b",", b"\n", b"\r\n", b'""', b"\t", b" ", b"\\", b"\xef\xbb\xbf",
         b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x80\xa8", b"\x85", b"\x0b", b"\xc2\xa0",
         b"\xf0\x9f\x98\x80", b"\xf4\x90\x80\x80")
CELLS = ("x" * 200_000, "1" * 5000, "9" * 4301, "-" + "1" * 5000, '"' + "x" * 140_000 + '"',
         ",", '"', '""', '","', '"\n"', '"x""y"', "a,b", "\\", "\x00", "-1", "-0", "00", "+5",
         "1.0", "1e3", "\u0663", "\uff11", " 1", "", " ", "\t", "\u2028", "a\u0085b", "NaN",
         str(2**63), "2022-13-45", "20XX", "ev-0001", "c-0001", "events", "../x", "/etc/passwd",
         "sources/", "sources/README.md", "sources/missing.txt", "sources/../data/events.csv",
         "data/events.csv", "f" * 64)
JSON_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 2, 0.5, 10**30, 10**400, 1e308, float("nan"), float("inf"), "",
    " ", "x", "\u2028", "\x00", "\ud800", "a" * 10000, "[", "(?P<", "*", "\\", "integer", "list",
    "date", "any", "..", "/etc/passwd", "data", "data/events.csv", "data/../x.csv", "events",
    "sources", "data/" + "a" * 300 + ".csv", [], {}, [None], [1, 2], [[]], {"a": 1}, {"": None},
    [""], ["("], [" "], ["*"], ["\u2019"], ["a" * 5000],
    json.loads("[" * 33 + "]" * 33), json.loads("[" * 500 + "]" * 500))
KEYS = ("x", "name", "path", "type", "fields", "primaryKey", "foreignKeys", "constraints",
        "x-support", "x-vocabulary", "x-format", "missingValues", "dialect", "schema", "values",
        "cues", "classification", "implies", "allOf", "if", "required", "enum", "pattern", "\ud800")
ODD: tuple[Any, ...]
ODD = (",", ";", "\t", '"', "'", "", "ab", "\n", "\r\n", "\x00", "\\", "#", 0, 1, 2, -1, 0.5,
       None, True, False, "false", [], {}, [2, 3])
LIMITS: tuple[Any, ...]
LIMITS = ("(", "*", "(?P<x>", "a{2,1}", "(a|a)*b", "^(a+)+$", "(?:" * 600 + "a" + ")" * 600,
          "(?<=a+)b", "\\p{L}", "^$", "\\1", None, 1, -1, 0, "1",
          [], [1, 2], [None], ["a", 1], [[1], {"a": 1}], {}, True, 10**400, 1.5, float("nan"),
          "", [""], ["ev-0001"], 2**63)
TYPES: tuple[Any, ...]
TYPES = ("string", "integer", "number", "list", "boolean", "date", "datetime", "any", "array",
         "object", "year", "", "INTEGER", None, 1, [], ["integer"])
FIELD_EDITS: dict[str, tuple[Any, ...]] = {
    "type": TYPES, "itemType": TYPES, "constraints": (),
    **{f"constraints/{key}": LIMITS for key in ("pattern", "enum", "minLength", "maxLength",
       "minimum", "maximum", "required", "unique", "exclusiveMinimum", "jsonSchema", "nope")},
    "x-support": ("evidence", "id", "text", "vocabulary", "date", "reference", "verbatim", "",
                  None, 1, [], {}, ["text"], "TEXT", "__class__"),
    "x-vocabulary": ("event_kind", "nope", "", None, 1, [], {}, "$comment", "vocabularies"),
    "x-format": ("edtf", "iso3166-1-alpha-3", "iso639-1", "nope", "", None, 1, [], "date"),
    "delimiter": (",", ";", "", None, 1, [], "||", "\n", " ", '"'),
    "format": ("xyz", "default", "any", "%Y", None, 1, []),
    "trueValues": (5, [["1"]], ["46"], [], None, "yes"), "bareNumber": (False, "no", None),
    "groupChar": ("4", "", ",", None),
}
RESOURCE_EDITS: dict[str, tuple[Any, ...]] = {
    "path": ("data/x.csv", "../x.csv", "/tmp/x.csv", "data", "data/", "", "sources/README.md",
             "datapackage.json", "data/citations.csv", "DATA/events.csv", "./data/events.csv",
             "data/events.csv/", "data\\events.csv", "https://example.com/x.csv", "data/\x00.csv",
             5, None, ["data/events.csv"], "data/événements.csv", "data/" + "a" * 300 + ".csv"),
    "name": (None, "", 1, "events", "citations", "sources", "x", "Events", "a b", []),
    "schema/missingValues": (None, [], [""], ["NA"], [1], [None], "", {}, ["0"], [","]),
    **{f"dialect/{key}": ODD for key in ("delimiter", "quoteChar", "doubleQuote", "escapeChar",
       "lineTerminator", "header", "headerRows", "skipInitialSpace", "commentChar",
       "nullSequence", "caseSensitiveHeader")},
    "dialect": (),
    **dict.fromkeys(("bytes", "hash", "format", "mediatype", "encoding", "compression",
                     "profile", "type", "$schema", "schema/$schema", "sources", "x-cited"),
                    ("sha256:00", "md5:x", "sha256:" + "0" * 64, -1, 10**30, "utf-16",
                     "latin-1", "gz", "json", "application/json", *JSON_VALUES)),
}
PACKAGE_KEYS = ("resources", "name", "$schema", "profile", "licenses", "sources", "created")
# fmt: on


def _short(value: object) -> str:
    """A value as a description shows it: a 200,000-character cell is not worth printing."""
    text = repr(value)
    return text if len(text) < 80 else f"{text[:60]}...({len(text)} chars)"


def _files(case: Path, *kinds: str) -> list[Path]:
    """The files of these kinds, sorted, so that a seed picks the same file every time."""
    found = [path for kind in kinds for path in case.glob(GLOBS[kind])]
    return sorted(found + [case / "datapackage.json"] * ("json" in kinds))


def _two(rng: random.Random, size: int) -> tuple[int, int]:
    """Two different indexes where there are two, so that a swap changes something."""
    if size < 2:
        return 0, 0
    i, j = rng.sample(range(size), 2)
    return i, j


def _swapped(items: list[Any], i: int, j: int) -> list[Any]:
    items = list(items)
    items[i], items[j] = items[j], items[i]
    return items


# --- byte, line and cell edits ----------------------------------------------------------------


def bytes_edit(rng: random.Random, case: Path) -> str:
    """Bytes of a data, source or JSON file: the encodings, line ends and quotes editors break."""
    path = rng.choice(_files(case, rng.choice(("data", "data", "sources", "json"))))
    data = path.read_bytes()
    pos, special, size = rng.randint(0, len(data)), rng.choice(BYTES), rng.choice((2, 10, 1000))
    byte = bytes([rng.randrange(256)])
    edits = {
        f"byte {pos} := {byte!r}": data[:pos] + byte + data[pos + 1 :],
        f"byte {pos} := {special!r}": data[:pos] + special + data[pos + 1 :],
        f"insert {special!r} at byte {pos}": data[:pos] + special + data[pos:],
        f"insert {special!r}*{size} at byte {pos}": data[:pos] + special * size + data[pos:],
        f"delete bytes {pos}..{pos + size}": data[:pos] + data[pos + size :],
        f"truncate at byte {pos}": data[:pos],
        "CRLF line ends": data.replace(b"\n", b"\r\n"),
        "BOM prefix": b"\xef\xbb\xbf" + data,
    }
    what = rng.choice(list(edits))
    path.write_bytes(edits[what])
    return f"{path.relative_to(case)}: {what}"


def line_edit(rng: random.Random, case: Path) -> str:
    """Whole lines of a CSV or source file: records lost, repeated, emptied or out of order."""
    path = rng.choice(_files(case, rng.choice(("data", "sources"))))
    lines = path.read_bytes().split(b"\n")
    names = lines[0].split(b",")
    i, j = _two(rng, len(lines))
    a, b = _two(rng, len(names))
    edits = {
        f"duplicate line {i + 1}": [*lines[: i + 1], *lines[i:]],
        f"delete line {i + 1}": [*lines[:i], *lines[i + 1 :]],
        f"blank line {i + 1}": [*lines[:i], b"", *lines[i + 1 :]],
        f"swap lines {i + 1} and {j + 1}": _swapped(lines, i, j),
        f"swap words {a + 1} and {b + 1} of line 1": [b",".join(_swapped(names, a, b)), *lines[1:]],
    }
    what = rng.choice(list(edits))
    path.write_bytes(b"\n".join(edits[what]))
    return f"{path.relative_to(case)}: {what}"


def _cells(line: str) -> list[str]:
    """A record's cells with their quotes kept, so that an edit changes that cell alone."""
    cells: list[str] = []
    cell, quoted = "", False
    for char in line:
        quoted ^= char == '"'
        if char == "," and not quoted:
            cells.append(cell)
            cell = ""
        else:
            cell += char
    return [*cells, cell]


def cell_edit(rng: random.Random, case: Path) -> str:
    """One cell of a CSV file (a header name one time in ten): values that typing must refuse."""
    path = rng.choice(_files(case, "data"))
    lines = path.read_bytes().decode("utf-8").split("\n")
    row = 0 if rng.random() < 0.1 or len(lines) < 2 else rng.randrange(1, len(lines))
    cells = _cells(lines[row])
    column, value = rng.randrange(len(cells)), rng.choice(CELLS)
    if value[:1] != '"' and any(char in value for char in ',"\n') and rng.random() < 0.5:
        value = '"' + value.replace('"', '""') + '"'
    cells[column] = value
    lines[row] = ",".join(cells)
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return f"{path.relative_to(case)}: line {row + 1} cell {column + 1} := {_short(value)}"


# --- JSON edits -------------------------------------------------------------------------------


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    """A JSON value of a wrong type, size, depth or encoding; now and then a small container."""
    if depth < 2 and rng.random() < 0.15:
        if rng.random() < 0.5:
            return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
        return {rng.choice(KEYS): _random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return rng.choice(JSON_VALUES)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document, in document order, the root ``()`` first."""
    items: list[tuple[Any, Any]] = []
    if isinstance(node, dict | list):
        items = list(node.items() if isinstance(node, dict) else enumerate(node))
    return [path, *(found for key, child in items for found in _paths(child, (*path, key)))]


def _list_edit(rng: random.Random, items: list[Any]) -> str:
    """Delete, repeat or swap an element: fields or resources lost, doubled or reordered."""
    i, j = _two(rng, len(items))
    op = rng.choice(("delete", "duplicate", "swap"))
    if op == "delete":
        del items[i]
    elif op == "duplicate":
        items.insert(i, json.loads(json.dumps(items[i])))
    else:
        items[:] = _swapped(items, i, j)
    return f"swap [{i}] and [{j}]" if op == "swap" else f"{op} [{i}]"


def _edit_json(rng: random.Random, doc: Any) -> str:
    """One generic edit anywhere in a JSON document: delete, set, insert, rename or reorder."""
    paths = _paths(doc)
    path = rng.choice(paths[1:])
    parent, key = reduce(getitem, path[:-1], doc), path[-1]
    op = rng.choice(("delete", "set", "set", "insert", "rename", "list"))
    lists = [p for p in paths if isinstance(node := reduce(getitem, p, doc), list) and node]
    if op == "delete":
        del parent[key]
        return f"delete {list(path)}"
    if op == "rename" and isinstance(parent, dict):
        new = rng.choice((f"{key}_renamed", str(key).upper(), *KEYS))
        parent[new] = parent.pop(key)
        return f"rename {list(path)} to {new!r}"
    if op == "list" and lists:
        where = rng.choice(lists)
        return f"{list(where)}: {_list_edit(rng, reduce(getitem, where, doc))}"
    if op == "insert" and isinstance(parent, dict):
        key = rng.choice(KEYS)
        path = (*path[:-1], key)
    parent[key] = _random_json(rng)
    return f"set {list(path)} = {_short(parent[key])}"


def _rewrite_json(case: Path, rel: str, edit: Callable[[Any], str]) -> str:
    """Apply ``edit`` to a JSON file; a lone surrogate cannot be UTF-8, so it is escaped."""
    path = case / rel
    doc = json.loads(path.read_text(encoding="utf-8"))
    what = edit(doc)
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    with contextlib.suppress(UnicodeEncodeError):
        path.write_bytes(text.encode("utf-8") + b"\n")
        return f"{rel}: {what}"
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return f"{rel}: {what}"


def json_edit(rng: random.Random, case: Path) -> str:
    """A generic edit of the descriptor, the vocabulary, a row schema or a rules file."""
    globs = ("datapackage.json", "schemas/vocabulary.json", "schemas/*.schema.json")
    path = rng.choice(sorted(case.glob(rng.choice((*globs, "schemas/rules/*.json")))))
    return _rewrite_json(case, str(path.relative_to(case)), lambda doc: _edit_json(rng, doc))


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set ``a/b/c`` in ``doc``, creating (or replacing a non-object with) ``{}`` on the way."""
    *parents, last = path.split("/")
    for key in parents:
        if not isinstance(doc.get(key), dict):
            doc[key] = {}
        doc = doc[key]
    doc[last] = value


def _resource_value(rng: random.Random, key: str, doc: dict[str, Any], names: list[str]) -> Any:
    """A value for a resource setting; keys name columns and resources that exist, or nearly."""
    if key == "schema/primaryKey":
        return rng.choice((names, names[::-1], [names[0]] * 2, [[names[0]]], names[0], ["x"]))
    if key == "schema/foreignKeys":
        columns = [*names, "nope", "", None]
        tables = [resource.get("name") for resource in doc["resources"]] + ["nope", None]
        reference = {"resource": rng.choice(tables), "fields": [rng.choice(columns)]}
        return [{"fields": [rng.choice(columns)], "reference": reference}]
    values = RESOURCE_EDITS[key]
    return rng.choice(values) if values else _random_json(rng)


def _edit_descriptor(rng: random.Random, doc: dict[str, Any]) -> str:
    """A setting that a Table Schema reader acts on, given a value it does not expect."""
    resources = doc["resources"]
    index, target = rng.randrange(len(resources)), rng.random()
    resource = resources[index]
    fields = resource["schema"]["fields"]
    names = [field["name"] for field in fields]
    where = f"resources[{index}]({resource.get('name')})"
    if target < 0.05:
        doc[key := rng.choice(PACKAGE_KEYS)] = _random_json(rng)
        return f"{key} = {_short(doc[key])}"
    if target < 0.12:
        if rng.random() < 0.5:
            return f"resources: {_list_edit(rng, resources)}"
        return f"{where}.schema.fields: {_list_edit(rng, fields)}"
    if target < 0.45:
        key = rng.choice([*RESOURCE_EDITS, "schema/primaryKey", "schema/foreignKeys"])
        _set(resource, key, value := _resource_value(rng, key, doc, names))
        return f"{where}.{key.replace('/', '.')} = {_short(value)}"
    column, key = rng.randrange(len(fields)), rng.choice([*FIELD_EDITS, "name"])
    others = (names[(column + 1) % len(names)], names[column].upper(), "", "a" * 1000, ",", None)
    values = others if key == "name" else FIELD_EDITS[key]
    _set(fields[column], key, value := rng.choice(values) if values else _random_json(rng))
    return f"{where}.fields[{column}]({names[column]}).{key.replace('/', '.')} = {_short(value)}"


def descriptor_edit(rng: random.Random, case: Path) -> str:
    """Targeted descriptor edits: generic ones seldom give a field setting a telling value."""
    return _rewrite_json(case, "datapackage.json", lambda doc: _edit_descriptor(rng, doc))


def file_edit(rng: random.Random, case: Path) -> str:
    """A file or directory replaced by what a bad checkout or a careless copy leaves instead."""
    files = [*_files(case, "data", "sources", "json"), case / "README.md"]
    path = rng.choice(files)
    rel = path.relative_to(case)
    op = rng.choice(("directory", "empty", "delete", "symlink", "utf-16", "stray", "tree"))
    if op == "stray":
        path.with_name(f"stray{path.suffix}").write_bytes(b"x\n")
        return f"{rel.with_name(f'stray{path.suffix}')}: a file that nothing names"
    if op == "tree":
        tree = rng.choice([case / "data", case / "sources", case / "schemas" / "rules"])
        shutil.rmtree(tree)
        tree.write_bytes(b"")
        return f"{tree.relative_to(case)}: a file instead of the directory"
    if op == "utf-16":
        path.write_bytes(path.read_bytes().decode("utf-8").encode("utf-16"))
        return f"{rel}: re-encoded as UTF-16"
    path.unlink()
    if op == "symlink":
        target = rng.choice(("/etc/hostname", "/dev/null", "missing.x", rng.choice(files).name))
        path.symlink_to(target)
        return f"{rel}: a symlink to {target}"
    if op == "directory":
        path.mkdir()
    elif op == "empty":
        path.write_bytes(b"")
    return f"{rel}: {'deleted' if op == 'delete' else f'replaced by an {op} one'}"


# fmt: off
MUTATIONS: dict[Mutation, int] = {bytes_edit: 20, line_edit: 10, cell_edit: 15, json_edit: 20,
                                  descriptor_edit: 25, file_edit: 6}
# fmt: on


def mutate(rng: random.Random, base: Path, case: Path) -> str:
    """Make ``case`` a copy of ``base`` with one edit; one that does not fit (an empty list, a
    file that is not UTF-8) is redrawn from the same generator, so the run stays reproducible."""
    for _ in range(20):
        copy_package(base, case)
        mutation = rng.choices(list(MUTATIONS), list(MUTATIONS.values()))[0]
        with contextlib.suppress(LookupError, ValueError, OSError):
            return mutation(rng, case)
    raise RuntimeError(f"no mutation applies to {base}")


# --- running the validator --------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a child reported; ``status`` is None when the validator raised instead."""

    status: int | None = None
    stderr: str = ""
    crashed: tuple[str, ...] = ()  # the messages of its check-crashed problems
    readable: bool = True  # its JSON report could be parsed
    timed_out: bool = False
    died: int | None = None  # the wait status of a child that ended without a word


def run_case(case: Path, timeout: float, validator: Validator = cli.main) -> Outcome:
    """Validate ``case`` in a forked child, killed after ``timeout`` seconds: the fork starts
    warm, and a crash, a hang or an exhausted stack ends the child, never the fuzzer."""
    read_end, write_end = os.pipe()
    if (pid := os.fork()) == 0:
        os.close(read_end)
        _child(case, validator, write_end)
    os.close(write_end)
    try:
        payload = _read_until(read_end, time.monotonic() + timeout)
    finally:
        os.close(read_end)
    if payload is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return Outcome(timed_out=True)
    wait_status = os.waitpid(pid, 0)[1]
    if not payload:
        return Outcome(died=wait_status)
    result = json.loads(payload)
    return Outcome(result["status"], result["stderr"], tuple(result["crashed"]), result["readable"])


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until it is closed, or None at the deadline."""
    chunks: list[bytes] = []
    while (left := deadline - time.monotonic()) > 0:
        if select.select([fd], [], [], left)[0]:
            if not (chunk := os.read(fd, 1 << 16)):
                return b"".join(chunks)
            chunks.append(chunk)
    return None


def _child(case: Path, validator: Validator, fd: int) -> NoReturn:
    """Run the validator as the CLI would and send back what the signature needs; never return."""
    try:
        out, err, status = io.StringIO(), io.StringIO(), None
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = validator(["validate", str(case), "--json", "--jobs", "1"])
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
            except BaseException:
                traceback.print_exc()
        crashed, readable = _crash_messages(out.getvalue()) if status in (0, 1) else ([], True)
        result = {"status": status, "stderr": err.getvalue()[-200_000:], "crashed": crashed}
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(json.dumps({**result, "readable": readable}).encode())
    finally:
        os._exit(0)


def _crash_messages(report: str) -> tuple[list[str], bool]:
    """The check-crashed messages of a JSON report, and whether it was a JSON report at all."""
    try:
        problems = json.loads(report)["problems"]
        return [p["message"] for p in problems if p["code"] == "check-crashed"], True
    except (ValueError, LookupError, TypeError):
        return [], False


def signature(outcome: Outcome) -> str | None:
    """What groups a failure with the others of the same bug; None when the run did not fail."""
    if outcome.timed_out:
        return "timeout"
    if outcome.died is not None:  # killed (by the kernel, say) or exited without a report
        code = os.waitstatus_to_exitcode(outcome.died)
        return f"child died of signal {-code}" if code < 0 else f"child exited {code} silently"
    if TRACEBACK in outcome.stderr:
        return _traceback_signature(outcome.stderr)
    if outcome.status not in (0, 1):
        return f"exit status {outcome.status}"
    if not outcome.readable:
        return "report is not JSON"
    return _crash_signature(outcome.crashed[0]) if outcome.crashed else None


def _where(filename: str) -> str:
    """A frame's file as a signature names it: from the package's name on, else its last two."""
    path = Path(filename)
    if path.is_relative_to(SRC):
        return str(path.relative_to(SRC.parent))
    return "/".join(path.parts[-2:])


def _traceback_signature(stderr: str) -> str:
    """Exception type and innermost frame in the validator's source (else the innermost one)."""
    block = stderr[stderr.rindex(TRACEBACK) :]
    kind = next((line.split(":")[0] for line in block.splitlines()[1:] if line[:1].strip()), "?")
    frames = FRAME.findall(block)
    own = [frame for frame in frames if Path(frame[0]).is_relative_to(SRC)] or frames
    return f"{kind} at {_where(own[-1][0])}:{own[-1][1]} in {own[-1][2]}" if own else kind


def _crash_signature(message: str) -> str:
    """The crashed check, with the exception type and where it was raised, as its message says."""
    if (found := CRASHED.search(message)) is None:
        check = re.search(r"check `([^`]*)`", message)
        return f"check-crashed {check.group(1) if check else '?'}"
    at, _, line = found["at"].rpartition(":")
    return f"check-crashed {found['check']}: {found['type']} at {_where(at)}:{line}"


# --- the campaign -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The command line's options, with its defaults."""

    seed: int = 1
    runs: int = 500
    timeout: float = 30.0
    out: Path = Path("fuzz-failures")
    package: Path = ROOT


@dataclass
class Failure:
    """A signature, the first run that showed it (0: the package as given) and its kept case."""

    signature: str
    run: int
    mutation: str
    directory: Path
    count: int = 1


def fuzz(settings: Settings, validator: Validator = cli.main) -> dict[str, Failure]:
    """The failures of a campaign by signature, the first case of each kept under ``out``.

    The package as given is validated first, in a child: if that fails, no mutation can tell
    more. Otherwise it is validated again in this process, so that the children start with what
    the validator loads and caches on first use (a run is then four times faster).
    """
    failures: dict[str, Failure] = {}
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        base = copy_package(settings.package, Path(scratch) / "base")
        case = Path(scratch) / "case"
        if _note(failures, settings, 0, "none (the package as given)", base, validator):
            return failures
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(Exception):
            validator(["validate", str(base), "--json", "--jobs", "1"])
        for run in range(1, settings.runs + 1):
            what = mutate(random.Random(f"{settings.seed}:{run}"), base, case)
            _note(failures, settings, run, what, case, validator)
    return failures


def _note(
    failures: dict[str, Failure],
    settings: Settings,
    run: int,
    what: str,
    case: Path,
    validator: Validator,
) -> bool:
    """Validate ``case``; count a failure, keeping its case if its signature is new."""
    outcome = run_case(case, settings.timeout, validator)
    if (found := signature(outcome)) in failures:
        failures[found].count += 1
    elif found is not None:
        name = re.sub(r"[^\w.-]+", "_", found)[:80]
        digest = hashlib.sha256(found.encode()).hexdigest()[:8]
        everything = sorted(path.name for path in case.iterdir())  # a stray file too
        kept = copy_package(case, settings.out / f"{name}-{digest}", everything)
        failures[found] = Failure(found, run, what, kept)
        _describe(failures[found], settings, outcome)
    return found is not None


def _describe(failure: Failure, settings: Settings, outcome: Outcome) -> None:
    """Write the kept case's mutation.txt: the edit, the signature and how to reproduce it."""
    again = f"--seed {settings.seed} --runs {failure.run} --package {settings.package}"
    lines = [
        f"mutation: {failure.mutation}",
        f"signature: {failure.signature}",
        f"exit status: {'none (see the signature)' if outcome.status is None else outcome.status}",
        f"found by run {failure.run} of: python scripts/fuzz.py {again}",
        f"reproduce: python scripts/validate.py {failure.directory.resolve()}",
        *(f"check-crashed: {message}" for message in outcome.crashed),
        *(["standard error:", outcome.stderr] if outcome.stderr else []),
    ]
    (failure.directory / "mutation.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None, validator: Validator = cli.main) -> int:
    """Exit status 0 when no run failed, 1 otherwise; one line per failure signature."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for option, kind in (("seed", int), ("runs", int), ("timeout", float), ("out", Path)):
        default = getattr(Settings, option)
        parser.add_argument(f"--{option}", type=kind, default=default, help=f"default: {default}")
    parser.add_argument("--package", type=Path, default=ROOT, help="default: this repository")
    args = parser.parse_args(argv)
    settings = Settings(args.seed, args.runs, args.timeout, args.out, args.package.resolve())
    failures = fuzz(settings, validator)
    for failure in failures.values():
        print(
            f"FAIL {failure.signature}: {failure.count} run(s), first run {failure.run} "
            f"({failure.mutation}); kept in {failure.directory}"
        )
    runs = 0 if any(failure.run == 0 for failure in failures.values()) else settings.runs
    total = sum(failure.count for failure in failures.values())
    print(f"fuzz: {runs} runs, seed {settings.seed}: {total} failed, {len(failures)} signature(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
