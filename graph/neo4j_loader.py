"""Loading the embedded store's graph into Neo4j: transform, then batched loads, then a marker.

transform (:func:`plan_load`): every node, edge and materialised similar role of a built
:class:`skillgraph.graph.memory_store.MemoryStore` becomes a plain row (tuples as lists, nulls
left out, a ``load_order`` so that search entries keep the embedded store's order), the
engine's every-pair results become one ``ScoreRow`` node per occupation and one
``SimilaritySpace`` node per taxonomy (little-endian ``byte[]`` arrays, read back bit for
bit), and all rows together get a fingerprint.

The layout in Neo4j (:data:`LOAD_FORMAT` 2): labels ``Occupation``, ``Skill:Concept``,
``Knowledge:Concept`` (skills and knowledge share ``Concept`` and one id constraint),
``SkillGroup``, ``Technology``, ``IscoGroup``; relationships ``REQUIRES``, ``USES``,
``IN_GROUP``, ``BROADER``, ``SAME_AS`` and the materialised top-k
``SIMILAR_TO``; the engine's ``ScoreRow`` and ``SimilaritySpace`` nodes stand apart (no
relationships), so Browser and Bloom show the taxonomy graph, not arrays.

load (:func:`load_graph`), each step its own transactions:

1. constraints and indexes (``CREATE … IF NOT EXISTS``);
2. the marker ``(:SkillgraphLoad {id: 'current'})``: if it carries the same fingerprint and
   the load was unfinished (or ``force`` and the counts are intact) the load resumes over
   what is there (MERGE makes that safe); otherwise every skillgraph node is deleted
   first, so data of an older release or edits behind the loader's back cannot linger.
   The marker is then written with ``complete = false``;
3. nodes per label and relationships per type, ``UNWIND $rows AS row MERGE …`` in batches
   (relationships of a fresh load with ``CREATE``: after the wipe there are none), then the
   score rows and the similarity spaces;
4. live counts compared with the embedded store's (and the engine nodes with the plan's);
5. the marker rewritten last with versions, counts, similarity settings and thresholds
   and ``complete = true``.

An interrupted load therefore leaves ``complete = false`` (the store refuses to open
it) and a rerun completes it without duplicates. When the marker is complete, has the
same fingerprint and the live counts agree, nothing is loaded unless ``force=True``.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import neo4j
import numpy as np
from neo4j import RoutingControl

from skillgraph.graph.cypher import cypher
from skillgraph.graph.errors import SkillgraphError
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.model import EdgeKind, NodeKind, Source
from skillgraph.graph.neo4j_store import LOAD_FORMAT, MARKER_ID, live_counts, run_statement

__all__ = [
    "LOAD_FORMAT",
    "LoadPlan",
    "LoadResult",
    "LoadVerificationError",
    "plan_load",
    "load_graph",
    "NODE_BATCH",
    "EDGE_BATCH",
    "SCORE_BATCH",
]

NODE_BATCH = 2_000
EDGE_BATCH = 10_000
#: Score rows per transaction: an ESCO row is ~48 KB of arrays, so ~5 MB per batch.
SCORE_BATCH = 100
WIPE_BATCH = 10_000

#: Node kind → the snake_case part of its node statement's name.
_SNAKE = {
    NodeKind.OCCUPATION.value: "occupation",
    NodeKind.SKILL.value: "skill",
    NodeKind.KNOWLEDGE.value: "knowledge",
    NodeKind.SKILL_GROUP.value: "skill_group",
    NodeKind.TECHNOLOGY.value: "technology",
    NodeKind.ISCO_GROUP.value: "isco_group",
}
#: Node kind → the label relationship statements match it by (skills and knowledge: Concept).
_ENDPOINT = {**_SNAKE, NodeKind.SKILL.value: "concept", NodeKind.KNOWLEDGE.value: "concept"}
_SCHEMA = (
    "schema_occupation_id",
    "schema_concept_id",
    "schema_skill_group_id",
    "schema_technology_id",
    "schema_isco_group_id",
    "schema_load_marker_id",
    "schema_score_row_id",
    "schema_similarity_space_source",
    "schema_occupation_source",
    "schema_skill_by_group",
    "schema_isco_group_code",
)
#: Phases of the engine's nodes (after every node and relationship).
SCORE_PHASE = "ScoreRow"
SPACE_PHASE = "SimilaritySpace"
_EDGE_ORDER = [kind.value for kind in EdgeKind]

Progress = Callable[[str, int, int], None]  # (phase, rows done in all, rows in all)


class LoadVerificationError(SkillgraphError):
    """A load did not leave the database holding what it should (the marker stays incomplete)."""


@dataclass
class _Group:
    phase: str  # what the progress bar and the timing table call it
    query: str  # statement name in queries/cypher
    rows: list[dict[str, Any]]  # nodes: {id, props}; relationships: {source, edges: [{target, props}]}
    batch: int | None = None  # items per transaction when not the node/edge default
    fresh_query: str | None = None  # the CREATE statement of a fresh load (after the wipe)

    @property
    def relationships(self) -> bool:
        return bool(self.rows) and "edges" in self.rows[0]

    @property
    def count(self) -> int:
        """Nodes or relationships in the group."""
        return sum(len(row["edges"]) for row in self.rows) if self.relationships else len(self.rows)

    def batches(self, size: int):
        """(rows, items) of about ``size`` items each; a start node's relationships stay together."""
        if not self.relationships:
            for offset in range(0, len(self.rows), size):
                batch = self.rows[offset : offset + size]
                yield batch, len(batch)
            return
        batch: list[dict[str, Any]] = []
        items = 0
        for row in self.rows:
            batch.append(row)
            items += len(row["edges"])
            if items >= size:
                yield batch, items
                batch, items = [], 0
        if batch:
            yield batch, items


