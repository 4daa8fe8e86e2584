"""What the pages show, gathered once from the package and the support verdicts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from ..evidence.coverage import skip_reasons
from ..evidence.index import Citation, primary_key_value
from ..evidence.support import Evaluation, Verdict
from ..model import Package, Row, Table
from .marks import marked


@dataclass(frozen=True)
class Evidence:
    citation: Citation
    line_html: Markup
    href: str  # from the site root: sources/<id>.html#L<n>


@dataclass(frozen=True)
class Value:
    text: str
    href: str | None  # the referenced record, from the site root
    rule: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class FieldView:
    column: str
    description: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class RecordView:
    table: str
    record_id: str
    label: str
    fields: tuple[FieldView, ...]
    citations: tuple[Evidence, ...]

    @property
    def href(self) -> str:
        return record_href(self.table, self.record_id)


@dataclass(frozen=True)
class LineView:
    number: int
    html: Markup
    cited_by: tuple[tuple[str, str], ...]  # (label, href)
    skipped: str | None


@dataclass(frozen=True)
class SourceView:
    source_id: str
    title: str
    path: str
    lines: tuple[LineView, ...]


@dataclass
class SiteData:
    descriptor: dict[str, object]
    tables: list[Table] = field(default_factory=list)
    records: list[RecordView] = field(default_factory=list)
    sources: list[SourceView] = field(default_factory=list)


def record_href(table: str, record_id: str) -> str:
    return f"records/{table}/{record_id}.html"


def source_href(source_id: str, line: int | None = None) -> str:
    return f"sources/{source_id}.html" + (f"#L{line}" if line else "")


def gather(pkg: Package, evaluation: Evaluation) -> SiteData:
    data = SiteData(dict(pkg.descriptor or {}))
    data.tables = [table for _, table in sorted(pkg.tables.items()) if table.loaded]
    verdicts = _verdicts_by_cell(evaluation)
    for table in data.tables:
        if not table.cited:
            continue
        for row in table.rows:
            record_id = primary_key_value(table, row)
            if record_id is not None:
                data.records.append(_record(pkg, evaluation, table, row, record_id, verdicts))
    data.sources = [_source(pkg, evaluation, source_id) for source_id in sorted(pkg.sources)]
    return data


def label(row: Row, record_id: str) -> str:
    name = row.text("name") or row.text("title") or row.text("text")
    return name if name else record_id


def _verdicts_by_cell(evaluation: Evaluation) -> dict[tuple[str, str, str], list[Verdict]]:
    found: dict[tuple[str, str, str], list[Verdict]] = defaultdict(list)
    for verdict in evaluation.verdicts:
        cell = verdict.cell
        found[(cell.table, cell.record_id, cell.column)].append(verdict)
    return found


def _evidence(pkg: Package, citation: Citation, quotes: tuple[str, ...] = ()) -> Evidence:
    source = pkg.sources.get(citation.source_id)
    lines = source.lines if source is not None else None
    text = lines[citation.line - 1] if lines and 0 < citation.line <= len(lines) else ""
    return Evidence(
        citation,
        marked(text, quotes or (citation.quote,)),
        source_href(citation.source_id, citation.line),
    )


def _record(
    pkg: Package,
    evaluation: Evaluation,
    table: Table,
    row: Row,
    record_id: str,
    verdicts: dict[tuple[str, str, str], list[Verdict]],
) -> RecordView:
    citations = evaluation.index.citations.get((table.name, record_id), ())
    by_id = {c.citation_id: c for c in citations}
    fields = []
    for f in table.fields:
        raw = row.get(f.name)
        if raw is None:
            continue
        cell_verdicts = verdicts.get((table.name, record_id, f.name), [])
        target = evaluation.index.references.get((table.name, f.name))
        items = raw if isinstance(raw, tuple) else (str(raw),)
        values = []
        for item in items:
            verdict = next((v for v in cell_verdicts if v.cell.value == item), None)
            evidence = tuple(
                _evidence(pkg, by_id[c]) for c in (verdict.outcome.supporting if verdict else ())
            )
            rule = verdict.rule if verdict else str(f.descriptor.get("x-support", ""))
            href = record_href(target, item) if target else None
            values.append(Value(item, href, rule, evidence))
        description = str(f.descriptor.get("description", ""))
        fields.append(FieldView(f.name, description, tuple(values)))
    return RecordView(
        table.name,
        record_id,
        label(row, record_id),
        tuple(fields),
        tuple(_evidence(pkg, c) for c in citations),
    )


def _source(pkg: Package, evaluation: Evaluation, source_id: str) -> SourceView:
    source = pkg.sources[source_id]
    by_line: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for (table, record_id), citations in evaluation.index.citations.items():
        for citation in citations:
            if citation.source_id == source_id:
                by_line[citation.line].append((table, record_id, citation.quote))
    skipped = {
        line: why for (source, line), why in skip_reasons(pkg).items() if source == source_id
    }
    lines = []
    for number, text in enumerate(source.lines or (), 1):
        cites = by_line.get(number, [])
        cited_by = tuple(sorted({(f"{t}/{r}", record_href(t, r)) for t, r, _ in cites}))
        html = marked(text, tuple(q for _, _, q in cites))
        lines.append(LineView(number, html, cited_by, skipped.get(number)))
    sources_table = pkg.tables.get("sources")
    title = next(
        (
            r.text("title") or source_id
            for r in (sources_table.rows if sources_table else ())
            if r.text("source_id") == source_id
        ),
        source_id,
    )
    return SourceView(source_id, title, source.path, tuple(lines))


def table_rows(table: Table) -> list[tuple[str | None, list[str]]]:
    """(record page or None, cell texts) for each row, as the table pages list them."""
    rows = []
    for row in table.rows:
        record_id = primary_key_value(table, row) if table.cited else None
        cells = [_cell_text(row.get(f.name)) for f in table.fields]
        rows.append((record_href(table.name, record_id) if record_id else None, cells))
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, tuple) else str(value)
