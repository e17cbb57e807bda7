"""graph.snapshot and app.workspace.open_memory_store: the snapshot is reused while the
sources and the format are unchanged, rebuilt otherwise, written atomically, and a failed
rebuild leaves the previous snapshot as it was.

The security side (a crafted snapshot never runs, whatever it holds) is in
``test_snapshot_security.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixture_world import settings_for

from skillgraph.app import workspace as workspace_module
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph import snapshot as snapshot_module
from skillgraph.graph.errors import DataFormatError, SnapshotError
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.snapshot import load_snapshot, read_header, save_snapshot, snapshot_key, snapshot_path

KEY = b"k" * 32


def snapshot_files(settings) -> list[str]:
    """Every file in the snapshot folder (temporary ones included, the lock file not)."""
    folder = settings.snapshot_dir
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name != ".build.lock" and not p.name.endswith(".verified"))


def fingerprint_of(name: str) -> str:
    return name.removeprefix("graph-").removesuffix(".snapshot")


@pytest.fixture
def workspace(make_data_dir, tmp_path):
    """A private data folder (unzipped ESCO, so files are easy to change) and its settings."""
    root = make_data_dir(esco_zipped=False)
    return root, settings_for(root, tmp_path)


def test_first_open_builds_then_the_snapshot_is_reused(workspace):
    _, settings = workspace
    first = open_memory_store(settings)
    assert first.built
    assert snapshot_files(settings) == [os.path.basename(first.snapshot)]
    second = open_memory_store(settings)
    assert not second.built
    assert second.snapshot == first.snapshot
    assert second.store.meta().node_counts == first.store.meta().node_counts
    assert (settings.cache_dir / "sources.json").exists()


def test_snapshot_is_written_atomically_and_its_header_says_what_it_holds(workspace):
    _, settings = workspace
    result = open_memory_store(settings)
    names = snapshot_files(settings)
    assert len(names) == 1 and names[0].startswith("graph-") and names[0].endswith(".snapshot")
    assert not any(n.endswith(".tmp") for n in names)
    key = snapshot_key(settings.config_dir)
    path = snapshot_path(settings.snapshot_dir, fingerprint_of(names[0]))
    assert load_snapshot(path, key=key) is not None
    header = read_header(path, key=key)
    assert header["parts"] == ["esco", "onet", "crosswalk"]
    assert header["rows_read"]["ESCO occupations"] == 8
    assert header["crosswalk_source"] == "both"
    assert result.snapshot.endswith(names[0])


def test_touching_a_source_file_rebuilds(workspace):
    root, settings = workspace
    first = open_memory_store(settings)
    job_zones = root / "onet-29.3" / "db_29_3_text" / "Job Zones.txt"
    stat = job_zones.stat()
    os.utime(job_zones, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    second = open_memory_store(settings)
    assert second.built
    assert second.snapshot != first.snapshot
    # The stale snapshot is removed once the new one is in place.
    assert snapshot_files(settings) == [os.path.basename(second.snapshot)]


def test_changing_a_source_file_rebuilds_with_the_new_content(workspace):
    root, settings = workspace
    open_memory_store(settings)
    data = root / "onet-29.3" / "db_29_3_text" / "Occupation Data.txt"
    data.write_text(
        data.read_text(encoding="utf-8").replace("\tWeb Developers\t", "\tWeb Developers and Builders\t"), encoding="utf-8"
    )
    result = open_memory_store(settings)
    assert result.built
    assert result.store.node("15-1254.00")["label"] == "Web Developers and Builders"


def test_a_new_format_version_rebuilds(workspace, monkeypatch):
    _, settings = workspace
    first = open_memory_store(settings)
    # A snapshot stamped with another format is not used even under the same file name ...
    monkeypatch.setattr(snapshot_module, "FORMAT_VERSION", "test-next")
    second = open_memory_store(settings)
    assert second.built and second.snapshot == first.snapshot
    assert read_header(Path(second.snapshot), key=snapshot_key(settings.config_dir))["format"] == "test-next"
    # ... and the format is part of the fingerprint, so the file name changes too.
    monkeypatch.setattr(workspace_module, "FORMAT_VERSION", "test-next")
    third = open_memory_store(settings)
    assert third.built and third.snapshot != first.snapshot
    assert not open_memory_store(settings).built


def test_a_failed_rebuild_leaves_the_previous_snapshot_intact(workspace):
    root, settings = workspace
    first = open_memory_store(settings)
    before = snapshot_files(settings)
    content = Path(first.snapshot).read_bytes()
    relations = root / "esco-v1.1.1" / "occupationSkillRelations.csv"
    relations.write_bytes(relations.read_bytes().replace(b",essential,", b",mandatory,", 1))
    with pytest.raises(DataFormatError):
        open_memory_store(settings, rebuild=True)
    with pytest.raises(DataFormatError):
        open_memory_store(settings)  # the changed file changed the fingerprint too
    assert snapshot_files(settings) == before
    assert Path(first.snapshot).read_bytes() == content
    old = load_snapshot(snapshot_path(settings.snapshot_dir, fingerprint_of(before[0])), key=snapshot_key(settings.config_dir))
    assert old is not None
    assert old.meta().node_counts == first.store.meta().node_counts


def test_an_unreadable_snapshot_is_rebuilt_with_a_one_line_message(workspace):
    _, settings = workspace
    first = open_memory_store(settings)
    with open(first.snapshot, "wb") as fh:
        fh.write(b"not a snapshot at all")
    messages: list[str] = []
    second = open_memory_store(settings, progress=messages.append)
    assert second.built and second.snapshot == first.snapshot
    (message,) = [m for m in messages if "snapshot" in m and "rebuilt" in m]
    assert "\n" not in message and "is not a skillgraph snapshot" in message
    assert second.warnings == [message]
    assert load_snapshot(Path(second.snapshot), key=snapshot_key(settings.config_dir)) is not None


def test_load_snapshot_cases(tmp_path, fixture_store):
    path = tmp_path / "graph-abc.snapshot"
    assert load_snapshot(path, key=KEY) is None  # missing
    save_snapshot(fixture_store, path, "abc", key=KEY)
    assert isinstance(load_snapshot(path, "abc", key=KEY), MemoryStore)
    assert load_snapshot(path, "other", key=KEY) is None  # stale fingerprint
    loaded = load_snapshot(path, key=KEY)
    assert loaded.meta().node_counts == fixture_store.meta().node_counts
    with pytest.raises(SnapshotError, match="not written by this installation"):
        load_snapshot(path, key=b"another key, another install!!!!")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SnapshotError, match="truncated"):
        load_snapshot(path, key=KEY)
    path.write_bytes(b"\x80\x05garbage")
    with pytest.raises(SnapshotError, match="not a skillgraph snapshot"):
        load_snapshot(path, key=KEY)


def test_a_failed_write_leaves_no_temporary_file_and_keeps_the_old_snapshot(tmp_path, fixture_store, monkeypatch):
    old = save_snapshot(fixture_store, tmp_path / "graph-old.snapshot", "old", key=KEY)
    content = old.read_bytes()

    def broken_fsync(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(snapshot_module.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        save_snapshot(fixture_store, tmp_path / "graph-new.snapshot", "new", key=KEY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph-old.snapshot", "graph-old.verified"]
    assert old.read_bytes() == content


def test_saving_removes_older_snapshots_of_either_format(tmp_path, fixture_store):
    save_snapshot(fixture_store, tmp_path / "graph-one.snapshot", "one", key=KEY)
    (tmp_path / "graph-older.pickle").write_bytes(b"a snapshot of the previous format")
    (tmp_path / "unrelated.txt").write_text("kept")
    save_snapshot(fixture_store, tmp_path / "graph-two.snapshot", "two", key=KEY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph-two.snapshot", "graph-two.verified", "unrelated.txt"]


def test_large_arrays_stream_through_the_signed_writer(tmp_path, fixture_store):
    """Protocol 5 writes big buffers (numpy arrays, bytes) as PickleBuffer objects."""
    import numpy as np

    big = np.arange(3_000_000, dtype=np.float32)
    store = MemoryStore(fixture_store.graph, {**fixture_store.info, "big": big, "blob": b"x" * 2_000_000}, fixture_store.index)
    path = save_snapshot(store, tmp_path / "graph-big.snapshot", "big", key=KEY)
    loaded = load_snapshot(path, "big", key=KEY)
    assert np.array_equal(loaded.info["big"], big) and loaded.info["blob"] == b"x" * 2_000_000
