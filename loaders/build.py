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
from skillgraph.loaders.crosswalk import CROSSWALK_NAMES, CrosswalkData, OnetMapping, inherit_mappings, load_crosswalk
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
    crosswalk = None
    if sources.crosswalk:
        start = time.perf_counter()
        crosswalk = load_crosswalk(list(sources.crosswalk), source=sources.crosswalk_source)
        timings["read crosswalk"] = time.perf_counter() - start

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
            _add_crosswalk(graph, crosswalk, report)
            versions["crosswalk"] = ", then ".join(CROSSWALK_NAMES[name] for name in crosswalk.read)
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


def _known(graph: nx.DiGraph, mappings: list[OnetMapping], esco: set[str], report: LoadReport) -> list[OnetMapping]:
    """The mappings whose two ends are in the graph; the others are skipped and counted."""
    nodes = graph.nodes
    known: list[OnetMapping] = []
    unknown_esco: set[str] = set()
    for mapping in mappings:
        if mapping.esco_id not in esco:
            # A 2010 code that splits gives one mapping per 2019 code: count the row once.
            if mapping.esco_id not in unknown_esco:
                unknown_esco.add(mapping.esco_id)
                report.skip("crosswalk row names an ESCO occupation not in occupations_en", mapping.esco_id)
        elif mapping.onet_code not in nodes:
            report.skip("crosswalk maps to an O*NET-SOC 2019 code not in this O*NET release", mapping.onet_code)
        else:
            known.append(mapping)
    return known


def _best_only(mappings: list[OnetMapping]) -> list[OnetMapping]:
    """Of each ESCO occupation's official matches, those of its best type of match.

    The official crosswalk lists every related O*NET occupation ("ICT project manager" is
    the exactMatch of Information Technology Project Managers and a broadMatch of Project
    Management Specialists); SAME_AS keeps the closest ones, so a profile's technologies,
    tasks and job zone come from the O*NET occupation that describes the role best.
    """
    best: dict[str, float] = {}
    for m in mappings:
        best[m.esco_id] = max(best.get(m.esco_id, 0.0), m.confidence)
    return [m for m in mappings if m.confidence == best[m.esco_id]]


def _add_crosswalk(graph: nx.DiGraph, crosswalk: CrosswalkData, report: LoadReport) -> None:
    """SAME_AS edges (direct and inherited) and each ESCO occupation's job zone.

    With both crosswalks, an ESCO occupation takes the official mappings if it has any,
    else Nesta's; one with neither inherits those of its nearest mapped broader
    occupation, else (official crosswalk) those of an ``exactISCO`` row for its ISCO group.
    """
    nodes = graph.nodes
    esco = [n for n, d in nodes(data=True) if d.get("kind") == NodeKind.OCCUPATION and d.get("source") == Source.ESCO]
    esco_set = set(esco)
    in_data = {
        name: _known(graph, [m for m in crosswalk.mappings if m.crosswalk == name], esco_set, report) for name in crosswalk.read
    }
    official = _best_only(in_data.get("official", []))
    nesta = in_data.get("nesta", [])
    has_official = {m.esco_id for m in official}
    known = official + [m for m in nesta if m.esco_id not in has_official]
    broader: dict[str, list[str]] = defaultdict(list)
    for child, parent, key in graph.edges(data="kind"):
        if (
            key == EdgeKind.BROADER
            and nodes[child].get("kind") == NodeKind.OCCUPATION
            and nodes[parent].get("kind") == NodeKind.OCCUPATION
        ):
            broader[child].append(parent)
    mappings = inherit_mappings(known, broader, esco)
    mappings += _isco_mappings(graph, crosswalk, esco, {m.esco_id for m in mappings}, report)
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
                "crosswalk": m.crosswalk,
                "match": m.match,
            },
        )
        for m in mappings
    )
    by_esco: dict[str, list[OnetMapping]] = defaultdict(list)
    for m in mappings:
        by_esco[m.esco_id].append(m)
    for esco_id, maps in by_esco.items():
        # The best mappings that have a job zone (O*NET has no zone for some of its codes).
        zoned = [m for m in maps if nodes[m.onet_code].get("job_zone")]
        best = max((m.confidence for m in zoned), default=None)
        zones = Counter(nodes[m.onet_code].get("job_zone") for m in zoned if m.confidence == best)
        if zones:
            # The most common zone among the best mappings; on a tie the lower one.
            zone = min(zones, key=lambda z: (-zones[z], z))
            source = next(m.onet_code for m in maps if m.confidence == best and nodes[m.onet_code].get("job_zone") == zone)
            nodes[esco_id]["job_zone"] = zone
            nodes[esco_id]["job_zone_source"] = source
    _report_coverage(crosswalk, in_data, by_esco, len(esco), report)


