"""Organizations and their members, drawn as SVG: bodies, organizations, member states.

Three columns: the bodies and offices of an organization (``parent_id``) on the left, the
organizations in the middle, and the states that are their members (``memberships``) on the
right. Each node links to its record page.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, NODE_W, NODE_H, GAP, TOP = 960, 280, 24, 10, 40
COLUMNS = (10, 340, 670)
TITLES = ("Bodies and offices", "Organizations", "Member states")


@dataclass(frozen=True)
class Edge:
    source: str  # organization_id on the left
    target: str  # organization_id on the right
    kind: str  # "part of", "member", "leading member"


def svg(names: dict[str, str], edges: list[Edge], prefix: str = "") -> Markup:
    """``names``: organization_id → label; ``edges`` between them."""
    columns = _columns(edges)
    rows = max((len(c) for c in columns), default=0)
    height = TOP + rows * (NODE_H + GAP) + 20
    where = {
        node: (COLUMNS[i], TOP + j * (NODE_H + GAP))
        for i, column in enumerate(columns)
        for j, node in enumerate(column)
    }
    parts = [_header(height)]
    parts += [
        f'<text x="{COLUMNS[i]}" y="{TOP - 14}" class="lane">{TITLES[i]}</text>' for i in range(3)
    ]
    parts += [_edge(edge, where) for edge in edges if edge.source in where and edge.target in where]
    parts += [_node(node, names.get(node, node), *where[node], prefix) for node in where]
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _columns(edges: list[Edge]) -> list[list[str]]:
    bodies = sorted({e.source for e in edges if e.kind == "part of"})
    members = sorted({e.source for e in edges if e.kind != "part of"})
    middle = sorted({e.target for e in edges} - set(members))
    return [bodies, middle, [m for m in members if m not in middle]]


def _header(height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="graph-title graph-desc" '
        'class="graph"><title id="graph-title">Organizations and their members</title>'
        '<desc id="graph-desc">Bodies and offices linked to the organization they belong to, '
        "and organizations linked to their member states; a thick line marks the leading "
        "member.</desc>"
    )


def _edge(edge: Edge, where: dict[str, tuple[int, int]]) -> str:
    (x1, y1), (x2, y2) = where[edge.source], where[edge.target]
    # A body sits left of its organization; a member state right of it.
    if x1 < x2:
        start, end = (x1 + NODE_W, y1 + NODE_H / 2), (x2, y2 + NODE_H / 2)
    else:
        start, end = (x2 + NODE_W, y2 + NODE_H / 2), (x1, y1 + NODE_H / 2)
    css = edge.kind.replace(" ", "-")
    return (
        f'<line x1="{start[0]}" y1="{start[1]}" x2="{end[0]}" y2="{end[1]}" class="edge {css}">'
        f"<title>{escape(edge.source)} {escape(edge.kind)} {escape(edge.target)}</title></line>"
    )


def _node(node: str, label: str, x: int, y: int, prefix: str) -> str:
    short = label if len(label) <= 40 else label[:39] + "…"
    return (
        f'<a href="{escape(prefix)}records/organizations/{escape(node)}.html" class="node">'
        f"<title>{escape(label)}</title>"
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="4"/>'
        f'<text x="{x + 8}" y="{y + 16}">{escape(short)}</text></a>'
    )
