"""Snapshots of the embedded store on disk: written atomically, read back fast.

A snapshot is a pickle (protocol 5) of the graph, its info and the similarity index,
stamped with :data:`FORMAT_VERSION` and the fingerprint of the sources it was built
from. It is written to a temporary file in the same folder and renamed into place only
when complete, so a failed or interrupted rebuild leaves the previous snapshot intact.
Snapshots are a cache the program writes for itself in its own cache folder; they are
only ever read from there.
"""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from skillgraph.graph.errors import SnapshotError
from skillgraph.graph.memory_store import MemoryStore

__all__ = ["FORMAT_VERSION", "save_snapshot", "load_snapshot", "snapshot_path"]

#: Bump when the graph model, the loaders' output or the index layout changes:
#: every existing snapshot is then rebuilt on the next start.
FORMAT_VERSION = "8"

_MAGIC = "skillgraph-snapshot"


def snapshot_path(folder: Path, fingerprint: str) -> Path:
    """Where the snapshot for ``fingerprint`` lives."""
    return folder / f"graph-{fingerprint}.pickle"


def save_snapshot(store: MemoryStore, path: Path, fingerprint: str) -> Path:
    """Write ``store`` to ``path`` atomically and remove older snapshots beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "magic": _MAGIC,
        "format": FORMAT_VERSION,
        "fingerprint": fingerprint,
        "graph": store.graph,
        "info": store.info,
        "index": store.index,
    }
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(payload, fh, protocol=5)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for old in path.parent.glob("graph-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def load_snapshot(path: Path, fingerprint: str | None = None) -> MemoryStore | None:
    """The store saved at ``path``, or None when it is missing, stale or of another format.

    Raises SnapshotError only when the file exists but cannot be read at all (then it is
    rebuilt by the caller).
    """
    if not path.exists():
        return None
    # Unpickling builds a few hundred thousand small dicts; the cyclic GC would walk
    # them repeatedly for nothing, so it is paused for the duration.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            payload: dict[str, Any] = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError) as e:
        raise SnapshotError(f"snapshot {path} is unreadable ({e}); it will be rebuilt") from e
    finally:
        if enabled:
            gc.enable()
    if not isinstance(payload, dict) or payload.get("magic") != _MAGIC or payload.get("format") != FORMAT_VERSION:
        return None
    if fingerprint is not None and payload.get("fingerprint") != fingerprint:
        return None
    return MemoryStore(payload["graph"], payload["info"], payload["index"])
