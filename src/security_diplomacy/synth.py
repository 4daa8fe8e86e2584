"""A synthetic package of any size, valid under every rule, for benchmarks and scale tests.

``write(out, citations=N, seed=S)`` writes a complete package to ``out``: the real descriptor,
schemas and vocabulary; N/1000 generated source documents (N/P with ``per_source=P``: a
single source of 100,000 lines takes P = N = 500,000); and records in every table in about
the real package's proportions, each of whose cells is stated by a quote, so the validator does
its full work. The same N and seed always give the same bytes.

Each source is a dateline and P/10 paragraphs (100 by default), each followed by a blank line;
each paragraph reports one meeting:

    On Tuesday, March 4, 1997, Amira Volkonen chaired the 46th meeting of the Council of
    Northern Ports (CNP) in Tarsova. The meeting was attended by Bela Kostir, Secretary General
    of the Council of Northern Ports. Amira Volkonen stated: “…” Bela Kostir noted that ….

and yields eight records (an organization, two people, an event, two participants, a
membership, two statements) and ten citations.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import hashlib
import io
import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .metadata import write_derived
from .package import load

CITATIONS_PER_SOURCE = 1000
CITATIONS_PER_BLOCK = 10
COPIED = ("datapackage.json", "schemas", "README.md")
_SYLLABLES = ("ka", "lo", "mi", "ra", "sen", "tur", "vol", "dan", "is", "or", "bek", "zar", "nu")
_BODIES = ("Council", "Assembly", "Committee", "Forum", "Commission")
_SUBJECTS = ("Northern Ports", "Border Guards", "Water Resources", "Regional Security", "Customs")
# Adds one citation: its table, record id, line and quote.
Cite = Callable[[str, str, int, str], None]


@dataclass
class Tables:
    rows: dict[str, list[dict[str, str]]]

    def add(self, resource: str, **values: str) -> None:
        self.rows.setdefault(resource, []).append(values)


def write(
    out: Path,
    citations: int,
    seed: int = 1,
    template: Path | None = None,
    per_source: int = CITATIONS_PER_SOURCE,
) -> Path:
    """Write a package with about ``citations`` citations into ``out`` (replaced if present)."""
    template = template or Path(__file__).resolve().parents[2]
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    (out / "sources").mkdir()
    for name in COPIED:
        source = template / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, out / name)
    tables = Tables({})
    rng = random.Random(f"{seed}:{citations}")
    counter = iter(range(1, 10**9))
    for number in range(1, max(1, citations // per_source) + 1):
        blocks = min(per_source, citations) // CITATIONS_PER_BLOCK
        _source(out, tables, rng, counter, number, max(1, blocks))
    _write_tables(out, tables)
    write_derived(load(out))
    return out


def _name(rng: random.Random, parts: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(parts)
    )


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _source(
    out: Path, tables: Tables, rng: random.Random, counter: Iterator[int], number: int, blocks: int
) -> None:
    source_id = f"synth-{number:05d}"
    published = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9000))
    dateline = f"Synthetic report {number}, Synthetic Press, {published:%d.%m.%Y}"
    lines = [dateline, ""]
    cite = _citer(tables, counter, source_id)
    for block in range(blocks):
        key = f"{number:05d}-{block:03d}"
        lines += [_block(tables, rng, cite, key, source_id, len(lines) + 1), ""]
    lines.append("Share this article")
    data = "\n".join(lines).encode("utf-8")
    (out / "sources" / f"{source_id}.txt").write_bytes(data)
    tables.add(
        "sources",
        source_id=source_id,
        path=f"sources/{source_id}.txt",
        title=f"Synthetic report {number}",
        publisher="Synthetic Press",
        published=published.isoformat(),
        language="en",
        sha256=hashlib.sha256(data).hexdigest(),
        line_count=str(len(lines)),
    )
    cite("sources", source_id, 1, dateline)
    tables.add("skipped_lines", source_id=source_id, line=str(len(lines)), reason="share button")


def _citer(tables: Tables, counter: Iterator[int], source_id: str) -> Cite:
    def cite(table: str, record_id: str, line: int, quote: str) -> None:
        tables.add(
            "citations",
            citation_id=f"c-{next(counter):07d}",
            table=table,
            record_id=record_id,
            source_id=source_id,
            line=str(line),
            quote=quote,
        )

    return cite


def _block(
    tables: Tables, rng: random.Random, cite: Cite, key: str, source_id: str, line: int
) -> str:
    org, abbr = (
        f"{rng.choice(_BODIES)} of {rng.choice(_SUBJECTS)} {key}",
        f"X{key.replace('-', '')}",
    )
    chair, guest, city = _name(rng), _name(rng), _name(rng, 1)
    day = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(12000))
    ordinal = rng.randint(1, 80)
    weekday = calendar.day_name[day.weekday()]
    opening = (
        f"On {weekday}, {calendar.month_name[day.month]} {day.day}, {day.year}, {chair} chaired "
        f"the {_ordinal(ordinal)} meeting of the {org} ({abbr}) in {city}"
    )
    attended = f"The meeting was attended by {guest}, Secretary General of the {org}"
    said = f"the {org} will meet again"
    noted = f"cooperation within the {org} has grown"
    paragraph = f"{opening}. {attended}. {chair} stated: “{said}.” {guest} noted that {noted}."
    ids = {name: f"{name}-{key}" for name in ("org", "chair", "guest", "event")}
    tables.add(
        "organizations",
        organization_id=ids["org"],
        name=org,
        abbreviation=abbr,
        kind="intergovernmental_organization",
    )
    tables.add("people", person_id=ids["chair"], name=chair)
    tables.add("people", person_id=ids["guest"], name=guest)
    tables.add(
        "events",
        event_id=ids["event"],
        name=f"{_ordinal(ordinal)} meeting of the {org}",
        kind="meeting",
        status="took_place",
        start_date=day.isoformat(),
        location=city,
        organizer_id=ids["org"],
        ordinal=str(ordinal),
    )
    tables.add(
        "participants",
        participant_id=f"{key}-chair",
        event_id=ids["event"],
        person_id=ids["chair"],
        role="chair",
    )
    tables.add(
        "participants",
        participant_id=f"{key}-guest",
        event_id=ids["event"],
        person_id=ids["guest"],
        role="attendee",
        capacity=f"Secretary General of the {org}",
    )
    tables.add(
        "memberships",
        membership_id=f"{key}-post",
        person_id=ids["guest"],
        organization_id=ids["org"],
        role="secretary_general",
        post=f"Secretary General of the {org}",
    )
    tables.add(
        "statements",
        statement_id=f"{key}-1",
        event_id=ids["event"],
        speaker_id=ids["chair"],
        speaker_label=chair,
        speech_form="direct_quote",
        text=f"{said}.",
        topics="cooperation",
    )
    tables.add(
        "statements",
        statement_id=f"{key}-2",
        event_id=ids["event"],
        speaker_id=ids["guest"],
        speaker_label=guest,
        speech_form="reported_speech",
        text=noted,
        topics="cooperation",
    )
    for table, record, quote in (
        ("organizations", ids["org"], f"{org} ({abbr})"),
        ("people", ids["chair"], chair),
        ("people", ids["guest"], guest),
        ("events", ids["event"], opening),
        ("events", ids["event"], attended),  # names the organizer
        ("participants", f"{key}-chair", opening),
        ("participants", f"{key}-guest", attended),
        ("memberships", f"{key}-post", attended),
        ("statements", f"{key}-1", f"{chair} stated: “{said}.”"),
        ("statements", f"{key}-2", f"{guest} noted that {noted}"),
    ):
        cite(table, record, line, quote)
    return paragraph


def _write_tables(out: Path, tables: Tables) -> None:
    pkg = load(out)  # the descriptor: column order and primary keys
    for name, table in pkg.tables.items():
        columns = [field.name for field in table.fields]
        key = table.primary_key
        rows = sorted(
            tables.rows.get(name, []),
            key=lambda row: tuple(_sort_part(row.get(k, "")) for k in key),
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row.get(column, "") for column in columns] for row in rows)
        (out / table.path).write_text(buffer.getvalue(), encoding="utf-8")


def _sort_part(value: str) -> bytes | int:
    return int(value) if value.isdigit() else value.encode("utf-8")