@dataclass
class LoadPlan:
    """Every row to load, grouped by statement, with the expected counts and the marker."""

    nodes: list[_Group]
    edges: list[_Group]
    node_counts: dict[str, int]
    edge_counts: dict[str, int]
    marker: dict[str, Any]  # the final marker's properties, without timestamps
    fingerprint: str
    seconds: float = 0.0
    engine: list[_Group] = field(default_factory=list)  # ScoreRow and SimilaritySpace nodes
    engine_counts: dict[str, int] = field(default_factory=lambda: {"score_rows": 0, "spaces": 0})

    @property
    def total_rows(self) -> int:
        return sum(g.count for g in (*self.nodes, *self.edges, *self.engine))


@dataclass
class LoadResult:
    """What a load did: per-phase seconds and rows, and how it started."""

    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    mode: str = "fresh"  # fresh (wiped first) | resumed | unchanged (nothing loaded)
    wiped: int = 0
    node_counts: dict[str, int] = field(default_factory=dict)
    edge_counts: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


_PLAIN = frozenset((str, int, float, bool))


def _value(value: Any) -> Any:
    """A property value Neo4j can hold: tuples as lists, enums as their values, numpy scalars as Python's."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_value(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalar
    return value


def _props(data: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    plain = _PLAIN
    # Most values are plain already: skip the call for them (450,000 rows on the full data).
    return {k: v if type(v) in plain else _value(v) for k, v in data.items() if v is not None and k not in skip}


def _le(array: np.ndarray, dtype: str) -> bytes:
    """The array as little-endian bytes of ``dtype`` (the layout ScoreRow/SimilaritySpace document)."""
    return np.ascontiguousarray(array, dtype=np.dtype(dtype)).tobytes()


def _engine_groups(store: MemoryStore, feed_bytes: Callable[[bytes], None]) -> tuple[list[_Group], dict[str, int]]:
    """ScoreRow rows (every occupation of every space) and one SimilaritySpace row per space,
    read through the store interface (space_ids, score_rows, transitions)."""
    score_rows: list[dict[str, Any]] = []
    space_rows: list[dict[str, Any]] = []
    for source in (Source.ESCO.value, Source.ONET.value):
        ids = store.space_ids(source)
        if not ids:
            continue
        feed_bytes(json.dumps([source, list(ids)]).encode())
        rows = store.score_rows(ids)
        for occupation_id in ids:
            row = rows[occupation_id]
            names = sorted(row.parts)
            props = {
                "id": occupation_id,
                "source": row.source,
                "position": int(row.position),
                "score": _le(row.score, "<f4"),
                "coverage_out": _le(row.coverage_out, "<f4"),
                "coverage_in": _le(row.coverage_in, "<f4"),
                "part_names": names,
                "parts": b"".join(_le(row.parts[name], "<f2") for name in names),
            }
            for key in ("score", "coverage_out", "coverage_in", "parts"):
                feed_bytes(props[key])
            score_rows.append({"id": occupation_id, "props": props})
        moves = store.transitions(source)
        props = {"source": source, "ids": list(ids), "size": len(ids)}
        if moves is not None:
            props.update(
                moves=int(moves.indices.size),
                indptr=_le(moves.indptr, "<i8"),
                indices=_le(moves.indices, "<i4"),
                score=_le(moves.score, "<f4"),
                coverage=_le(moves.coverage, "<f4"),
            )
            for key in ("indptr", "indices", "score", "coverage"):
                feed_bytes(props[key])
        space_rows.append({"source": source, "props": props})
    groups = []
    if score_rows:
        groups.append(_Group(SCORE_PHASE, "load_score_rows", score_rows, SCORE_BATCH))
    if space_rows:
        groups.append(_Group(SPACE_PHASE, "load_similarity_space", space_rows, 1))
    return groups, {"score_rows": len(score_rows), "spaces": len(space_rows)}


def _statement_exists(name: str) -> bool:
    try:
        cypher(name)
    except KeyError:
        return False
    return True


def plan_load(store: MemoryStore) -> LoadPlan:
    """Turn a built embedded store into the rows, expected counts and marker of a load.

    Raises LoadVerificationError when the graph has a node kind or an edge between kinds
    that no load statement covers (the model changed without the Cypher following).
    """
    start = time.perf_counter()
    graph = store.graph
    digest = hashlib.sha256(f"skillgraph-neo4j-load:{LOAD_FORMAT}".encode())

    def feed(rows: Any) -> None:
        # repr of plain rows is deterministic (insertion-ordered dicts, shortest float repr).
        digest.update(repr(rows).encode())
        digest.update(b"\n")

    node_rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in _SNAKE}
    node_keys: dict[str, dict[str, None]] = {}
    for order, (node_id, data) in enumerate(graph.nodes(data=True)):
        kind = data.get("kind")
        if kind not in _SNAKE:
            raise LoadVerificationError(
                f"node {node_id!r} has kind {kind!r}, which has no Neo4j label; known: {', '.join(_SNAKE)}"
            )
        props = _props(data)
        props["id"] = node_id
        props["load_order"] = order
        row = {"id": node_id, "props": props}
        node_rows[kind].append(row)
        node_keys.setdefault(kind, {}).update(dict.fromkeys(data))

    kinds = graph.nodes
    edge_rows: dict[str, list[dict[str, Any]]] = {}
    edge_types: dict[str, str] = {}
    for a, b, data in graph.edges(data=True):
        edge_type = data["kind"]
        query = f"load_{edge_type.lower()}_{_ENDPOINT[kinds[a]['kind']]}_{_ENDPOINT[kinds[b]['kind']]}"
        if query not in edge_rows:
            for name in (query, "create_" + query.removeprefix("load_")):
                if not _statement_exists(name):
                    raise LoadVerificationError(
                        f"no load statement for {edge_type} edges from {kinds[a]['kind']} to {kinds[b]['kind']} "
                        f"(e.g. {a} -> {b}); add queries/cypher/{name}.cypher"
                    )
            edge_rows[query] = []
            edge_types[query] = edge_type
        edge = {"target": b, "props": _props(data, skip=("kind",))}
        rows = edge_rows[query]
        # networkx lists a node's out-edges together: one row per start node and statement.
        if rows and rows[-1]["source"] == a:
            rows[-1]["edges"].append(edge)
        else:
            rows.append({"source": a, "edges": [edge]})

    similar_query = "load_similar_to_occupation_occupation"
    similar_rows: list[dict[str, Any]] = []
    similar_keys: dict[str, None] = {}
    for origin in store.occupation_ids():
        edges = []
        for sim in store.similar(origin):
            similar_keys.update(dict.fromkeys(k for k in sim if k != "target_id"))
            edges.append({"target": sim["target_id"], "props": _props(sim, skip=("target_id",))})
        if edges:
            similar_rows.append({"source": origin, "edges": edges})
    if similar_rows:
        edge_rows[similar_query] = similar_rows
        edge_types[similar_query] = EdgeKind.SIMILAR_TO.value

    for rows in (*node_rows.values(), *edge_rows.values()):
        feed(rows)
    engine, engine_counts = _engine_groups(store, digest.update)
    meta = store.meta()
    node_counts = {kind: len(rows) for kind, rows in node_rows.items() if rows}
    edge_counts: dict[str, int] = {}
    for query, rows in edge_rows.items():
        edge_counts[edge_types[query]] = edge_counts.get(edge_types[query], 0) + sum(len(row["edges"]) for row in rows)
    if node_counts != {k: v for k, v in meta.node_counts.items() if v} or edge_counts != {
        k: v for k, v in meta.edge_counts.items() if v
    }:
        raise LoadVerificationError(
            f"the rows to load ({node_counts}, {edge_counts}) do not match the embedded store's counts "
            f"({meta.node_counts}, {meta.edge_counts})"
        )

    index = getattr(store, "index", None)
    spaces = dict(getattr(index, "spaces", {}) or {})
    similarity = dict(meta.similarity)
    marker: dict[str, Any] = {
        "id": MARKER_ID,
        "format": LOAD_FORMAT,
        "built_at": meta.built_at,
        "versions_json": json.dumps(meta.versions, ensure_ascii=False),
        "node_counts_json": json.dumps(dict(sorted(node_counts.items()))),
        "edge_counts_json": json.dumps(dict(sorted(edge_counts.items()))),
        "sources_json": json.dumps([list(s) for s in meta.sources], ensure_ascii=False),
        "skipped_json": json.dumps([list(s) for s in meta.skipped], ensure_ascii=False),
        "notes_json": json.dumps(list(meta.notes), ensure_ascii=False),
        "similarity_json": json.dumps(similarity, ensure_ascii=False),
        "node_keys_json": json.dumps({kind: list(keys) for kind, keys in node_keys.items()}),
        "similar_keys_json": json.dumps(list(similar_keys)),
        # Taxonomies with a similarity space, and those whose space defines near matches
        # (the engine builds the related-concept relation for ESCO only).
        "spaces_json": json.dumps(sorted(spaces)),
        "related_sources_json": json.dumps(sorted(s for s, space in spaces.items() if space.relation.nnz)),
    }
    for key in ("esco_threshold", "onet_threshold"):
        if similarity.get(key) is not None:
            marker[key] = float(similarity[key])
    # Content only: when and from which paths the snapshot was built does not change the graph.
    feed({k: v for k, v in marker.items() if k not in ("built_at", "sources_json")})

    nodes = [_Group(f"nodes {kind}", f"load_nodes_{_SNAKE[kind]}", rows) for kind, rows in node_rows.items() if rows]
    edges = sorted(
        (_Group(edge_types[q], q, rows, fresh_query="create_" + q.removeprefix("load_")) for q, rows in edge_rows.items()),
        key=lambda g: (_EDGE_ORDER.index(g.phase) if g.phase in _EDGE_ORDER else len(_EDGE_ORDER), g.query),
    )
    return LoadPlan(
        nodes,
        edges,
        node_counts,
        edge_counts,
        marker,
        digest.hexdigest(),
        time.perf_counter() - start,
        engine,
        engine_counts,
    )


class _Writer:
    def __init__(self, driver: neo4j.Driver, database: str | None, address: str) -> None:
        self.driver = driver
        self.database = database
        self.address = address

    def run(self, name: str, routing: RoutingControl = RoutingControl.WRITE, **params: Any) -> list[neo4j.Record]:
        return run_statement(self.driver, name, params, database=self.database, address=self.address, routing=routing)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _live_counts(writer: _Writer) -> tuple[dict[str, int], dict[str, int]]:
    return live_counts(writer.driver, database=writer.database, address=writer.address)


def _engine_counts(writer: _Writer) -> dict[str, int]:
    record = writer.run("count_engine_nodes", RoutingControl.READ)[0]
    return {"score_rows": int(record["score_rows"]), "spaces": int(record["spaces"])}


def load_graph(
    driver: neo4j.Driver,
    plan: LoadPlan,
    *,
    database: str | None = None,
    address: str = "",
    node_batch: int = NODE_BATCH,
    edge_batch: int = EDGE_BATCH,
    force: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    """Load ``plan`` into the database (see the module docstring for the steps).

    ``progress(phase, done, total)`` is called after every batch; an exception it raises
    interrupts the load like any other failure (the marker then says incomplete).

    Raises
    ------
    LoadVerificationError
        A batch found fewer endpoints than rows, or the live counts differ afterwards.
    StoreUnavailableError, StoreAuthError
        The server went away or refused the credentials.
    """
    writer = _Writer(driver, database, address or "the configured server")
    result = LoadResult()
    total = plan.total_rows
    done = 0

    def timed(phase: str, rows: int = 0):
        class _Timer:
            def __enter__(self):
                self.start = time.perf_counter()
                return self

            def __exit__(self, *exc):
                result.timings[phase] = result.timings.get(phase, 0.0) + time.perf_counter() - self.start
                result.rows[phase] = result.rows.get(phase, 0) + rows
                return False

        return _Timer()

    def report(phase: str) -> None:
        if progress is not None:
            progress(phase, done, total)

    with timed("constraints and indexes"):
        for name in _SCHEMA:
            writer.run(name)
        report("constraints and indexes")

    with timed("check marker"):
        records = writer.run("marker_read", RoutingControl.READ, marker_id=MARKER_ID)
        marker = dict(records[0]["props"]) if records else None
        # Resume over what is there only when it is this very data: an unfinished load of
        # it, or (force) a complete one whose counts still agree. Anything else — another
        # release, no marker, or a complete load changed behind the loader's back — is
        # wiped and loaded afresh.
        resume = marker is not None and marker.get("fingerprint") == plan.fingerprint and marker.get("format") == LOAD_FORMAT
        if resume and marker.get("complete"):
            nodes, edges = _live_counts(writer)
            intact = nodes == plan.node_counts and edges == plan.edge_counts and _engine_counts(writer) == plan.engine_counts
            if intact and not force:
                result.mode = "unchanged"
                result.node_counts, result.edge_counts = nodes, edges
                report("unchanged")
                return result
            resume = intact

    if resume:
        result.mode = "resumed"
    else:
        with timed("wipe previous data"):
            while True:
                deleted = writer.run("wipe_batch", batch=WIPE_BATCH)[0]["deleted"]
                result.wiped += deleted
                if not deleted:
                    break
        result.rows["wipe previous data"] = result.wiped
    started_at = _now()
    with timed("marker (incomplete)"):
        writer.run(
            "marker_write",
            marker_id=MARKER_ID,
            props={
                "id": MARKER_ID,
                "complete": False,
                "format": LOAD_FORMAT,
                "fingerprint": plan.fingerprint,
                "started_at": started_at,
            },
        )
        report("marker (incomplete)")

    for group in (*plan.nodes, *plan.edges, *plan.engine):
        size = group.batch or (node_batch if group in plan.nodes else edge_batch)
        # After the wipe nothing of skillgraph's is there: relationships are CREATEd. A
        # resumed load MERGEs, so what an interrupted load left is not duplicated.
        query = group.fresh_query if result.mode == "fresh" and group.fresh_query else group.query
        with timed(group.phase, group.count):
            for batch, items in group.batches(size):
                written = writer.run(query, rows=batch)[0]["count"]
                if written != items:
                    raise LoadVerificationError(
                        f"{query}: {items - written} of {items} rows found no node at one end; the load stays incomplete"
                    )
                done += items
                report(group.phase)

    with timed("verify counts"):
        nodes, edges = _live_counts(writer)
        if nodes != plan.node_counts or edges != plan.edge_counts:
            raise LoadVerificationError(
                f"after loading, the database holds nodes {nodes} and relationships {edges}; expected "
                f"{plan.node_counts} and {plan.edge_counts} (other data under skillgraph's labels?)"
            )
        engine = _engine_counts(writer)
        if engine != plan.engine_counts:
            raise LoadVerificationError(
                f"after loading, the database holds {engine['score_rows']} ScoreRow and {engine['spaces']} SimilaritySpace "
                f"nodes; expected {plan.engine_counts['score_rows']} and {plan.engine_counts['spaces']}"
            )
        result.node_counts, result.edge_counts = nodes, edges
        report("verify counts")

    with timed("marker (complete)"):
        final = {
            **plan.marker,
            "complete": True,
            "fingerprint": plan.fingerprint,
            "started_at": started_at,
            "finished_at": _now(),
        }
        writer.run("marker_write", marker_id=MARKER_ID, props=final)
        report("marker (complete)")
    return result
