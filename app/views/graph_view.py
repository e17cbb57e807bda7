"""The interactive graph views, built from query results (never from the store's graph:
pyvis's ``from_nx`` writes into the graph it is given, and the store is shared).

Three steps, each testable on its own:

1. :func:`neighbourhood` / :func:`path_graph` turn query results (a profile, similar
   roles, career paths) into a :class:`GraphSpec` — nodes with a kind, a label and a
   plain-text tooltip, edges with a width — capped at a node count;
2. :func:`build_network` makes the pyvis ``Network`` from the spec (colours per kind,
   edge width by similarity);
3. :func:`render_html` writes one self-contained HTML page: vis-network's JavaScript is
   inlined from the pyvis wheel, there is no Bootstrap and no URL to any other host, so
   it works offline. Data reaches the page only as JSON inside a script (with ``<``,
   ``>`` and ``&`` escaped) and is displayed by vis-network as canvas text and as
   tooltips set with ``innerText``: no HTML from the data is ever parsed.

Clicking a node that stands for an occupation posts ``{"skillgraph": "open", "id": …}``
(the id as URLs carry it, :func:`skillgraph.app.views.formatting.to_param`) to the parent window; :mod:`skillgraph.app.views.graph_component` turns that into opening the
role's profile.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from skillgraph.app.views import formatting as fmt
from skillgraph.queries.pathways import CareerPath
from skillgraph.queries.profile import OccupationProfile, Requirement
from skillgraph.queries.similar_roles import SimilarRoles

__all__ = [
    "NodeKind",
    "KINDS",
    "GraphNode",
    "GraphEdge",
    "GraphSpec",
    "neighbourhood",
    "path_graph",
    "build_network",
    "render_html",
    "vis_network_js",
    "MIN_NODES",
    "MAX_NODES",
    "radial_layout",
    "label_box",
]

MIN_NODES = 5
MAX_NODES = 150


@dataclass(frozen=True, slots=True)
class NodeKind:
    """How one kind of node looks, and what the legend calls it."""

    legend: str
    colour: str
    shape: str = "dot"
    size: int = 16


# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
KINDS: dict[str, NodeKind] = {
    "focus": NodeKind("Selected role", "#D55E00", "star", 40),
    "role": NodeKind("Similar role (or group of roles)", "#0072B2", "dot", 26),
    "skill": NodeKind("Essential skill (name on hover)", "#009E73", "dot", 9),
    "knowledge": NodeKind("Knowledge (name on hover)", "#E69F00", "diamond", 9),
    "technology": NodeKind("Technology (name on hover)", "#CC79A7", "square", 8),
    "start": NodeKind("Start", "#D55E00", "star", 30),
    "goal": NodeKind("Goal", "#009E73", "star", 30),
    "step": NodeKind("Role on the way", "#0072B2", "dot", 20),
}


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    label: str
    kind: str
    tooltip: str
    size: int | None = None
    opens: str = ""  # occupation id whose profile a click opens ('' for skills etc.)
    x: float | None = None  # fixed position (the readable radial layout); None: physics places it
    y: float | None = None
    show_label: bool = True  # False: the label is shown on hover only (in the tooltip)
    members: tuple[tuple[str, str], ...] = ()  # (occupation id, label) of a collapsed family


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    width: float = 1.0
    tooltip: str = ""
    label: str = ""
    colour: str = "#B8BCC6"
    arrow: bool = False


@dataclass(frozen=True)
class GraphSpec:
    """What to draw: nodes (in priority order), edges between them, and what was left out."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    available: int  # nodes there would be without the cap
    hierarchical: bool = False
    kinds: tuple[str, ...] = field(default=())
    layout: bool = False  # True: every node has a fixed position (radial_layout)

    @property
    def capped(self) -> bool:
        return self.available > len(self.nodes)


def _canvas_label(text: str, width: int = 18, lines: int = 3) -> str:
    """A label wrapped for the canvas, at most ``lines`` lines."""
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,;:-") + "…"
    return "\n".join(wrapped)


