"""Opening the store the settings ask for: the embedded snapshot (built when missing or
stale) or a Neo4j server. Shared by the CLI and the Streamlit app.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from skillgraph.graph.errors import SnapshotError
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.settings import Settings
from skillgraph.graph.snapshot import FORMAT_VERSION, load_snapshot, save_snapshot, snapshot_path
from skillgraph.graph.store import GraphStore
from skillgraph.loaders.build import build_graph
from skillgraph.loaders.sources import DataSources, find_sources, fingerprint, remember_sources
from skillgraph.queries.engine import EngineSettings, annotate_families, build_index

__all__ = ["OpenResult", "open_store", "open_memory_store", "build_memory_store"]

Progress = Callable[[str], None]


@dataclass
class OpenResult:
    """The opened store and how it was obtained."""

    store: GraphStore
    built: bool  # True when the snapshot was (re)built from the official files
    seconds: float
    snapshot: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    rows_read: dict[str, int] = field(default_factory=dict)


def _quiet(_: str) -> None:
    pass


def build_memory_store(
    sources: DataSources, engine: EngineSettings | None = None, progress: Progress = _quiet
) -> tuple[MemoryStore, dict[str, float], dict[str, int]]:
    """Build the graph and the similarity index from the official files (no snapshot I/O)."""
    progress("reading the official files")
    result = build_graph(sources)
    timings = dict(result.timings)
    store = MemoryStore(
        result.graph,
        {
            "versions": result.versions,
            "sources": sources.describe(),
            "skipped": sorted(((s.reason, s.count) for s in result.report.skips.values()), key=lambda t: -t[1]),
            "skip_examples": {s.reason: list(s.examples) for s in result.report.skips.values()},
            "notes": list(result.report.notes),
            "rows_read": dict(result.report.rows_read),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    )
    progress("computing similarity")
    start = time.perf_counter()
    index = build_index(result.graph, engine)
    annotate_families(result.graph, index)
    store = store.with_index(index)
    timings["similarity"] = time.perf_counter() - start
    return store, timings, dict(result.report.rows_read)


def open_memory_store(
    settings: Settings,
    *,
    sources: DataSources | None = None,
    rebuild: bool = False,
    engine: EngineSettings | None = None,
    progress: Progress = _quiet,
) -> OpenResult:
    """The embedded store: from the snapshot if it matches the sources, else built and saved.

    Raises DataNotFoundError (with instructions) when no source data can be found, and
    DataFormatError when a source file is malformed; in both cases no snapshot is written
    and an existing one is left as it was.
    """
    start = time.perf_counter()
    sources = sources or find_sources(settings)
    engine = engine or EngineSettings(fixed_threshold=settings.viability_threshold)
    key = fingerprint(sources, FORMAT_VERSION, engine.key())
    path = snapshot_path(settings.snapshot_dir, key)
    if not rebuild:
        try:
            store = load_snapshot(path, key)
        except SnapshotError as e:
            progress(str(e))
            store = None
        if store is not None:
            return OpenResult(store, False, time.perf_counter() - start, str(path))
    store, timings, rows = build_memory_store(sources, engine, progress)
    progress(f"writing the snapshot {path}")
    save_start = time.perf_counter()
    save_snapshot(store, path, key)
    timings["write snapshot"] = time.perf_counter() - save_start
    remember_sources(settings, sources)
    return OpenResult(store, True, time.perf_counter() - start, str(path), timings, rows)


def open_store(settings: Settings, *, progress: Progress = _quiet) -> GraphStore:
    """The store ``settings.backend`` names, ready for queries."""
    if settings.backend == "neo4j":
        from skillgraph.graph.neo4j_store import Neo4jStore

        return Neo4jStore.connect(settings)
    return open_memory_store(settings, progress=progress).store
