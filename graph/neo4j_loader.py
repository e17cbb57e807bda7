"""Loading the embedded store's graph into Neo4j: transform, then batched loads, then a marker.

transform (:func:`plan_load`): every node, edge and materialised similar role of a built
:class:`skillgraph.graph.memory_store.MemoryStore` becomes a plain row (tuples as lists, nulls
left out, a ``load_order`` so that search entries keep the embedded store's order), and
all rows together get a fingerprint.

load (:func:`load_graph`), each step its own transactions:

1. constraints and indexes (``CREATE … IF NOT EXISTS``);
2. the marker ``(:SkillgraphLoad {id: 'current'})``: if it carries the same fingerprint and
   the load was unfinished (or ``force`` and the counts are intact) the load resumes over
   what is there (MERGE makes that safe); otherwise every skillgraph node is deleted
   first, so data of an older release or edits behind the loader's back cannot linger.
   The marker is then written with ``complete = false``;
3. nodes per label and relationships per type, ``UNWIND $rows AS row MERGE …`` in batches;
4. live counts compared with the embedded store's;
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
from neo4j import RoutingControl

from skillgraph.graph.cypher import cypher
from skillgraph.graph.errors import SkillgraphError
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.model import EdgeKind, NodeKind
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
]

NODE_BATCH = 2_000
EDGE_BATCH = 10_000
WIPE_BATCH = 10_000

#: Node kind → the snake_case part of its statement names.
_SNAKE = {
    NodeKind.OCCUPATION.value: "occupation",
    NodeKind.SKILL.value: "skill",
    NodeKind.KNOWLEDGE.value: "knowledge",
    NodeKind.SKILL_GROUP.value: "skill_group",
    NodeKind.TECHNOLOGY.value: "technology",
    NodeKind.ISCO_GROUP.value: "isco_group",
}
_SCHEMA = (
    *(f"schema_{snake}_id" for snake in _SNAKE.values()),
    "schema_load_marker_id",
    "schema_occupation_source",
    "schema_skill_by_group",
    "schema_isco_group_code",
)
_EDGE_ORDER = [kind.value for kind in EdgeKind]

Progress = Callable[[str, int, int], None]  # (phase, rows done in all, rows in all)


class LoadVerificationError(SkillgraphError):
    """A load did not leave the database holding what it should (the marker stays incomplete)."""


@dataclass
class _Group:
    phase: str  # what the progress bar and the timing table call it
    query: str  # statement name in queries/cypher
    rows: list[dict[str, Any]]


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

    @property
    def total_rows(self) -> int:
        return sum(len(g.rows) for g in (*self.nodes, *self.edges))


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


_PLAIN = (str, int, float, bool)


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
    return {k: _value(v) for k, v in data.items() if v is not None and k not in skip}


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
        digest.update(json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str).encode())
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
        query = f"load_{edge_type.lower()}_{_SNAKE[kinds[a]['kind']]}_{_SNAKE[kinds[b]['kind']]}"
        if query not in edge_rows:
            if not _statement_exists(query):
                raise LoadVerificationError(
                    f"no load statement for {edge_type} edges from {kinds[a]['kind']} to {kinds[b]['kind']} "
                    f"(e.g. {a} -> {b}); add queries/cypher/{query}.cypher"
                )
            edge_rows[query] = []
            edge_types[query] = edge_type
        row = {"source": a, "target": b, "props": _props(data, skip=("kind",))}
        edge_rows[query].append(row)

    similar_query = "load_similar_to_occupation_occupation"
    similar_rows: list[dict[str, Any]] = []
    similar_keys: dict[str, None] = {}
    for origin in store.occupation_ids():
        for sim in store.similar(origin):
            similar_keys.update(dict.fromkeys(k for k in sim if k != "target_id"))
            row = {"source": origin, "target": sim["target_id"], "props": _props(sim, skip=("target_id",))}
            similar_rows.append(row)
    if similar_rows:
        edge_rows[similar_query] = similar_rows
        edge_types[similar_query] = EdgeKind.SIMILAR_TO.value

    for rows in (*node_rows.values(), *edge_rows.values()):
        feed(rows)
    meta = store.meta()
    node_counts = {kind: len(rows) for kind, rows in node_rows.items() if rows}
    edge_counts: dict[str, int] = {}
    for query, rows in edge_rows.items():
        edge_counts[edge_types[query]] = edge_counts.get(edge_types[query], 0) + len(rows)
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
        (_Group(edge_types[q], q, rows) for q, rows in edge_rows.items()),
        key=lambda g: (_EDGE_ORDER.index(g.phase) if g.phase in _EDGE_ORDER else len(_EDGE_ORDER), g.query),
    )
    return LoadPlan(nodes, edges, node_counts, edge_counts, marker, digest.hexdigest(), time.perf_counter() - start)


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
            intact = nodes == plan.node_counts and edges == plan.edge_counts
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

    for group in (*plan.nodes, *plan.edges):
        size = node_batch if group in plan.nodes else edge_batch
        with timed(group.phase, len(group.rows)):
            for offset in range(0, len(group.rows), size):
                batch = group.rows[offset : offset + size]
                written = writer.run(group.query, rows=batch)[0]["count"]
                if written != len(batch):
                    raise LoadVerificationError(
                        f"{group.query}: {len(batch) - written} of {len(batch)} rows found no node at one end; "
                        "the load stays incomplete"
                    )
                done += len(batch)
                report(group.phase)

    with timed("verify counts"):
        nodes, edges = _live_counts(writer)
        if nodes != plan.node_counts or edges != plan.edge_counts:
            raise LoadVerificationError(
                f"after loading, the database holds nodes {nodes} and relationships {edges}; expected "
                f"{plan.node_counts} and {plan.edge_counts} (other data under skillgraph's labels?)"
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