def _similarity_width(score: float | None) -> float:
    return round(1.0 + 9.0 * max(0.0, min(1.0, score or 0.0)), 2)


def _requirement_node(item: Requirement, shared_with: int) -> GraphNode:
    kind = "knowledge" if item.kind == "Knowledge" else "skill"
    lines = [
        item.label,
        f"{'Knowledge' if kind == 'knowledge' else 'Skill'}" + (f" · {item.group_label}" if item.group_label else ""),
    ]
    if shared_with:
        lines.append("Also essential to " + ("1 similar role" if shared_with == 1 else f"{shared_with} of the similar roles"))
    if item.description:
        lines.append(fmt.truncate(item.description, 200))
    return GraphNode(f"concept:{item.id}", _canvas_label(item.label), kind, "\n".join(lines))


def neighbourhood(
    profile: OccupationProfile,
    similar: SimilarRoles,
    *,
    include_skills: bool = True,
    include_knowledge: bool = False,
    include_technologies: bool = False,
    max_nodes: int = 40,
    max_technologies: int = 12,
    max_roles: int | None = None,
    collapse_families: bool = False,
    layout: bool = False,
) -> GraphSpec:
    """A role, its similar roles and, optionally, its essential skills, knowledge and top
    technologies; skills link to every similar role that shares them.

    Nodes are kept in priority order — the role, similar roles by rank, skills and
    knowledge shared by most similar roles, then technologies — up to ``max_nodes``.

    ``collapse_families`` draws each role with the other specialisations of its family
    (the engine's ``SimilarRole.family``) as one node, named by what their titles share or
    by the closest of them, the others counted and listed in its tooltip; ``max_roles``
    caps the role (or family) nodes. ``layout`` places everything on rings around the role
    (:func:`radial_layout`): only roles are labelled on the canvas, on a ring wide enough
    for their labels never to overlap; skills, knowledge and technologies are small
    unlabelled marks with their names on hover.
    """
    occ = profile.occupation
    candidates: list[GraphNode] = [
        GraphNode(
            f"occ:{occ.id}",
            _canvas_label(occ.label),
            "focus",
            "\n".join([occ.label, f"{occ.source} · the selected role", "Click to open its profile"]),
            opens=occ.id,
        )
    ]
    edges: list[GraphEdge] = []
    node_of: dict[str, str] = {}  # occupation id → the node that stands for it
    for role in similar.roles[: max_roles or None]:
        target = role.target
        node_id = f"occ:{target.id}"
        family = tuple(role.family) if collapse_families else ()
        node_of[target.id] = node_id
        lines = [
            target.label,
            f"{fmt.score_pct(role.score)} similar to {occ.label}",
            f"Someone in {occ.label} already has {fmt.pct(role.coverage)} of its essential skills",
        ]
        label = _canvas_label(target.label)
        if family:
            labels = [target.label, *(f.label for f in family)]
            common = _common_tail(labels)
            lines.append(f"and {len(family)} related specialisation{'s' if len(family) > 1 else ''}:")
            lines += [f"· {f.label}" for f in family[:8]]
            if len(family) > 8:
                lines.append(f"· … {len(family) - 8} more (see the menu under the graph)")
            label = (
                _canvas_label(f"{len(labels)} kinds of {common}", lines=3)
                if common
                else _canvas_label(target.label, lines=2) + f"\n+ {len(family)} related"
            )
            if common:
                lines.insert(0, f"{len(labels)} kinds of {common}, the closest first:")
        lines.append("Click to open the profile of " + target.label)
        candidates.append(
            GraphNode(
                node_id,
                label,
                "role",
                "\n".join(lines),
                size=int(18 + 16 * max(0.0, min(1.0, role.score))),
                opens=target.id,
                members=((target.id, target.label), *((f.id, f.label) for f in family)),
            )
        )
        edges.append(
            GraphEdge(
                f"occ:{occ.id}",
                node_id,
                _similarity_width(role.score),
                f"{occ.label} → {target.label}: {fmt.score_pct(role.score)} similar",
                colour="#7F9CC0",
            )
        )
    shared_count: dict[str, list[str]] = {}
    for role in similar.roles:
        if role.target.id not in node_of:
            continue
        for item in role.shared_essential:
            linked = shared_count.setdefault(item.id, [])
            if node_of[role.target.id] not in linked:
                linked.append(node_of[role.target.id])
    concepts: list[Requirement] = []
    if include_skills:
        concepts.extend(item for section in profile.essential_skills for item in section.items)
    if include_knowledge:
        concepts.extend(k for k in (*profile.knowledge, *profile.cross_sector) if k.relation == "essential")
    concepts.sort(key=lambda r: (-len(shared_count.get(r.id, ())), r.label.lower()))
    for item in concepts:
        node = _requirement_node(item, len(shared_count.get(item.id, ())))
        if layout:
            node = replace(node, show_label=False)
        candidates.append(node)
        edges.append(GraphEdge(f"occ:{occ.id}", node.id, 1.0, f"{occ.label} requires {item.label}"))
        for node_id in shared_count.get(item.id, ()):
            edges.append(GraphEdge(node_id, node.id, 1.0, f"{item.label} is also essential here", colour="#D5D8DE"))
    if include_technologies:
        # The ones this role's job postings ask for first, then hot ones (the order is stable).
        for tech in sorted(profile.technologies, key=lambda t: (not t.in_demand, not t.hot))[:max_technologies]:
            tooltip = [tech.label, tech.commodity_title or "Technology"]
            if tech.hot:
                tooltip.append("Hot technology: often named in job postings")
            node = GraphNode(
                f"tech:{tech.id}", _canvas_label(tech.label), "technology", "\n".join(tooltip), show_label=not layout
            )
            candidates.append(node)
            edges.append(GraphEdge(f"occ:{occ.id}", node.id, 1.0, f"{occ.label} uses {tech.label}"))
    spec = _capped(candidates, edges, max_nodes)
    return radial_layout(spec) if layout else spec


