"""The build step: source records → one networkx graph (the embedded store's content).

get (read the official files) → transform (records, crosswalk inheritance, derived
properties such as an ESCO occupation's job zone) → load (nodes and edges into a
``networkx.DiGraph``; every edge's ``kind`` attribute is its edge kind).

A DiGraph, not a MultiDiGraph: no two edge kinds join the same ordered pair of nodes in
the source graph, and the simpler structure loads from a snapshot about twice as fast.
SIMILAR_TO edges, which could coincide with BROADER, are kept by the similarity index.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from skillgraph.graph.model import EdgeKind, NodeKind, Source
from skillgraph.loaders.crosswalk import OnetMapping, inherit_mappings, load_crosswalk
from skillgraph.loaders.esco import load_esco
from skillgraph.loaders.onet import load_onet
from skillgraph.loaders.records import Edge, LoadReport, SourceData
from skillgraph.loaders.sources import DataSources

__all__ = ["BuildResult", "build_graph"]


@dataclass
class BuildResult:
    """The graph, what went into it, and how long each phase took."""

    graph: nx.DiGraph
    report: LoadReport
    versions: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)


def _node_kind(record: Any) -> str:
    node_kind = getattr(record, "node_kind", None)
    return str(node_kind or type(record).kind)


def build_graph(sources: DataSources) -> BuildResult:
    """Read every source in ``sources`` and build the graph.

    Nothing is returned half-built: any :class:`DataFormatError` propagates before
    a graph exists.
    """
    timings: dict[str, float] = {}
    parts: list[SourceData] = []
    report = LoadReport()
    versions: dict[str, str] = {}

    def timed(name: str, func, *args):
        start = time.perf_counter()
        result = func(*args)
        timings[name] = time.perf_counter() - start
        return result

    if sources.esco:
        parts.append(timed("read ESCO", load_esco, list(sources.esco)))
    if sources.onet:
        parts.append(timed("read O*NET", load_onet, list(sources.onet)))
    crosswalk = timed("read crosswalk", load_crosswalk, list(sources.crosswalk)) if sources.crosswalk else None

    start = time.perf_counter()
    graph = nx.DiGraph()
    for part in parts:
        versions[part.name] = part.version
        report.merge(part.report)
        graph.add_nodes_from((r.id, {**r.to_props(), "kind": _node_kind(r)}) for r in part.nodes)
    for part in parts:
        graph.add_edges_from(_edge_tuples(part.edges))

    if crosswalk is not None:
        report.merge(crosswalk.report)
        if sources.esco and sources.onet:
            _add_crosswalk(graph, crosswalk.mappings, report)
            versions["crosswalk"] = "Nesta Nov 2020 + O*NET-SOC 2010→2019"
        else:
            report.notes.append("crosswalk not applied: it needs both ESCO and O*NET")
    timings["build graph"] = time.perf_counter() - start
    return BuildResult(graph, report, versions, timings)


def _edge_tuples(edges: list[Edge]):
    # Each edge's props dict is its own (the readers create one per edge) and becomes the
    # networkx attribute dict as is: copying 280,000 small dicts is measurable.
    for edge in edges:
        props = edge.props
        props["kind"] = edge.kind.value
        yield edge.source, edge.target, props


def _add_crosswalk(graph: nx.DiGraph, direct: list[OnetMapping], report: LoadReport) -> None:
    """SAME_AS edges (direct and inherited) and each ESCO occupation's job zone."""
    nodes = graph.nodes
    esco = [n for n, d in nodes(data=True) if d.get("kind") == NodeKind.OCCUPATION and d.get("source") == Source.ESCO]
    known: list[OnetMapping] = []
    unknown_esco: set[str] = set()
    for mapping in direct:
        if mapping.esco_id not in nodes:
            # A 2010 code that splits gives one mapping per 2019 code: count the row once.
            if mapping.esco_id not in unknown_esco:
                unknown_esco.add(mapping.esco_id)
                report.skip("crosswalk row names an ESCO occupation not in occupations_en", mapping.esco_id)
        elif mapping.onet_code not in nodes:
            report.skip("crosswalk maps to an O*NET-SOC 2019 code not in this O*NET release", mapping.onet_code)
        else:
            known.append(mapping)
    broader: dict[str, list[str]] = defaultdict(list)
    for child, parent, key in graph.edges(data="kind"):
        if (
            key == EdgeKind.BROADER
            and nodes[child].get("kind") == NodeKind.OCCUPATION
            and nodes[parent].get("kind") == NodeKind.OCCUPATION
        ):
            broader[child].append(parent)
    mappings = inherit_mappings(known, broader, esco)
    graph.add_edges_from(
        (
            m.esco_id,
            m.onet_code,
            {
                "kind": EdgeKind.SAME_AS.value,
                "confidence": m.confidence,
                "inherited": m.inherited,
                "inherited_from": m.inherited_from,
                "soc2010": m.soc2010,
            },
        )
        for m in mappings
    )
    by_esco: dict[str, list[OnetMapping]] = defaultdict(list)
    for m in mappings:
        by_esco[m.esco_id].append(m)
    for esco_id, maps in by_esco.items():
        best = max(m.confidence for m in maps)
        zones = Counter(
            nodes[m.onet_code].get("job_zone") for m in maps if m.confidence == best and nodes[m.onet_code].get("job_zone")
        )
        if zones:
            # The most common zone among the best mappings; on a tie the lower one.
            zone = min(zones, key=lambda z: (-zones[z], z))
            source = next(m.onet_code for m in maps if m.confidence == best and nodes[m.onet_code].get("job_zone") == zone)
            nodes[esco_id]["job_zone"] = zone
            nodes[esco_id]["job_zone_source"] = source
    report.notes.append(
        f"{len(by_esco)} of {len(esco)} ESCO occupations mapped to O*NET "
        f"({sum(1 for m in by_esco.values() if not m[0].inherited)} directly, "
        f"{sum(1 for m in by_esco.values() if m[0].inherited)} through a broader occupation)"
    )
