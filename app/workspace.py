"""Opening the store the settings ask for: the embedded snapshot (built when missing or
stale) or a Neo4j server. Shared by the CLI and the Streamlit app.

A build runs under the snapshot folder's lock: a second process that needs the same
snapshot waits for the first and then opens what it wrote, instead of building it again.
A rebuild that would replace the snapshot with a graph of fewer sources (say O*NET is no
longer found) or with far fewer rows in a table (a file cut short) is refused unless
``rebuild=True`` (``skillgraph load --rebuild``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillgraph.graph.errors import DataNotFoundError, SnapshotError, SnapshotKeyError, SourcesShrankError
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.settings import Settings
from skillgraph.graph.snapshot import (
    FORMAT_VERSION,
    build_lock,
    load_snapshot,
    read_header,
    remove_leftovers,
    save_snapshot,
    snapshot_key,
    snapshot_path,
)
from skillgraph.graph.store import GraphStore
from skillgraph.loaders.build import build_graph
from skillgraph.loaders.sources import PARTS, DataSources, find_sources, fingerprint, remember_sources
from skillgraph.queries.engine import EngineSettings, annotate_families, build_index

__all__ = ["OpenResult", "open_store", "open_memory_store", "build_memory_store", "SHRINK_LIMIT"]

Progress = Callable[[str], None]

#: A table whose rows fall below this share of the previous load's (and had at least
#: ``_SHRINK_MIN_ROWS``) makes a rebuild ask for ``--rebuild``.
SHRINK_LIMIT = 0.5
_SHRINK_MIN_ROWS = 20


@dataclass
class OpenResult:
    """The opened store and how it was obtained."""

    store: GraphStore
    built: bool  # True when the snapshot was (re)built from the official files
    seconds: float
    snapshot: str = ""  # the snapshot file; empty when none could be used
    timings: dict[str, float] = field(default_factory=dict)
    rows_read: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # e.g. an unsafe snapshot key, a rejected snapshot


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


def _try_load(path: Path, fingerprint_: str, key: bytes, progress: Progress, warnings: list[str]) -> MemoryStore | None:
    try:
        return load_snapshot(path, fingerprint_, key=key)
    except SnapshotError as e:
        progress(str(e))
        warnings.append(str(e))
        return None


def _previous(folder: Path, key: bytes) -> dict[str, Any] | None:
    """The header of the snapshot a build would replace (the newest valid one in ``folder``)."""
    candidates = sorted(folder.glob("graph-*.snapshot"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
    for candidate in candidates:
        header = read_header(candidate, key=key)
        if header is not None and header.get("format") == FORMAT_VERSION:
            return header
    return None


def _check_parts(previous: dict[str, Any] | None, sources: DataSources) -> None:
    if not previous:
        return
    before = [p for p in previous.get("parts", []) if p in PARTS]
    missing = [PARTS[p] for p in before if p not in sources.parts]
    if missing:
        had = ", ".join(PARTS[p] for p in before)
        raise DataNotFoundError(
            f"the current snapshot was built from {had}, but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not found now (sources: {sources.origin or 'none'}); "
            f"point SKILLGRAPH_DATA_DIR or skillgraph load --{'/--'.join(p.lower().replace('*', '') for p in missing)} "
            "at the files, or run skillgraph load --rebuild to replace it with a graph without them"
        )


def _check_rows(previous: dict[str, Any] | None, rows: dict[str, int]) -> None:
    if not previous or not isinstance(previous.get("rows_read"), dict):
        return
    shrunk = [
        (table, rows.get(table, 0), before)
        for table, before in previous["rows_read"].items()
        if isinstance(before, int) and before >= _SHRINK_MIN_ROWS and table in rows and rows[table] < SHRINK_LIMIT * before
    ]
    if shrunk:
        table, now, before = shrunk[0]
        more = f" (and {len(shrunk) - 1} more table(s))" if len(shrunk) > 1 else ""
        raise SourcesShrankError(
            f"{table}: {now:,} rows read, {now / before:.0%} of the {before:,} of the previous load{more}; "
            "is a file cut short or replaced? The snapshot was kept; run skillgraph load --rebuild to accept the smaller data"
        )


def open_memory_store(
    settings: Settings,
    *,
    sources: DataSources | None = None,
    rebuild: bool = False,
    engine: EngineSettings | None = None,
    progress: Progress = _quiet,
) -> OpenResult:
    """The embedded store: from the snapshot if it matches the sources, else built and saved.

    Raises DataNotFoundError (with instructions) when no source data can be found — or
    when a part the current snapshot was built from is missing now (unless ``rebuild``);
    DataFormatError when a source file is malformed; SourcesShrankError when a table has
    far fewer rows than the previous load (unless ``rebuild``). In every case no snapshot
    is written and an existing one is left as it was.
    """
    start = time.perf_counter()
    sources = sources or find_sources(settings)
    engine = engine or EngineSettings(fixed_threshold=settings.viability_threshold)
    key = fingerprint(sources, FORMAT_VERSION, engine.key())
    folder = settings.snapshot_dir
    path = snapshot_path(folder, key)
    warnings: list[str] = []
    try:
        secret = snapshot_key(settings.config_dir)
    except SnapshotKeyError as e:
        progress(str(e))
        store, timings, rows = build_memory_store(sources, engine, progress)
        return OpenResult(store, True, time.perf_counter() - start, "", timings, rows, [str(e)])
    if not rebuild and path.exists():
        store = _try_load(path, key, secret, progress, warnings)
        if store is not None:
            with build_lock(folder, wait=False) as held:
                if held:
                    remove_leftovers(folder)
            return OpenResult(store, False, time.perf_counter() - start, str(path), warnings=warnings)

    def waiting() -> None:
        progress(f"waiting for another skillgraph process to finish building the snapshot in {folder}")

    with build_lock(folder, waiting=waiting):
        remove_leftovers(folder)
        if not rebuild and path.exists() and not warnings:
            store = _try_load(path, key, secret, progress, warnings)  # built by the process we waited for
            if store is not None:
                return OpenResult(store, False, time.perf_counter() - start, str(path), warnings=warnings)
        previous = None if rebuild else _previous(folder, secret)
        _check_parts(previous, sources)
        store, timings, rows = build_memory_store(sources, engine, progress)
        _check_rows(previous, rows)
        progress(f"writing the snapshot {path}")
        save_start = time.perf_counter()
        header = {"parts": list(sources.parts), "rows_read": rows, "crosswalk_source": sources.crosswalk_source}
        save_snapshot(store, path, key, key=secret, header=header)
        timings["write snapshot"] = time.perf_counter() - save_start
        remember_sources(settings, sources)
    return OpenResult(store, True, time.perf_counter() - start, str(path), timings, rows, warnings)


def open_store(settings: Settings, *, progress: Progress = _quiet) -> GraphStore:
    """The store ``settings.backend`` names, ready for queries."""
    if settings.backend == "neo4j":
        from skillgraph.graph.neo4j_store import Neo4jStore

        return Neo4jStore.connect(settings)
    return open_memory_store(settings, progress=progress).store
