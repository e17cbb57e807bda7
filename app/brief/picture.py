"""The picture of the shortlist: the current role in the centre, the shortlisted roles around
it, each edge labelled with how close the two roles are.

One layout (:func:`layout`) in a top-down coordinate system, drawn twice: as inline SVG
for the HTML brief (:func:`brief_graph_svg`, no external reference — not even an XML
namespace address, which inline SVG in HTML does not need) and as a reportlab
``Drawing`` for the PDF (:func:`brief_graph_drawing`). Edge styles: solid with the
move when the shortlisted role is a realistic move from the current role now (width grows
with the similarity), dashed with the number of realistic moves when it is reached through
other roles, dotted when no route was found (:func:`edge_style`).
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass

__all__ = ["Box", "Edge", "Layout", "layout", "edge_style", "brief_graph_svg", "brief_graph_drawing", "WIDTH", "HEIGHT"]

WIDTH = 680.0
HEIGHT = 380.0
_BOX_W = 156.0
_LINE = 13.0
_WRAP = 22  # characters per line in a box
_COLOURS = {
    "centre_fill": "#12355b",
    "centre_text": "#ffffff",
    "role_fill": "#f2f6fa",
    "role_stroke": "#4f7cac",
    "role_text": "#1d2733",
    "edge": "#4f7cac",
    "label_text": "#12355b",
    "sub_text": "#2e6b2e",
}


@dataclass(frozen=True, slots=True)
class Box:
    """A node: centre (x, y), size, wrapped title lines and a small line under them."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    sub: str
    centre: bool


@dataclass(frozen=True, slots=True)
class Edge:
    """A line between two box borders, its label at (lx, ly)."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    style: str  # solid | dashed | dotted
    width: float
    lx: float
    ly: float


@dataclass(frozen=True)
class Layout:
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    width: float = WIDTH
    height: float = HEIGHT


def _wrap(text: str, lines: int = 3) -> tuple[str, ...]:
    wrapped = textwrap.wrap(text, _WRAP, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: _WRAP - 1].rstrip() + "…"
    return tuple(wrapped)


def _box(x: float, y: float, title: str, sub: str, centre: bool) -> Box:
    lines = _wrap(title)
    h = 14.0 + _LINE * len(lines) + (_LINE if sub else 0.0)
    return Box(x, y, _BOX_W, h, lines, sub, centre)


def _border_point(box: Box, tx: float, ty: float) -> tuple[float, float]:
    """Where the segment from the box centre towards (tx, ty) leaves the box."""
    dx, dy = tx - box.x, ty - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    scale = min(
        (box.w / 2) / abs(dx) if dx else math.inf,
        (box.h / 2) / abs(dy) if dy else math.inf,
    )
    return box.x + dx * scale, box.y + dy * scale


_PILL_LINE = 12.0  # line height of an edge label (10-point text)


def _pill(lines: list[str]) -> tuple[float, float]:
    """Width and height of the rounded box behind an edge label of these lines."""
    return 6.0 * max(len(line) for line in lines) + 12, _PILL_LINE * len(lines) + 4


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def layout(brief) -> Layout:
    """Positions of the boxes and edges for a :class:`skillgraph.app.brief.Brief`."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    title = brief.current_role.label if brief.current_role else f"{brief.alias}'s skills"
    sub = "current role" if brief.current_role else "skill profile"
    centre = _box(cx, cy, title, sub, True)
    boxes = [centre]
    edges = []
    n = len(brief.roles)
    rx, ry = WIDTH / 2 - _BOX_W / 2 - 8, HEIGHT / 2 - 36
    for i, role in enumerate(brief.roles):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        if n == 2:
            angle = math.pi if i == 0 else 0.0  # left and right rather than top and bottom
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        box = _box(x, y, role.occupation.label, f"client has {_pct(role.coverage)}", False)
        boxes.append(box)
        x1, y1 = _border_point(centre, box.x, box.y)
        x2, y2 = _border_point(box, centre.x, centre.y)
        label, style, width = edge_style(role)
        edges.append(Edge(x1, y1, x2, y2, label, style, width, (x1 + x2) / 2, (y1 + y2) / 2))
    return Layout(tuple(boxes), tuple(edges))


# -- SVG ----------------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def edge_style(role) -> tuple[str, str, float]:
    """Label, line style and width of the edge to one shortlisted role: what the route
    looks like, which is what a client asks ("can I get there, and in how many moves?").

    Solid: a realistic move from the current role now (thicker = more alike); dashed: a
    route of realistic moves through other roles (their number); dotted: no route within
    the moves allowed. The similarity is kept in the label, on a second line (a pill must fit
    between two boxes side by side), where there is a current role.
    """
    similar = f"\n{_pct(role.similarity)} similar" if role.similarity is not None else ""
    if role.viable:
        return f"1 move{similar}", "solid", 1.0 + 5.0 * (role.similarity or 0.0)
    if role.steps:
        moves = "1 move" if role.steps == 1 else f"{role.steps} moves"
        return moves + similar, "dashed", 1.5
    return "no route" + similar, "dotted", 1.2


