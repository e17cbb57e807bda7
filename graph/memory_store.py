"""The embedded store: a networkx DiGraph plus the indices queries need, saved as a snapshot.

Nodes carry their record properties and ``kind``; edges carry their properties and
``kind``. The similarity engine's results (top-k similar roles per occupation, the
calibrated threshold, the sparse requirement matrices) live in :attr:`MemoryStore.index`
and are saved with the graph. The store is never mutated after it is built: views copy
what they need (pyvis writes into graphs it is given).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from skillgraph.graph.model import EdgeKind, NodeKind, Source
from skillgraph.graph.similarity_index import SimilarityIndex
from skillgraph.graph.store import (
    GraphStore,
    Hierarchy,
    NodeProps,
    OnetMatchRow,
    RelatedConcept,
    RequirementRow,
    ScoreRow,
    SearchEntry,
    SimilarRow,
    StoreMeta,
    TechnologyRow,
    Transitions,
)

__all__ = ["MemoryStore"]

_OCC = NodeKind.OCCUPATION.value
_CONCEPT_KINDS = {NodeKind.SKILL.value, NodeKind.KNOWLEDGE.value}


def requirement_sort_key(row: dict[str, Any]) -> tuple:
    """Essential first, then higher O*NET importance, then label, then id."""
    return (row["relation"] != "essential", -(row.get("importance") or 0.0), row["label"].lower(), row["id"])


def technology_sort_key(row: dict[str, Any]) -> tuple:
    """Hot first, then in demand, then label, then id."""
    return (not row["hot"], not row["in_demand"], row["label"].lower(), row["id"])


class MemoryStore(GraphStore):
    """Read access to an in-memory graph.

    Parameters
    ----------
    graph : networkx.DiGraph
        The graph built by :func:`skillgraph.loaders.build.build_graph`.
    info : dict
        ``versions``, ``sources``, ``skipped``, ``notes``, ``built_at``.
    index : SimilarityIndex, optional
        The similarity engine's results (built by :func:`skillgraph.queries.engine.build_index`).
    """

    backend = "memory"

    def __init__(self, graph: nx.DiGraph, info: dict[str, Any] | None = None, index: SimilarityIndex | None = None) -> None:
        self.graph = graph
        self.info = dict(info or {})
        self.index = index

    def with_index(self, index: SimilarityIndex) -> MemoryStore:
        """A store over the same graph with ``index`` attached."""
        return MemoryStore(self.graph, self.info, index)

    # -- what is loaded ------------------------------------------------------------------
    @functools.cached_property
    def _counts(self) -> tuple[dict[str, int], dict[str, int]]:
        nodes = Counter(kind for _, kind in self.graph.nodes(data="kind"))
        edges = Counter(kind for _, _, kind in self.graph.edges(data="kind"))
        if self.index is not None:
            edges[EdgeKind.SIMILAR_TO.value] = self.index.edge_count
        return dict(sorted(nodes.items())), dict(sorted(edges.items()))

    def meta(self) -> StoreMeta:
        nodes, edges = self._counts
        return StoreMeta(
            backend=self.backend,
            versions=dict(self.info.get("versions", {})),
            node_counts=nodes,
            edge_counts=edges,
            built_at=self.info.get("built_at", ""),
            sources=tuple(self.info.get("sources", ())),
            skipped=tuple(self.info.get("skipped", ())),
            notes=tuple(self.info.get("notes", ())),
            similarity=dict(self.index.settings) if self.index is not None else {},
            address="embedded (in memory)",
        )

    # -- nodes -----------------------------------------------------------------------------
    def nodes(self, ids: Iterable[str]) -> dict[str, NodeProps]:
        data = self.graph.nodes
        return {i: dict(data[i]) for i in ids if i in data}

    # A cache on the method holds the store, which lives as long as the process anyway.
    @functools.lru_cache(maxsize=4)
    def occupation_ids(self, source: str | None = None) -> list[str]:
        return sorted(
            n for n, d in self.graph.nodes(data=True) if d.get("kind") == _OCC and (source is None or d.get("source") == source)
        )

    @functools.cached_property
    def _occupation_entries(self) -> tuple[SearchEntry, ...]:
        entries: list[SearchEntry] = []
        for node_id, data in self.graph.nodes(data=True):
            if data.get("kind") != _OCC:
                continue
            label, source = data["label"], data["source"]
            entries.append(SearchEntry(node_id, label, "label", source, label))
            field = "alt_title" if source == Source.ONET else "alt_label"
            entries.extend(SearchEntry(node_id, alt, field, source, label) for alt in data.get("alt_labels", ()))
        return tuple(entries)

    def occupation_search_entries(self) -> Sequence[SearchEntry]:
        return self._occupation_entries

    @functools.cached_property
    def _skill_entries(self) -> tuple[SearchEntry, ...]:
        entries: list[SearchEntry] = []
        for node_id, data in self.graph.nodes(data=True):
            if data.get("kind") not in _CONCEPT_KINDS:
                continue
            label, source = data["label"], data["source"]
            entries.append(SearchEntry(node_id, label, "label", source, label))
            entries.extend(SearchEntry(node_id, alt, "alt_label", source, label) for alt in data.get("alt_labels", ()))
        return tuple(entries)

    def skill_search_entries(self) -> Sequence[SearchEntry]:
        return self._skill_entries

    # -- one occupation's neighbourhood -------------------------------------------------
    def requirements(self, occupation_ids: Sequence[str]) -> dict[str, list[RequirementRow]]:
        graph = self.graph
        data = graph.nodes
        out: dict[str, list[dict[str, Any]]] = {}
        for occupation_id in occupation_ids:
            if occupation_id not in data:
                continue
            rows = []
            for target, edge in graph.succ[occupation_id].items():
                if edge["kind"] != EdgeKind.REQUIRES:
                    continue
                concept = data[target]
                group_id = concept.get("group_id", "")
                rows.append(
                    {
                        "id": target,
                        "label": concept["label"],
                        "kind": concept["kind"],
                        "skill_type": concept.get("skill_type", ""),
                        "reuse_level": concept.get("reuse_level", ""),
                        "description": concept.get("description", ""),
                        "relation": edge["relation"],
                        "importance": edge.get("importance"),
                        "level": edge.get("level"),
                        "group_id": group_id,
                        "group_label": data[group_id]["label"] if group_id in data else "",
                    }
                )
            rows.sort(key=requirement_sort_key)
            out[occupation_id] = rows
        return out

    def _onet_codes(self, occupation_id: str) -> list[str]:
        data = self.graph.nodes[occupation_id]
        if data.get("source") == Source.ONET:
            return [occupation_id]
        return sorted(t for t, e in self.graph.succ[occupation_id].items() if e["kind"] == EdgeKind.SAME_AS)

    def technologies(self, occupation_id: str) -> list[TechnologyRow]:
        if occupation_id not in self.graph:
            return []
        data = self.graph.nodes
        merged: dict[str, dict[str, Any]] = {}
        for code in self._onet_codes(occupation_id):
            for target, edge in self.graph.succ[code].items():
                if edge["kind"] != EdgeKind.USES:
                    continue
                tech = data[target]
                row = merged.get(target)
                if row is None:
                    merged[target] = {
                        "id": target,
                        "label": tech["label"],
                        "category": tech.get("category", ""),
                        "commodity_title": tech.get("commodity_title", ""),
                        "hot": bool(edge.get("hot")),
                        "in_demand": bool(edge.get("in_demand")),
                        "via": code,
                    }
                else:
                    row["hot"] = row["hot"] or bool(edge.get("hot"))
                    row["in_demand"] = row["in_demand"] or bool(edge.get("in_demand"))
        return sorted(merged.values(), key=technology_sort_key)

    def onet_matches(self, occupation_id: str) -> list[OnetMatchRow]:
        if occupation_id not in self.graph:
            return []
        data = self.graph.nodes
        if data[occupation_id].get("source") == Source.ONET:
            pairs = [(s, e) for s, e in self.graph.pred[occupation_id].items() if e["kind"] == EdgeKind.SAME_AS]
        else:
            pairs = [(t, e) for t, e in self.graph.succ[occupation_id].items() if e["kind"] == EdgeKind.SAME_AS]
        rows = [
            {
                "id": other,
                "label": data[other]["label"],
                "source": data[other]["source"],
                "confidence": edge["confidence"],
                "inherited": edge["inherited"],
                "inherited_from": edge.get("inherited_from", ""),
            }
            for other, edge in pairs
        ]
        rows.sort(key=lambda r: (-r["confidence"], r["inherited"], r["label"].lower(), r["id"]))
        return rows

    def hierarchy(self, occupation_id: str) -> Hierarchy:
        out: dict[str, list[dict[str, Any]]] = {"broader": [], "narrower": [], "isco": []}
        if occupation_id not in self.graph:
            return out
        data = self.graph.nodes

        def row(node_id: str) -> dict[str, Any]:
            d = data[node_id]
            return {"id": node_id, "label": d["label"], "code": d.get("code", "")}

        for target, edge in self.graph.succ[occupation_id].items():
            if edge["kind"] == EdgeKind.BROADER and data[target].get("kind") == _OCC:
                out["broader"].append(row(target))
        for source, edge in self.graph.pred[occupation_id].items():
            if edge["kind"] == EdgeKind.BROADER and data[source].get("kind") == _OCC:
                out["narrower"].append(row(source))
        isco_code = data[occupation_id].get("isco_code", "")
        if isco_code:
            by_code = self._isco_by_code
            out["isco"] = [row(by_code[isco_code[:n]]) for n in (4, 3, 2, 1) if isco_code[:n] in by_code]
        out["broader"].sort(key=lambda r: (r["label"].lower(), r["id"]))
        out["narrower"].sort(key=lambda r: (r["label"].lower(), r["id"]))
        return out

    @functools.cached_property
    def _isco_by_code(self) -> dict[str, str]:
        return {d["code"]: n for n, d in self.graph.nodes(data=True) if d.get("kind") == NodeKind.ISCO_GROUP}

    # -- similarity --------------------------------------------------------------------------
    def similar(self, occupation_id: str, *, limit: int | None = None) -> list[SimilarRow]:
        if self.index is None:
            return []
        return self.index.similar_rows(occupation_id, limit=limit)

    def related_concepts(
        self, concept_ids: Iterable[str], *, among: Iterable[str] | None = None
    ) -> dict[str, list[RelatedConcept]]:
        out: dict[str, list[RelatedConcept]] = {}
        if self.index is None:
            return out
        allowed = None if among is None else set(among)
        for concept_id in concept_ids:
            for space in self.index.spaces.values():
                position = space.concept_position.get(concept_id)
                if position is None:
                    continue
                start, end = space.relation.indptr[position], space.relation.indptr[position + 1]
                others = space.relation.indices[start:end]
                credits = space.relation.data[start:end]
                if allowed is not None and len(others):
                    ids = space.concept_ids
                    keep = [k for k, j in enumerate(others.tolist()) if ids[j] in allowed]
                    others, credits = others[keep], credits[keep]
                if len(others):
                    out[concept_id] = sorted(
                        RelatedConcept(space.concept_ids[j], float(c))
                        for j, c in zip(others.tolist(), credits.tolist(), strict=True)
                    )
                break
        return out

    def space_ids(self, source: str) -> tuple[str, ...]:
        space = self.index.spaces.get(source) if self.index is not None else None
        return tuple(space.ids) if space is not None else ()

    def score_rows(self, occupation_ids: Sequence[str]) -> dict[str, ScoreRow]:
        out: dict[str, ScoreRow] = {}
        if self.index is None:
            return out
        for occupation_id in occupation_ids:
            space = self.index.space_of(occupation_id)
            if space is not None:
                out[occupation_id] = space.score_row(occupation_id)
        return out

    def transitions(self, source: str) -> Transitions | None:
        space = self.index.spaces.get(source) if self.index is not None else None
        return space.transitions() if space is not None else None