def _common_tail(labels: Sequence[str]) -> str:
    """The words every label ends with ('kitchen shop manager', 'craft shop manager' →
    'shop manager'), or '' when they share fewer than two words ("3 kinds of manager" says
    nothing) or the tail is a whole label."""
    words = [label.lower().split() for label in labels]
    tail: list[str] = []
    for column in zip(*(reversed(w) for w in words)):
        if len(set(column)) != 1:
            break
        tail.insert(0, column[0])
    if len(tail) < 2 or any(len(w) == len(tail) for w in words):
        return ""
    return " ".join(tail)


#: Canvas sizes the layout plans with (vis-network's 14 px labels, wrapped at 18 characters).
LABEL_CHAR_PX = 8.0
LABEL_LINE_PX = 18.0
ROLE_GAP_PX = 24.0


def label_box(node: GraphNode) -> tuple[float, float, float, float] | None:
    """The canvas box (x0, y0, x1, y1) a node's visible label takes, drawn under the node."""
    if node.x is None or node.y is None or not node.show_label or not node.label:
        return None
    lines = node.label.split("\n")
    width = max(len(line) for line in lines) * LABEL_CHAR_PX
    size = node.size or KINDS[node.kind].size
    top = node.y + size + 4
    return (node.x - width / 2, top, node.x + width / 2, top + len(lines) * LABEL_LINE_PX)


