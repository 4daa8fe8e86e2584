"""Write ``site/``: fill the templates with what :mod:`.model` gathered. Static HTML only."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..evidence.support import evaluate
from ..model import Package
from ..package import load
from ..release.citation import read_citation_file
from . import graph, timeline
from .model import SiteData, gather, record_href, table_rows

HERE = Path(__file__).parent


def build_site(root: Path, out: Path) -> list[Path]:
    """Build the site of the package at ``root`` into a fresh ``out``; return the pages."""
    pkg = load(root)
    data = gather(pkg, evaluate(pkg))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(HERE / "static", out / "static")
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    common = _common(root, data)
    pages: list[Path] = []

    def write(relative: str, template: str, **context: Any) -> None:
        depth = relative.count("/")
        html = environment.get_template(template).render(root="../" * depth, **common, **context)
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        pages.append(path)

    write("index.html", "index.html", page_title="Home", **_home(pkg, data, common))
    write("graph.html", "graph.html", page_title="Membership graph", graph_svg=_graph(pkg))
    for table in data.tables:
        write(
            f"tables/{table.name}.html",
            "table.html",
            page_title=table.name,
            table=table,
            rows=table_rows(table),
        )
    for record in data.records:
        write(record.href, "record.html", page_title=record.label, record=record)
    for source in data.sources:
        write(
            f"sources/{source.source_id}.html",
            "source.html",
            page_title=source.title,
            source=source,
        )
    return pages


def _common(root: Path, data: SiteData) -> dict[str, Any]:
    descriptor = data.descriptor
    return {
        # The title up to its colon: "Tajikistan security diplomacy".
        "package_title_short": str(descriptor.get("title", "")).split(":", 1)[0],
        "version": descriptor.get("version", ""),
        "nav_tables": [table.name for table in data.tables],
        "citation": _citation(root, descriptor),
    }


def _citation(root: Path, descriptor: dict[str, object]) -> str:
    """The citation line of CITATION.cff, or of the descriptor when there is none."""
    cff = read_citation_file(root)
    contributors = descriptor.get("contributors")
    authors = "; ".join(
        str(a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}")
        for a in cff.get("authors", [])
    ) or "; ".join(
        str(c.get("title", "")) for c in (contributors if isinstance(contributors, list) else [])
    )
    year = str(cff.get("date-released", descriptor.get("created", "")))[:4]
    title = cff.get("title", descriptor.get("title", ""))
    version = cff.get("version", descriptor.get("version", ""))
    return f"{authors} ({year}). {title} (version {version}) [Data set]."


def _home(pkg: Package, data: SiteData, common: dict[str, Any]) -> dict[str, Any]:
    events = pkg.tables.get("events")
    labels = {(r.table, r.record_id): r for r in data.records}
    items, undated = [], []
    for row in events.rows if events is not None else ():
        event_id = row.text("event_id") or ""
        record = labels.get(("events", event_id))
        label = record.label if record else event_id
        entry = timeline.item(
            event_id,
            label,
            record_href("events", event_id),
            row.text("start_date"),
            row.text("end_date"),
        )
        if entry is not None:
            items.append(entry)
        elif record is not None:
            undated.append(record)
    return {
        "title": data.descriptor.get("title", ""),
        "description": data.descriptor.get("description", ""),
        "tables": data.tables,
        "sources": data.sources,
        "timeline_svg": timeline.svg(items),
        "undated": undated,
    }


def _graph(pkg: Package) -> Any:
    organizations = pkg.tables.get("organizations")
    memberships = pkg.tables.get("memberships")
    names = {
        row.text("organization_id") or "": row.text("name") or ""
        for row in (organizations.rows if organizations is not None else ())
    }
    edges = [
        graph.Edge(row.text("organization_id") or "", row.text("parent_id") or "", "part of")
        for row in (organizations.rows if organizations is not None else ())
        if row.text("parent_id")
    ]
    for row in memberships.rows if memberships is not None else ():
        member, organization = row.text("member_organization_id"), row.text("organization_id")
        if member and organization:
            kind = "leading member" if row.text("role") == "leading_member" else "member"
            edges.append(graph.Edge(member, organization, kind))
    return graph.svg(names, edges, prefix="")
