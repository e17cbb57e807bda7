"""Snapshots of the embedded store on disk: authenticated, written atomically, read back fast.

A snapshot file (``graph-<fingerprint>.snapshot``) is::

    skillgraph-snapshot\\n          magic line
    {header JSON}\\n                 format, fingerprint, parts, rows read
    payload                         pickle (protocol 5) of the graph, its info and the index
    8 bytes                         the payload's length (big-endian)
    32 bytes                        HMAC-SHA256 over the header line, the payload and the length

Pickle is kept for speed (the similarity index is a set of dataclasses whose fields
change between versions; pickle stays generic over them and opens in well under a
second), but it can run code, so nothing is unpickled before the MAC has been checked
with a per-install secret key (:func:`snapshot_key`): a file written by anyone who does
not hold the key is refused, whatever it contains. The key lives outside the cache
folder, in the configuration folder (``SKILLGRAPH_CONFIG_DIR``, default
``~/.config/skillgraph``; ``snapshot.key``, created with mode 0600 in a 0700 folder):
whoever can write the cache folder could otherwise replace the key too. A key file that
others can read, or that belongs to another user, is refused and no snapshot is read or
written.

The full MAC is checked once per file: a verified file gets a stamp beside it
(``graph-<fingerprint>.verified``, an HMAC over the file's inode, size, modification and
change times and its header), and later opens that find the stamp matching skip hashing
the payload again (see :func:`_stamp` for why that is sound).

Any failure to read a snapshot — a wrong MAC, a truncated file, and any exception the
unpickler or the checks after it raise (TypeError, KeyError, RecursionError …) — is a
:class:`SnapshotError` (one line, the caller rebuilds). A snapshot is written to a uniquely
named temporary file in the same folder and renamed into place only when complete;
leftovers of an interrupted write are removed by :func:`remove_leftovers` (the caller
runs it while holding the build lock, :func:`build_lock`, so no other build's temporary
file is touched).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import json
import os
import pickle
import secrets
import stat
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from skillgraph.graph.errors import SnapshotError, SnapshotKeyError
from skillgraph.graph.memory_store import MemoryStore

__all__ = [
    "FORMAT_VERSION",
    "save_snapshot",
    "load_snapshot",
    "read_header",
    "snapshot_path",
    "snapshot_key",
    "build_lock",
    "remove_leftovers",
    "KEY_FILE",
]

#: Bump when the graph model, the loaders' output or the index layout changes:
#: every existing snapshot is then rebuilt on the next start.
FORMAT_VERSION = "9"
#: The per-install key, in the configuration folder (``SKILLGRAPH_CONFIG_DIR``).
KEY_FILE = "snapshot.key"

_MAGIC = b"skillgraph-snapshot\n"
_MAC_SIZE = 32
_LENGTH_SIZE = 8
_CHUNK = 1 << 22
_MAX_HEADER = 1 << 20
_SUFFIX = ".snapshot"
_LOCK = ".build.lock"


def snapshot_path(folder: Path, fingerprint: str) -> Path:
    """Where the snapshot for ``fingerprint`` lives."""
    return folder / f"graph-{fingerprint}{_SUFFIX}"


# -- the key ----------------------------------------------------------------------------------


def snapshot_key(folder: Path) -> bytes:
    """The per-install secret that authenticates snapshots (created on first use).

    Raises
    ------
    SnapshotKeyError
        The key file is not a regular file, belongs to another user, is readable or
        writable by group or others, or does not hold a key; or it cannot be created.
    """
    path = folder / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return _read_key(path)  # another process created it first
    except OSError as e:
        raise SnapshotKeyError(f"cannot create the snapshot key {path} ({e.strerror or e}); snapshots are not used") from e
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as e:
        raise SnapshotKeyError(f"cannot read the snapshot key {path} ({e.strerror or e}); snapshots are not used") from e
    fix = f"delete it (a new one is made) or run: chmod 600 {path}"
    if not stat.S_ISREG(info.st_mode):
        raise SnapshotKeyError(f"the snapshot key {path} is not a regular file; delete it (a new one is made)")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise SnapshotKeyError(f"the snapshot key {path} belongs to another user; delete it (a new one is made)")
    if hasattr(os, "getuid") and info.st_mode & 0o077:
        raise SnapshotKeyError(f"the snapshot key {path} is open to other users (mode {stat.S_IMODE(info.st_mode):04o}); {fix}")
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError) as e:
        raise SnapshotKeyError(f"the snapshot key {path} is unreadable or damaged; delete it (a new one is made)") from e
    if len(key) < 16:
        raise SnapshotKeyError(f"the snapshot key {path} is too short; delete it (a new one is made)")
    return key


# -- writing and reading ----------------------------------------------------------------------


class _SigningWriter:
    """A binary file wrapper that feeds everything written through it to an HMAC."""

    def __init__(self, fh, mac: hmac.HMAC) -> None:
        self._fh = fh
        self._mac = mac
        self.size = 0

    def write(self, data) -> int:
        # Protocol 5 hands large buffers over as PickleBuffer objects: use the buffer protocol.
        view = memoryview(data)
        self._mac.update(view)
        self.size += view.nbytes
        return self._fh.write(view)


def save_snapshot(store: MemoryStore, path: Path, fingerprint: str, *, key: bytes, header: dict[str, Any] | None = None) -> Path:
    """Write ``store`` to ``path`` atomically (authenticated with ``key``) and remove older
    snapshots beside it.

    ``header`` holds what later loads may read without opening the snapshot (the parts
    it was built from, the rows read: see :func:`read_header`). The pickle is streamed to
    the file and signed on the way: the snapshot is never held in memory as a whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    head = {**(header or {}), "format": FORMAT_VERSION, "fingerprint": fingerprint, "written_at": time.time()}
    header_line = json.dumps(head, sort_keys=True).encode("utf-8") + b"\n"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC)
            fh.write(header_line)
            mac = hmac.new(key, header_line, hashlib.sha256)
            signed = _SigningWriter(fh, mac)
            pickle.dump({"graph": store.graph, "info": store.info, "index": store.index}, signed, protocol=5)
            length = struct.pack(">Q", signed.size)
            mac.update(length)
            fh.write(length)
            fh.write(mac.digest())
            fh.flush()
            os.fsync(fh.fileno())
            written = os.fstat(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for old in (
        *path.parent.glob(f"graph-*{_SUFFIX}"),
        *path.parent.glob("graph-*.pickle"),
        *path.parent.glob("graph-*.verified"),
    ):
        if old != path:
            old.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        now = os.stat(path)
        if (now.st_dev, now.st_ino) == (written.st_dev, written.st_ino):  # still the file just written
            _write_stamp(path, _stamp(key, now, header_line))
    return path


class _Frame:
    """An open snapshot file: its header, where the payload starts and how long it is."""

    def __init__(self, fh, path: Path) -> None:
        self.fh = fh
        self.path = path
        info = os.fstat(fh.fileno())
        # A file someone else could write might change between the check and the read.
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            raise SnapshotError(f"snapshot {path} belongs to another user or others can write it; it will be rebuilt")
        head = fh.read(len(_MAGIC) + _MAX_HEADER)
        if not head.startswith(_MAGIC):
            raise SnapshotError(f"snapshot {path} is not a skillgraph snapshot of this version; it will be rebuilt")
        end = head.find(b"\n", len(_MAGIC))
        if end < 0:
            raise SnapshotError(f"snapshot {path} has no readable header; it will be rebuilt")
        self.header_line = head[len(_MAGIC) : end + 1]
        try:
            header = json.loads(self.header_line)
        except ValueError as e:
            raise SnapshotError(f"snapshot {path} has no readable header; it will be rebuilt") from e
        if not isinstance(header, dict):
            raise SnapshotError(f"snapshot {path} has no readable header; it will be rebuilt")
        self.header: dict[str, Any] = header
        self.start = end + 1
        self.size = info.st_size
        self.info = info

    def verify(self, key: bytes) -> None:
        """SnapshotError unless the payload is complete and signed with ``key`` (read in
        chunks: nothing is kept, nothing is unpickled)."""
        trailer = _LENGTH_SIZE + _MAC_SIZE
        if self.size < self.start + trailer:
            raise SnapshotError(f"snapshot {self.path} is truncated; it will be rebuilt")
        self.fh.seek(self.size - trailer)
        length_bytes = self.fh.read(_LENGTH_SIZE)
        stored = self.fh.read(_MAC_SIZE)
        (length,) = struct.unpack(">Q", length_bytes)
        if self.start + length + trailer != self.size:
            raise SnapshotError(f"snapshot {self.path} is truncated; it will be rebuilt")
        mac = hmac.new(key, self.header_line, hashlib.sha256)
        self.fh.seek(self.start)
        left = length
        while left:
            chunk = self.fh.read(min(left, _CHUNK))
            if not chunk:
                raise SnapshotError(f"snapshot {self.path} is truncated; it will be rebuilt")
            mac.update(chunk)
            left -= len(chunk)
        mac.update(length_bytes)
        if not hmac.compare_digest(mac.digest(), stored):
            raise SnapshotError(
                f"snapshot {self.path} was not written by this installation (its signature does not match); it will be rebuilt"
            )
        self.fh.seek(self.start)


def read_header(path: Path, *, key: bytes) -> dict[str, Any] | None:
    """The header of the snapshot at ``path`` (format, fingerprint, parts, rows read) if
    the file is a complete snapshot written with ``key``, else None. Nothing is unpickled."""
    try:
        with open(path, "rb") as fh:
            frame = _Frame(fh, path)
            frame.verify(key)
            return frame.header
    except (OSError, SnapshotError, struct.error):
        return None


def load_snapshot(path: Path, fingerprint: str | None = None, *, key: bytes) -> MemoryStore | None:
    """The store saved at ``path``, or None when it is missing, stale or of another format.

    Raises SnapshotError when the file exists but is not a valid snapshot written with
    ``key`` — or when anything at all goes wrong while it is opened (then the caller
    rebuilds). Nothing is unpickled before the MAC over the whole payload matches; the
    payload is then read from the same open file (a rename of the path in between does
    not change what is read, and the file must be the user's own, writable by no one else).
    """
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return None
    except OSError as e:
        raise SnapshotError(f"snapshot {path} cannot be read ({e.strerror or e}); it will be rebuilt") from e
    with fh:
        try:
            frame = _Frame(fh, path)
            if frame.header.get("format") != FORMAT_VERSION:
                return None
            if fingerprint is not None and frame.header.get("fingerprint") != fingerprint:
                return None
            stamp = _stamp(key, frame.info, frame.header_line)
            if _read_stamp(path) == stamp:
                fh.seek(frame.start)  # this very file was verified before and has not changed since
            else:
                frame.verify(key)
                _write_stamp(path, stamp)
        except OSError as e:
            raise SnapshotError(f"snapshot {path} cannot be read ({e.strerror or e}); it will be rebuilt") from e
        return _unpickle(fh, path)


# The full MAC is checked once per file: a file already verified carries a stamp beside
# it, an HMAC over its identity and metadata (device, inode, size, modification and change
# times) and its header. Only the user can change the file (it must be theirs and writable
# by no one else), and any change to its bytes moves its change time, which no one can
# set back; a file put in its place has another inode or owner. So a matching stamp means
# these are the bytes that were verified, and the warm start skips hashing ~200 MB.
def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(_SUFFIX) + ".verified")


