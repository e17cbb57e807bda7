"""A snapshot file someone else wrote never runs: nothing is unpickled before its MAC
(HMAC-SHA256 with the per-install key) matches, whatever the file holds; any failure to
open a snapshot is one line and a rebuild; the key is private; builds take turns."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fixture_world import settings_for

from skillgraph.app.workspace import open_memory_store
from skillgraph.graph import snapshot as snapshot_module
from skillgraph.graph.errors import SnapshotKeyError
from skillgraph.graph.snapshot import KEY_FILE, build_lock, save_snapshot, snapshot_key
from skillgraph.loaders.sources import remember_sources


class CreatesAFile:
    """Unpickling this calls open(path, "w"): it creates ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def malicious_pickle(marker: Path) -> bytes:
    return pickle.dumps({"magic": "skillgraph-snapshot", "format": "9", "graph": CreatesAFile(marker)}, protocol=5)


@pytest.fixture
def built(make_data_dir, tmp_path):
    """A data folder, its settings and a first build (whose snapshot the tests replace)."""
    root = make_data_dir()
    settings = settings_for(root, tmp_path)
    first = open_memory_store(settings)
    return settings, Path(first.snapshot)


def test_the_crafted_pickle_really_runs_code_when_unpickled(tmp_path):
    marker = tmp_path / "ran"
    pickle.loads(malicious_pickle(marker))  # what the old loader did with the file
    assert marker.exists()


def frame(header: dict, payload: bytes, key: bytes | None) -> bytes:
    """A file in the snapshot layout: magic, header line, payload, length, MAC (made with
    ``key``; None: 32 zero bytes)."""
    import hashlib
    import hmac
    import struct

    line = json.dumps(header, sort_keys=True).encode() + b"\n"
    length = struct.pack(">Q", len(payload))
    mac = b"\0" * 32 if key is None else hmac.new(key, line + payload + length, hashlib.sha256).digest()
    return b"skillgraph-snapshot\n" + line + payload + length + mac


@pytest.mark.parametrize("shape", ["raw pickle", "framed, no valid MAC", "framed, MAC with another key"])
def test_a_crafted_snapshot_never_executes_and_is_rebuilt(built, tmp_path, shape):
    settings, path = built
    marker = tmp_path / "pwned"
    payload = malicious_pickle(marker)
    fingerprint = path.name.removeprefix("graph-").removesuffix(".snapshot")
    header = {"format": snapshot_module.FORMAT_VERSION, "fingerprint": fingerprint}
    if shape == "raw pickle":
        data = payload
    elif shape == "framed, no valid MAC":
        data = frame(header, payload, None)
    else:
        data = frame(header, payload, b"the attacker's own key!!")
    path.write_bytes(data)
    messages: list[str] = []
    result = open_memory_store(settings, progress=messages.append)
    assert not marker.exists()
    assert result.built and result.snapshot == str(path)
    (message,) = [m for m in messages if "will be rebuilt" in m]
    assert "\n" not in message and str(path) in message
    expected = "is not a skillgraph snapshot" if shape == "raw pickle" else "its signature does not match"
    assert expected in message
    # The rebuilt file is a proper snapshot again.
    assert not open_memory_store(settings).built


def test_a_snapshot_of_the_old_pickle_format_is_never_read_and_goes_away(built, tmp_path):
    settings, path = built
    marker = tmp_path / "pwned"
    old = path.with_name(path.name.replace(".snapshot", ".pickle"))
    old.write_bytes(malicious_pickle(marker))
    path.unlink()
    assert open_memory_store(settings).built
    assert not marker.exists() and not old.exists()


def sign(settings, content: object, fingerprint: str) -> bytes:
    """A snapshot the installation itself signed, holding ``content`` (a payload that a bug
    could have produced)."""
    header = {"format": snapshot_module.FORMAT_VERSION, "fingerprint": fingerprint}
    return frame(header, pickle.dumps(content, protocol=5), snapshot_key(settings.config_dir))


@pytest.mark.parametrize(
    "content",
    [
        pytest.param({}, id="KeyError"),
        pytest.param({"graph": 42, "info": {}, "index": None}, id="TypeError"),
        pytest.param(["not", "a", "dict"], id="TypeError-list"),
    ],
)
def test_whatever_a_signed_payload_raises_the_snapshot_is_rebuilt(built, content):
    settings, path = built
    path.write_bytes(sign(settings, content, path.name.removeprefix("graph-").removesuffix(".snapshot")))
    messages: list[str] = []
    result = open_memory_store(settings, progress=messages.append)
    assert result.built
    assert any("is unreadable" in m and "will be rebuilt" in m for m in messages)


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), MemoryError(), ValueError("x")])
def test_errors_raised_while_unpickling_are_a_rebuild_not_a_crash(built, monkeypatch, error):
    settings, _ = built

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(snapshot_module.pickle, "load", failing)
    messages: list[str] = []
    result = open_memory_store(settings, progress=messages.append)
    assert result.built
    assert any(type(error).__name__ in m for m in messages)


def test_the_key_is_private_and_outside_the_cache_folder(tmp_path):
    settings = settings_for(None, tmp_path)
    key = snapshot_key(settings.config_dir)
    path = settings.config_dir / KEY_FILE
    assert len(key) == 32 and snapshot_key(settings.config_dir) == key
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(settings.config_dir.stat().st_mode & 0o777) == "0o700"
    assert settings.cache_dir not in path.parents