def radial_layout(spec: GraphSpec) -> GraphSpec:
    """Fixed positions: the focus in the centre, role nodes on a ring whose circumference
    leaves every label room (so no two labels overlap), the unlabelled skills, knowledge and
    technologies on an outer ring, each next to the roles that share it."""
    import math

    focus = next((n for n in spec.nodes if n.kind == "focus"), None)
    roles = [n for n in spec.nodes if n.kind == "role"]
    others = [n for n in spec.nodes if n.kind not in ("focus", "role")]
    if focus is None:
        return spec
    widest = max((max(len(line) for line in n.label.split("\n")) * LABEL_CHAR_PX for n in roles), default=0.0)
    tallest = max((len(n.label.split("\n")) * LABEL_LINE_PX + (n.size or 26) * 2 for n in roles), default=0.0)
    # Neighbours on the ring must be further apart than a label's diagonal.
    spacing = math.hypot(widest, tallest) + ROLE_GAP_PX
    radius = max(240.0, spacing * len(roles) / (2 * math.pi), spacing if len(roles) > 1 else 0.0)
    placed: dict[str, GraphNode] = {focus.id: replace(focus, x=0.0, y=0.0)}
    angles: dict[str, float] = {}
    for i, node in enumerate(roles):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(roles), 1)
        angles[node.id] = angle
        placed[node.id] = replace(node, x=round(radius * math.cos(angle), 1), y=round(radius * math.sin(angle), 1))
    links: dict[str, list[float]] = {}
    for e in spec.edges:
        if e.target in {n.id for n in others} and e.source in angles:
            links.setdefault(e.target, []).append(angles[e.source])
    outer = radius + 120.0
    slots = max(len(others), 1)
    free = list(range(slots))
    for node in others:
        wanted = links.get(node.id)
        if wanted:
            target = math.atan2(sum(math.sin(a) for a in wanted), sum(math.cos(a) for a in wanted))
        else:
            target = math.pi / 2  # only the focus needs it: under the role
        best = min(free, key=lambda k: abs(math.remainder(-math.pi / 2 + 2 * math.pi * k / slots - target, 2 * math.pi)))
        free.remove(best)
        angle = -math.pi / 2 + 2 * math.pi * best / slots
        ring = outer + (30.0 if best % 2 else 0.0)
        placed[node.id] = replace(node, x=round(ring * math.cos(angle), 1), y=round(ring * math.sin(angle), 1))
    return replace(spec, nodes=tuple(placed[n.id] for n in spec.nodes), layout=True)


def _capped(candidates: list[GraphNode], edges: list[GraphEdge], max_nodes: int, *, hierarchical: bool = False) -> GraphSpec:
    seen: set[str] = set()
    unique = [n for n in candidates if not (n.id in seen or seen.add(n.id))]
    max_nodes = max(MIN_NODES, min(MAX_NODES, int(max_nodes)))
    kept = unique[:max_nodes]
    ids = {n.id for n in kept}
    kept_edges: list[GraphEdge] = []
    pairs: set[tuple[str, str]] = set()
    for e in edges:
        key = (e.source, e.target) if hierarchical else tuple(sorted((e.source, e.target)))
        if e.source in ids and e.target in ids and key not in pairs:
            pairs.add(key)
            kept_edges.append(e)
    kinds = tuple(dict.fromkeys(n.kind for n in kept))
    return GraphSpec(tuple(kept), tuple(kept_edges), len(unique), hierarchical, kinds)


def path_graph(paths: Sequence[CareerPath], *, max_nodes: int = 40) -> GraphSpec:
    """The roles on ``paths`` (start, roles on the way, goal) and their steps, each step
    labelled with its similarity; edges of several paths are drawn once."""
    if not paths:
        return GraphSpec((), (), 0, True, ())
    start = paths[0].steps[0].origin
    goals = {p.target.id for p in paths}
    nodes: list[GraphNode] = []
    edges: list[GraphEdge] = []
    for path in paths:
        for ref in path.occupations:
            kind = "start" if ref.id == start.id else ("goal" if ref.id in goals else "step")
            what = {"start": "Start", "goal": "Goal", "step": "Role on the way"}[kind]
            nodes.append(
                GraphNode(
                    f"occ:{ref.id}",
                    _canvas_label(ref.label, 20),
                    kind,
                    "\n".join([ref.label, f"{what} · {fmt.source_line(ref)}", "Click to open its profile"]),
                    opens=ref.id,
                )
            )
        for step in path.steps:
            edges.append(
                GraphEdge(
                    f"occ:{step.origin.id}",
                    f"occ:{step.target.id}",
                    _similarity_width(step.score),
                    "\n".join(
                        [
                            f"{step.origin.label} → {step.target.label}",
                            f"{fmt.score_pct(step.score)} similar",
                            f"Already has {fmt.pct(step.coverage)} of its essential skills",
                            f"{fmt.plural(len(step.to_acquire), 'essential skill')} to acquire",
                        ]
                    ),
                    label=fmt.score_pct(step.score),
                    colour="#7F9CC0",
                    arrow=True,
                )
            )
    return _capped(nodes, edges, max_nodes, hierarchical=True)