def brief_graph_svg(brief) -> str:
    """The picture as an inline ``<svg>`` element (every text escaped)."""
    g = layout(brief)
    c = _COLOURS
    out = [
        f'<svg viewBox="0 0 {g.width:.0f} {g.height:.0f}" width="{g.width:.0f}" height="{g.height:.0f}" '
        f'role="img" aria-label="{_e("Shortlist graph: the current role and the shortlisted roles")}" '
        'font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif">'
    ]
    for e in g.edges:
        dash = {"solid": "", "dashed": ' stroke-dasharray="7 5"', "dotted": ' stroke-dasharray="2 4"'}[e.style]
        out.append(
            f'<line x1="{e.x1:.1f}" y1="{e.y1:.1f}" x2="{e.x2:.1f}" y2="{e.y2:.1f}" stroke="{c["edge"]}" '
            f'stroke-width="{e.width:.1f}"{dash} stroke-linecap="round"/>'
        )
    for e in g.edges:
        lines = e.label.split("\n")
        w, h = _pill(lines)
        out.append(
            f'<rect x="{e.lx - w / 2:.1f}" y="{e.ly - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" rx="9" fill="#ffffff" '
            f'stroke="{c["edge"]}" stroke-width="0.8"/>'
        )
        for i, text in enumerate(lines):
            y = e.ly - h / 2 + 3 + _PILL_LINE * (i + 1) - 3
            out.append(
                f'<text x="{e.lx:.1f}" y="{y:.1f}" font-size="10" text-anchor="middle" fill="{c["label_text"]}">{_e(text)}</text>'
            )
    for b in g.boxes:
        fill, stroke, ink = (
            (c["centre_fill"], c["centre_fill"], c["centre_text"])
            if b.centre
            else (c["role_fill"], c["role_stroke"], c["role_text"])
        )
        out.append(
            f'<rect x="{b.x - b.w / 2:.1f}" y="{b.y - b.h / 2:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="8" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        )
        top = b.y - b.h / 2 + 7 + _LINE - 3
        for i, line in enumerate(b.lines):
            out.append(
                f'<text x="{b.x:.1f}" y="{top + i * _LINE:.1f}" font-size="11.5" font-weight="bold" text-anchor="middle" '
                f'fill="{ink}">{_e(line)}</text>'
            )
        if b.sub:
            sub_ink = c["centre_text"] if b.centre else c["sub_text"]
            out.append(
                f'<text x="{b.x:.1f}" y="{top + len(b.lines) * _LINE:.1f}" font-size="9.5" text-anchor="middle" '
                f'fill="{sub_ink}">{_e(b.sub)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


# -- reportlab ------------------------------------------------------------------------------------


def brief_graph_drawing(brief, *, width: float, font: str = "Helvetica", bold: str = "Helvetica-Bold", clean=lambda s: s):
    """The picture as a reportlab ``Drawing`` scaled to ``width`` points."""
    from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
    from reportlab.lib import colors

    g = layout(brief)
    c = {k: colors.HexColor(v) for k, v in _COLOURS.items()}
    scale = width / g.width
    drawing = Drawing(width, g.height * scale)
    group = Group()
    group.transform = (scale, 0, 0, scale, 0, 0)

    def fy(y: float) -> float:  # top-down layout → reportlab's bottom-up
        return g.height - y

    for e in g.edges:
        line = Line(e.x1, fy(e.y1), e.x2, fy(e.y2), strokeColor=c["edge"], strokeWidth=e.width)
        if e.style == "dashed":
            line.strokeDashArray = [7, 5]
        elif e.style == "dotted":
            line.strokeDashArray = [2, 4]
        group.add(line)
    for e in g.edges:
        lines = e.label.split("\n")
        w, h = _pill(lines)
        group.add(
            Rect(e.lx - w / 2, fy(e.ly) - h / 2, w, h, rx=9, ry=9, fillColor=colors.white, strokeColor=c["edge"], strokeWidth=0.8)
        )
        for i, text in enumerate(lines):
            y = e.ly - h / 2 + 3 + _PILL_LINE * (i + 1) - 3
            group.add(
                String(e.lx, fy(y), clean(text), fontName=font, fontSize=10, fillColor=c["label_text"], textAnchor="middle")
            )
    for b in g.boxes:
        fill, stroke, ink = (
            (c["centre_fill"], c["centre_fill"], c["centre_text"])
            if b.centre
            else (c["role_fill"], c["role_stroke"], c["role_text"])
        )
        group.add(
            Rect(b.x - b.w / 2, fy(b.y + b.h / 2), b.w, b.h, rx=8, ry=8, fillColor=fill, strokeColor=stroke, strokeWidth=1.5)
        )
        top = b.y - b.h / 2 + 7 + _LINE - 3
        for i, line in enumerate(b.lines):
            group.add(
                String(b.x, fy(top + i * _LINE), clean(line), fontName=bold, fontSize=11, fillColor=ink, textAnchor="middle")
            )
        if b.sub:
            sub_ink = c["centre_text"] if b.centre else c["sub_text"]
            group.add(
                String(
                    b.x,
                    fy(top + len(b.lines) * _LINE),
                    clean(b.sub),
                    fontName=font,
                    fontSize=9.5,
                    fillColor=sub_ink,
                    textAnchor="middle",
                )
            )
    drawing.add(group)
    return drawing