def test_a_key_others_can_read_is_refused_and_no_snapshot_is_used(make_data_dir, tmp_path):
    root = make_data_dir()
    settings = settings_for(root, tmp_path)
    snapshot_key(settings.config_dir)
    key_file = settings.config_dir / KEY_FILE
    key_file.chmod(0o644)
    with pytest.raises(SnapshotKeyError, match=r"open to other users \(mode 0644\).*chmod 600"):
        snapshot_key(settings.config_dir)
    result = open_memory_store(settings)
    assert result.built and result.snapshot == ""
    assert result.warnings and "chmod 600" in result.warnings[0]
    assert not list(settings.cache_dir.rglob("graph-*"))


def test_a_key_that_is_a_symlink_or_another_users_is_refused(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    real = tmp_path / "elsewhere.key"
    real.write_text("ab" * 32)
    real.chmod(0o600)
    (folder / KEY_FILE).symlink_to(real)
    with pytest.raises(SnapshotKeyError, match="not a regular file"):
        snapshot_key(folder)
    if os.getuid() != 0:
        pytest.skip("changing a file's owner needs root")
    (folder / KEY_FILE).unlink()
    (folder / KEY_FILE).write_text("ab" * 32)
    (folder / KEY_FILE).chmod(0o600)
    os.chown(folder / KEY_FILE, 12345, 12345)
    with pytest.raises(SnapshotKeyError, match="belongs to another user"):
        snapshot_key(folder)


def test_a_snapshot_others_can_write_is_not_read(built, tmp_path):
    """Between checking the MAC and unpickling, a file others can write could change."""
    settings, path = built
    path.chmod(0o666)
    messages: list[str] = []
    assert open_memory_store(settings, progress=messages.append).built
    assert any("others can write it" in m for m in messages)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def count_verifications(monkeypatch) -> list[Path]:
    calls: list[Path] = []
    original = snapshot_module._Frame.verify

    def counting(frame, key):
        calls.append(frame.path)
        return original(frame, key)

    monkeypatch.setattr(snapshot_module._Frame, "verify", counting)
    return calls


def test_the_full_mac_is_checked_once_per_file(built, monkeypatch):
    settings, path = built
    calls = count_verifications(monkeypatch)
    assert not open_memory_store(settings).built  # stamped when written: no rehash
    assert calls == []
    stamp = path.with_name(path.name.replace(".snapshot", ".verified"))
    stamp.write_text("0" * 64)  # a forged or stale stamp: the MAC is checked again
    assert not open_memory_store(settings).built
    assert calls == [path]
    assert not open_memory_store(settings).built and calls == [path]  # stamped again


def test_bytes_changed_in_place_are_caught_even_with_the_old_times_restored(built, tmp_path, monkeypatch):
    settings, path = built
    marker = tmp_path / "pwned"
    before = path.stat()
    data = bytearray(path.read_bytes())
    evil = malicious_pickle(marker)
    start = data.index(b"\n", len(b"skillgraph-snapshot\n")) + 1
    data[start : start + len(evil)] = evil  # same size, same file (inode), new bytes
    with open(path, "r+b") as fh:
        fh.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    calls = count_verifications(monkeypatch)
    messages: list[str] = []
    assert open_memory_store(settings, progress=messages.append).built
    assert calls[:1] == [path] and not marker.exists()
    assert any("signature does not match" in m for m in messages)


def test_leftovers_of_an_interrupted_write_are_removed_on_the_next_start(built):
    settings, path = built
    leftover = settings.snapshot_dir / f".{path.name}.abcd1234.tmp"
    leftover.write_bytes(b"\0" * 1024)
    assert not open_memory_store(settings).built
    assert not leftover.exists()


def test_a_build_waits_for_the_one_in_progress_and_opens_what_it_wrote(built, fixture_store):
    settings, path = built
    path.unlink()
    fingerprint = path.name.removeprefix("graph-").removesuffix(".snapshot")
    messages: list[str] = []
    results = []
    with build_lock(settings.snapshot_dir):
        worker = threading.Thread(target=lambda: results.append(open_memory_store(settings, progress=messages.append)))
        worker.start()
        worker.join(timeout=2)
        assert worker.is_alive()  # waiting for the lock
        assert any("waiting for another skillgraph process" in m for m in messages)
        # "The other process" finishes its build.
        save_snapshot(fixture_store, path, fingerprint, key=snapshot_key(settings.config_dir), header={"parts": []})
    worker.join(timeout=30)
    (result,) = results
    assert not result.built and result.snapshot == str(path)


CHILD = """
import sys
from pathlib import Path
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.settings import Settings
base = Path(sys.argv[1])
settings = Settings(data_dir=Path(sys.argv[2]), cache_dir=base / "cache", home_dir=base / "home",
                    config_dir=base / "config", viability_threshold=0.5)
print("built" if open_memory_store(settings).built else "opened")
"""


def test_concurrent_processes_build_once(make_data_dir, tmp_path):
    root = make_data_dir()
    base = tmp_path / "shared"
    procs = [
        subprocess.Popen([sys.executable, "-c", CHILD, str(base), str(root)], stdout=subprocess.PIPE, text=True) for _ in range(3)
    ]
    outputs = sorted(p.communicate(timeout=120)[0].strip() for p in procs)
    assert outputs == ["built", "opened", "opened"]
    assert [p.name for p in (base / "cache").iterdir() if p.name.endswith(".tmp")] == []


def test_remembering_sources_uses_a_unique_temporary_name(fixture_settings):
    from skillgraph.loaders.sources import find_sources

    sources = find_sources(fixture_settings)
    errors: list[BaseException] = []

    def remember() -> None:
        try:
            for _ in range(20):
                remember_sources(fixture_settings, sources)
        except BaseException as e:  # collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=remember) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(p.name for p in fixture_settings.cache_dir.iterdir()) == ["sources.json"]
    assert json.loads((fixture_settings.cache_dir / "sources.json").read_text())["crosswalk_source"] == "both"