def build_network(spec: GraphSpec, *, height: int = 600):
    """The pyvis ``Network`` for ``spec`` (nodes and edges added one by one from the spec)."""
    from pyvis.network import Network  # imported here: pyvis takes ~1 s to import

    net = Network(
        height=f"{height}px",
        width="100%",
        directed=spec.hierarchical,
        bgcolor="#ffffff",
        font_color="#31333F",
        cdn_resources="remote",
    )
    # Opaque node ids in the page (ESCO ids are URIs); a click sends the URL form of the
    # occupation id (formatting.to_param), which is what ?id= takes.
    page_ids = {node.id: f"n{i}" for i, node in enumerate(spec.nodes)}
    for node in spec.nodes:
        kind = KINDS[node.kind]
        position = {"x": node.x, "y": node.y, "physics": False, "fixed": True} if node.x is not None else {}
        net.add_node(
            page_ids[node.id],
            label=node.label if node.show_label else " ",
            title=node.tooltip,
            **position,
            color={
                "background": kind.colour,
                "border": kind.colour,
                "highlight": {"background": kind.colour, "border": "#31333F"},
                "hover": {"background": kind.colour, "border": "#31333F"},
            },
            shape=kind.shape,
            size=node.size or kind.size,
            font={
                "size": 16 if node.kind in ("focus", "start", "goal") else 14,
                "color": "#31333F",
                "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            borderWidth=2 if node.opens else 1,
            opens=fmt.to_param(node.opens) if node.opens else "",
            kind=node.kind,
        )
    for edge in spec.edges:
        options: dict[str, Any] = {
            "width": edge.width,
            "title": edge.tooltip,
            "color": {"color": edge.colour, "highlight": "#31333F"},
        }
        if edge.label:
            options["label"] = edge.label
            options["font"] = {"size": 12, "align": "top", "color": "#555867", "strokeWidth": 3, "strokeColor": "#ffffff"}
        if edge.arrow:
            options["arrows"] = "to"
        net.add_edge(page_ids[edge.source], page_ids[edge.target], **options)
    net.options = _options(spec)
    return net


def _options(spec: GraphSpec) -> dict[str, Any]:
    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
        "edges": {"smooth": {"enabled": True, "type": "continuous"}, "selectionWidth": 1.5},
        "nodes": {"shadow": False},
    }
    if spec.layout:
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = {"enabled": False}
        options["interaction"]["hoverConnectedEdges"] = True
    elif spec.hierarchical:
        options["layout"] = {
            "hierarchical": {
                "enabled": True,
                "direction": "LR",
                "sortMethod": "directed",
                "levelSeparation": 260,
                "nodeSpacing": 140,
            }
        }
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -9000,
                "centralGravity": 0.25,
                "springLength": 150,
                "springConstant": 0.03,
                "damping": 0.4,
                "avoidOverlap": 0.5,
            },
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        }
    return options