def _isco_mappings(
    graph: nx.DiGraph, crosswalk: CrosswalkData, esco: list[str], mapped: set[str], report: LoadReport
) -> list[OnetMapping]:
    """Mappings of ESCO occupations still unmapped, from official rows naming their ISCO group."""
    nodes = graph.nodes
    by_group: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for row in crosswalk.isco:
        if row.onet_code not in nodes:
            report.skip("crosswalk maps to an O*NET-SOC 2019 code not in this O*NET release", row.onet_code)
            continue
        by_group[row.isco_code].append((row.isco_id, row.onet_code, row.confidence))
    if not by_group:
        return []
    out: list[OnetMapping] = []
    for esco_id in esco:
        code = nodes[esco_id].get("isco_code") or ""
        if esco_id in mapped or not code:
            continue
        # The most specific group with a row: the unit group, else its minor or sub-major group.
        group = next((code[:n] for n in range(len(code), 0, -1) if code[:n] in by_group), None)
        if group is not None:
            out.extend(
                OnetMapping(
                    esco_id, onet, confidence, inherited=True, inherited_from=isco_id, crosswalk="official", match="exactISCO"
                )
                for isco_id, onet, confidence in by_group[group]
            )
    return out


def _report_coverage(
    crosswalk: CrosswalkData,
    in_data: dict[str, list[OnetMapping]],
    by_esco: dict[str, list[OnetMapping]],
    esco_count: int,
    report: LoadReport,
) -> None:
    """Notes: how many ESCO and O*NET occupations each crosswalk maps (in the file, among
    the loaded occupations) and how many it was used for; then the total."""
    both = len(crosswalk.read) > 1
    for name in crosswalk.read:
        rows = crosswalk.report.rows_read.get(
            "official ESCO–O*NET crosswalk" if name == "official" else "ESCO–O*NET crosswalk", 0
        )
        known = in_data.get(name, [])
        used = {e: [m for m in maps if m.crosswalk == name] for e, maps in by_esco.items()}
        used = {e: maps for e, maps in used.items() if maps}
        direct = sum(1 for maps in used.values() if not maps[0].inherited)
        via_broader = sum(1 for maps in used.values() if maps[0].inherited and maps[0].match != "exactISCO")
        via_isco = sum(1 for maps in used.values() if maps[0].match == "exactISCO")
        how = f"{direct:,} directly, {via_broader:,} through a broader occupation"
        if via_isco:
            how += f", {via_isco:,} through their ISCO group"
        onet = {m.onet_code for maps in used.values() for m in maps}
        looser = sum(1 for m in known if not m.inherited) - sum(1 for maps in used.values() for m in maps if not m.inherited)
        for_whom = " the ESCO occupations the official one leaves out:" if name == "nesta" and both else ""
        report.notes.append(
            f"Crosswalk {name} ({rows:,} rows) maps {len({m.esco_id for m in known}):,} ESCO and "
            f"{len({m.onet_code for m in known}):,} O*NET occupations of this data; used for{for_whom} "
            f"{len(used):,} ESCO occupations ({how}) ↔ {len(onet):,} O*NET occupations"
            + (
                f"; {looser:,} looser matches set aside where the same ESCO occupation has a closer one"
                if name == "official" and looser > 0
                else ""
            )
        )
    direct = sum(1 for m in by_esco.values() if not m[0].inherited)
    via_isco = sum(1 for m in by_esco.values() if m[0].match == "exactISCO")
    inherited = len(by_esco) - direct - via_isco
    report.notes.append(
        f"{len(by_esco)} of {esco_count} ESCO occupations mapped to O*NET "
        f"({direct} directly, {inherited} through a broader occupation{f', {via_isco} through their ISCO group' if via_isco else ''})"
    )