def _stamp(key: bytes, info: os.stat_result, header_line: bytes) -> str:
    ident = f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}".encode()
    return hmac.new(key, b"verified\0" + ident + b"\0" + header_line, hashlib.sha256).hexdigest()


def _read_stamp(path: Path) -> str:
    try:
        return _stamp_path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _write_stamp(path: Path, stamp: str) -> None:
    target = _stamp_path(path)
    with contextlib.suppress(OSError):
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(stamp + "\n")
        os.replace(tmp_name, target)


def _unpickle(fh, path: Path) -> MemoryStore:
    # Unpickling builds a few hundred thousand small dicts; the cyclic GC would walk them
    # repeatedly for nothing, so it is paused for the duration.
    enabled = gc.isenabled()
    gc.disable()
    try:
        content = pickle.load(fh)
        graph, info, index = content["graph"], content["info"], content["index"]
        if not isinstance(graph, nx.DiGraph) or not isinstance(info, dict):
            raise TypeError(f"a {type(graph).__name__} and a {type(info).__name__} where a graph and its info belong")
        return MemoryStore(graph, info, index)
    except Exception as e:  # RecursionError, MemoryError, KeyError …: whatever it is, rebuild
        raise SnapshotError(f"snapshot {path} is unreadable ({e.__class__.__name__}: {str(e)[:120]}); it will be rebuilt") from e
    finally:
        if enabled:
            gc.enable()


# -- one build at a time ----------------------------------------------------------------------


@contextlib.contextmanager
def build_lock(folder: Path, *, waiting: Callable[[], None] | None = None, wait: bool = True) -> Iterator[bool]:
    """Hold the snapshot folder's build lock (an exclusive ``flock`` on ``.build.lock``);
    yields whether it is held.

    Another process holding it makes this one wait (``waiting`` is called once, before
    the wait) until that build is done — or, with ``wait=False``, go on without it
    (yielding False). The lock goes with the process, so a killed build never leaves it
    held. Where ``fcntl`` does not exist (Windows), no lock is taken.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield True
        return
    fd = os.open(folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(fd)  # releases the lock


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files of interrupted snapshot writes (call while holding the build lock)."""
    removed = []
    if folder.is_dir():
        for tmp in (*folder.glob(".graph-*.tmp"), *folder.glob(".graph-*.verified.*.tmp")):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed.append(tmp)
    return removed