@cache
def vis_network_js() -> str:
    """vis-network's JavaScript as shipped inside the pyvis wheel (no download, no CDN)."""
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON safe to place inside <script>: no '<', '>', '&' or line separators left raw."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>__TITLE__</title>
<style>
html, body { margin: 0; padding: 0; height: 100%; background: #ffffff; overflow: hidden;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #31333F; }
#graph { position: absolute; inset: 0; }
.vis-tooltip { position: absolute; visibility: hidden; padding: 8px 10px; max-width: 320px; white-space: pre-wrap;
  background: #ffffff; color: #31333F; border: 1px solid #D5D8DE; border-radius: 6px; font-size: 13px; line-height: 1.35;
  box-shadow: 0 4px 14px rgba(0, 0, 0, .12); pointer-events: none; z-index: 5; }
#legend { position: absolute; top: 10px; left: 10px; background: rgba(255, 255, 255, .92); border: 1px solid #E6E8EC;
  border-radius: 8px; padding: 6px 10px; font-size: 12.5px; line-height: 1.6; z-index: 4; }
#legend .item { display: flex; align-items: center; gap: 7px; }
#legend .mark { width: 11px; height: 11px; border-radius: 50%; display: inline-block; }
#legend .mark.square { border-radius: 2px; }
#legend .mark.diamond { border-radius: 1px; transform: rotate(45deg) scale(.85); }
#hint { position: absolute; bottom: 8px; left: 10px; font-size: 12px; color: #6B6F7B; z-index: 4; }
</style>
</head>
<body>
<div id="graph" role="img" aria-label="__TITLE__"></div>
<div id="legend">__LEGEND__</div>
<div id="hint">__HINT__</div>
<script>__VIS_JS__</script>
<script>
(function () {
  var nodes = new vis.DataSet(__NODES__);
  var edges = new vis.DataSet(__EDGES__);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, __OPTIONS__);
  window.skillgraphNetwork = network;
  function ready() {
    document.body.setAttribute("data-ready", "1");
    document.body.setAttribute("data-nodes", String(nodes.length));
  }
  if (__PHYSICS__) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      ready();
    });
  } else {
    network.once("afterDrawing", function () { network.fit({ animation: false }); ready(); });
  }
  network.on("click", function (params) {
    if (!params.nodes.length) { return; }
    var node = nodes.get(params.nodes[0]);
    if (node && node.opens && window.parent !== window) {
      window.parent.postMessage({ skillgraph: "open", id: node.opens }, "*");
    }
  });
  network.on("hoverNode", function (params) {
    var node = nodes.get(params.node);
    container.style.cursor = node && node.opens ? "pointer" : "default";
  });
  network.on("blurNode", function () { container.style.cursor = "default"; });
})();
</script>
</body>
</html>
"""


_MARKER = re.compile(r"__(?:TITLE|LEGEND|HINT|NODES|EDGES|OPTIONS|PHYSICS|VIS_JS)__")


def _legend_html(spec: GraphSpec) -> str:
    items = []
    for kind_name in spec.kinds:
        kind = KINDS[kind_name]
        shape = " square" if kind.shape == "square" else (" diamond" if kind.shape == "diamond" else "")
        items.append(
            f'<div class="item"><span class="mark{shape}" style="background:{html.escape(kind.colour)}"></span>'
            f"{html.escape(kind.legend)}</div>"
        )
    return "".join(items)


def render_html(net, spec: GraphSpec, *, title: str = "Skills graph") -> str:
    """A self-contained HTML page drawing ``net`` (from :func:`build_network`).

    Works offline: vis-network is inlined and a Content-Security-Policy forbids loading
    anything from anywhere.
    """
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    physics = bool(net.options.get("physics", {}).get("enabled")) if isinstance(net.options, dict) else True
    has_links = any(n.opens for n in spec.nodes)
    hint = "Hover for details · scroll to zoom · drag to move" + (" · click a role to open its profile" if has_links else "")
    replacements = {
        "__TITLE__": html.escape(title),
        "__LEGEND__": _legend_html(spec),
        "__HINT__": html.escape(hint),
        "__NODES__": _script_json(nodes),
        "__EDGES__": _script_json(edges),
        "__OPTIONS__": _script_json(net.options),
        "__PHYSICS__": "true" if physics else "false",
    }
    replacements["__VIS_JS__"] = vis_network_js()
    # One pass over the template: text put in is never scanned for markers again.
    return _MARKER.sub(lambda m: replacements[m.group(0)], _PAGE)
