"""Saved sessions and drafts in one private SQLite file on this machine.

Where: ``sessions.sqlite3`` in :attr:`graph.settings.Settings.home_dir` (``SKILLGRAPH_HOME``,
default ``~/.local/share/skillgraph``), created on first save, readable by the user only
(mode 0600 in a 0700 folder). Nothing is sent anywhere.

Concurrency: several app users (processes or threads) may read and write at once. Every
write is one ``BEGIN IMMEDIATE`` transaction, every read one transaction over a WAL
snapshot, with a busy timeout. Each save bumps ``revision``; saving an edit made from an
older revision raises :class:`SessionConflictError`. Deleted rows are overwritten on disk
(``secure_delete``).

Delete everything removes the files themselves, which SQLite's own locks cannot protect
(a file unlinked under an open connection, or a ``-wal`` left beside a new database, is how
a sessions file becomes malformed). So every operation holds a shared ``flock`` on
``sessions.sqlite3.lock`` for as long as its connection is open, and :meth:`delete_all`
takes it exclusively: no connection is open while files are removed. Operations first
pass a turnstile (``sessions.sqlite3.gate``, taken exclusively for an instant) so that a
steady stream of saves cannot starve a waiting delete. Both lock files are removed last,
while held; an operation that wakes up on a removed lock file notices (its inode is no
longer the one at the path) and starts over on a fresh one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from skillgraph.app.session_model import (
    DRAFT_DAYS,
    Draft,
    DraftGoneError,
    Session,
    SessionNotFoundError,
    SessionStoreBase,
    SessionStoreError,
    SessionSummary,
    ShortlistEntry,
    _conflict,
    draft_from_payload,
    draft_payload,
    now,
    validate,
)
from skillgraph.graph.model import INTEREST_AREAS
from skillgraph.graph.settings import Settings

try:
    import fcntl
except ImportError:  # Windows: one process per machine is the supported case there
    fcntl = None

__all__ = ["SCHEMA_VERSION", "DB_NAME", "SessionStore"]

SCHEMA_VERSION = 2
DB_NAME = "sessions.sqlite3"
_BUSY_MS = 10_000
_COMPANIONS = ("-wal", "-shm", "-journal")
_LOCKS = (".lock", ".gate")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    alias TEXT NOT NULL,
    current_role TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS session_skills (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    skill_id TEXT NOT NULL,
    PRIMARY KEY (session_id, position)
);
CREATE TABLE IF NOT EXISTS session_interests (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    answer INTEGER NOT NULL CHECK (answer BETWEEN 1 AND 5),
    PRIMARY KEY (session_id, area)
);
CREATE TABLE IF NOT EXISTS shortlist (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, position)
);
CREATE TABLE IF NOT EXISTS next_actions (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    skill_id TEXT NOT NULL,
    action TEXT NOT NULL,
    PRIMARY KEY (session_id, role_id, position)
);
CREATE TABLE IF NOT EXISTS dismissed_gaps (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    skill_id TEXT NOT NULL,
    PRIMARY KEY (session_id, role_id, position)
);
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL
);
"""

_CHILD_TABLES = ("session_skills", "session_interests", "shortlist", "next_actions", "dismissed_gaps")


def _cutoff() -> str:
    import datetime as dt

    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=DRAFT_DAYS)).isoformat(timespec="microseconds")


@dataclass
class SessionStore(SessionStoreBase):
    """The saved sessions of this machine (one SQLite file; see the module docstring).

    Each operation opens its own short connection, so instances are cheap, safe to share
    between threads, and leave no open file behind.
    """

    path: Path
    kind: str = field(default="SQLite", init=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionStore:
        """The store in ``settings.home_dir`` (``SKILLGRAPH_HOME``)."""
        return cls(Path(settings.home_dir) / DB_NAME)

    def location(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    # -- locks ----------------------------------------------------------------------------------
    def _lock_path(self, suffix: str) -> Path:
        return self.path.with_name(self.path.name + suffix)

    def _open_locked(self, suffix: str, exclusive: bool, create: bool) -> int | None:
        """An fd holding a flock on the lock file (None when nothing exists and not create)."""
        path = self._lock_path(suffix)
        while True:
            if create:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                except FileExistsError:  # made and removed again by a delete_all meanwhile
                    continue
            elif not self.path.parent.exists():
                return None
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            except FileNotFoundError:  # the folder was removed by a delete_all meanwhile
                if create:
                    continue
                return None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
                try:
                    same = os.stat(path).st_ino == os.fstat(fd).st_ino
                except FileNotFoundError:
                    same = False
            except BaseException:
                os.close(fd)
                raise
            if same:
                return fd
            os.close(fd)  # a delete_all removed this lock file while we waited: start over

    @contextlib.contextmanager
    def _guard(self, *, exclusive: bool, create: bool) -> Iterator[bool]:
        """Hold the store's lock (shared for operations, exclusive for delete_all).

        With ``create``, a missing database file is made — and switched to WAL, with its
        tables — while the turnstile is still held: two first saves never race to set up
        a new file (SQLite answers "database is locked" at once, without waiting, when a
        connection finds another one halfway through that). Yields False when nothing
        exists yet and ``create`` is false.
        """
        if fcntl is None:
            if create and not self.path.exists():
                self._init_file()
            yield create or self.path.exists()
            return
        gate = self._open_locked(".gate", True, create)
        if gate is None:
            yield False
            return
        lock = None
        try:
            lock = self._open_locked(".lock", exclusive, create)
            if lock is not None and create and not exclusive and not self.path.exists():
                self._init_file()
        except BaseException:
            if lock is not None:
                os.close(lock)
            os.close(gate)
            raise
        if not exclusive:
            os.close(gate)  # the turnstile: held only while taking the lock
        if lock is None:
            if exclusive:
                os.close(gate)
            yield False
            return
        try:
            yield True
        finally:
            os.close(lock)
            if exclusive:
                os.close(gate)

    # -- connections ------------------------------------------------------------------------------
    def _init_file(self) -> None:
        """Create the database file (0600), switch it to WAL and create the tables."""
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        os.close(fd)
        try:
            conn = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                self._ensure_schema(conn)
            finally:
                conn.close()
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()  # a half-made file would be found by the next save
            raise

    @contextlib.contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection | None]:
        with self._guard(exclusive=False, create=create) as present:
            if not present or not self.path.exists():
                if not create:
                    yield None
                    return
                self._init_file()  # only without flock (Windows); made under the turnstile otherwise
            try:
                conn = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None)
            except sqlite3.Error as e:
                raise SessionStoreError(f"Cannot open the sessions file {self.path}: {e}") from e
            try:
                conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA secure_delete = ON")
                self._ensure_schema(conn)
                yield conn
            except sqlite3.DatabaseError as e:
                raise SessionStoreError(f"The sessions file {self.path} cannot be used: {e}") from e
            finally:
                conn.close()

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        version = self._version(conn)
        if version == SCHEMA_VERSION:
            return
        if version is not None and version > SCHEMA_VERSION:
            raise SessionStoreError(
                f"The sessions file {self.path} was written by a newer skillgraph (schema {version}, "
                f"this one reads {SCHEMA_VERSION}); update skillgraph to open it"
            )
        conn.execute("BEGIN IMMEDIATE")
        try:
            if (self._version(conn) or 0) < SCHEMA_VERSION:  # re-checked under the write lock
                # Every statement is CREATE … IF NOT EXISTS: schema 1 files gain the new tables.
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR REPLACE INTO schema_info (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int | None:
        row = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_info'").fetchone()
        if row is None:
            return None
        value = conn.execute("SELECT value FROM schema_info WHERE key = 'schema_version'").fetchone()
        return int(value[0]) if value else None

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection, mode: str) -> Iterator[None]:
        conn.execute(f"BEGIN {mode}")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- reading ------------------------------------------------------------------------------
    def list_sessions(self) -> list[SessionSummary]:
        with self._connect(create=False) as conn:
            if conn is None:
                return []
            with self._transaction(conn, "DEFERRED"):
                rows = conn.execute(
                    """
                    SELECT s.id, s.alias, s.current_role, s.created_at, s.updated_at,
                           (SELECT COUNT(*) FROM shortlist l WHERE l.session_id = s.id),
                           (SELECT COUNT(*) FROM session_skills k WHERE k.session_id = s.id)
                    FROM sessions s ORDER BY s.updated_at DESC, s.id
                    """
                ).fetchall()
        return [SessionSummary(r[0], r[1], r[2], r[5], r[6], r[3], r[4]) for r in rows]

    def get(self, session_id: str) -> Session:
        with self._connect(create=False) as conn:
            if conn is None:
                raise SessionNotFoundError(f"No saved session {session_id!r} (no session has been saved on this machine)")
            with self._transaction(conn, "DEFERRED"):
                return self._read(conn, session_id)

    def _read(self, conn: sqlite3.Connection, session_id: str) -> Session:
        row = conn.execute(
            "SELECT id, alias, current_role, notes, created_at, updated_at, revision FROM sessions WHERE id = ?",
            (session_id,),
        ).fetchone()
        if row is None:
            raise SessionNotFoundError(f"No saved session {session_id!r}; `skillgraph sessions list` shows the saved ones")
        skills = tuple(
            r[0]
            for r in conn.execute("SELECT skill_id FROM session_skills WHERE session_id = ? ORDER BY position", (session_id,))
        )
        interests = dict(
            conn.execute("SELECT area, answer FROM session_interests WHERE session_id = ?", (session_id,)).fetchall()
        )
        actions: dict[str, list[tuple[str, str]]] = {}
        for role_id, skill_id, action in conn.execute(
            "SELECT role_id, skill_id, action FROM next_actions WHERE session_id = ? ORDER BY role_id, position", (session_id,)
        ):
            actions.setdefault(role_id, []).append((skill_id, action))
        dismissed: dict[str, list[str]] = {}
        for role_id, skill_id in conn.execute(
            "SELECT role_id, skill_id FROM dismissed_gaps WHERE session_id = ? ORDER BY role_id, position", (session_id,)
        ):
            dismissed.setdefault(role_id, []).append(skill_id)
        shortlist = tuple(
            ShortlistEntry(role_id, reason, tuple(actions.get(role_id, ())), tuple(dismissed.get(role_id, ())))
            for role_id, reason in conn.execute(
                "SELECT role_id, reason FROM shortlist WHERE session_id = ? ORDER BY position", (session_id,)
            )
        )
        return Session(
            alias=row[1],
            current_role=row[2],
            skills=skills,
            interests=tuple((a, int(interests[a])) for a in INTEREST_AREAS if a in interests),
            notes=row[3],
            shortlist=shortlist,
            id=row[0],
            created_at=row[4],
            updated_at=row[5],
            revision=row[6],
        )

    # -- writing ------------------------------------------------------------------------------
    def save(self, session: Session) -> Session:
        session = validate(session)
        with self._connect(create=True) as conn, self._transaction(conn, "IMMEDIATE"):
            stamp = now()
            if not session.id:
                session_id = self._new_id(conn)
                conn.execute(
                    "INSERT INTO sessions (id, alias, current_role, notes, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, 1)",
                    (session_id, session.alias, session.current_role, session.notes, stamp, stamp),
                )
            else:
                session_id = session.id
                row = conn.execute("SELECT revision FROM sessions WHERE id = ?", (session_id,)).fetchone()
                if row is None:
                    raise SessionNotFoundError(f"No saved session {session_id!r}; it may have been deleted")
                if row[0] != session.revision:
                    raise _conflict(session.alias, row[0], session.revision)
                conn.execute(
                    "UPDATE sessions SET alias = ?, current_role = ?, notes = ?, updated_at = ?, revision = revision + 1 WHERE id = ?",
                    (session.alias, session.current_role, session.notes, stamp, session_id),
                )
                for table in _CHILD_TABLES:
                    conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))  # fixed table names, never input
            conn.executemany(
                "INSERT INTO session_skills (session_id, position, skill_id) VALUES (?, ?, ?)",
                [(session_id, i, s) for i, s in enumerate(session.skills)],
            )
            conn.executemany(
                "INSERT INTO session_interests (session_id, area, answer) VALUES (?, ?, ?)",
                [(session_id, a, v) for a, v in session.interests],
            )
            conn.executemany(
                "INSERT INTO shortlist (session_id, position, role_id, reason) VALUES (?, ?, ?, ?)",
                [(session_id, i, e.role_id, e.reason) for i, e in enumerate(session.shortlist)],
            )
            conn.executemany(
                "INSERT INTO next_actions (session_id, role_id, position, skill_id, action) VALUES (?, ?, ?, ?, ?)",
                [
                    (session_id, e.role_id, i, skill_id, action)
                    for e in session.shortlist
                    for i, (skill_id, action) in enumerate(e.next_actions)
                ],
            )
            conn.executemany(
                "INSERT INTO dismissed_gaps (session_id, role_id, position, skill_id) VALUES (?, ?, ?, ?)",
                [(session_id, e.role_id, i, skill_id) for e in session.shortlist for i, skill_id in enumerate(e.dismissed)],
            )
            return self._read(conn, session_id)

    @staticmethod
    def _new_id(conn: sqlite3.Connection) -> str:
        while True:
            candidate = secrets.token_hex(5)
            if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate

    def delete(self, session_id: str) -> None:
        with self._connect(create=False) as conn:
            if conn is None:
                raise SessionNotFoundError(f"No saved session {session_id!r}")
            with self._transaction(conn, "IMMEDIATE"):
                deleted = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
            if not deleted:
                raise SessionNotFoundError(f"No saved session {session_id!r}")
            # Fold the WAL back so the deleted rows leave the log file too.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def delete_all(self) -> list[str]:
        """Remove every trace: the database file, its -wal, -shm and -journal files and the
        lock files, with no connection open meanwhile (see the module docstring).

        Returns the files removed. The folder is removed too when nothing else is in it.
        """
        removed: list[str] = []
        with self._guard(exclusive=True, create=False) as present:
            for path in (self.path, *(self.path.with_name(self.path.name + s) for s in _COMPANIONS)):
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                removed.append(str(path))
            if present:
                # Removed while held: an operation waiting on them starts over on new ones.
                for suffix in _LOCKS:
                    with contextlib.suppress(FileNotFoundError):
                        self._lock_path(suffix).unlink()
        with contextlib.suppress(OSError):
            self.path.parent.rmdir()  # only succeeds when empty
        return removed

    def files(self) -> list[Path]:
        """The files that currently hold session data (for the privacy notice)."""
        return [p for p in (self.path, *(self.path.with_name(self.path.name + s) for s in _COMPANIONS)) if p.exists()]

    # -- drafts -----------------------------------------------------------------------------------
    def get_draft(self, draft_id: str) -> Draft | None:
        with self._connect(create=False) as conn:
            if conn is None:
                return None
            row = conn.execute("SELECT payload, updated_at, revision FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return draft_from_payload(draft_id, row[0], row[1], row[2]) if row else None

    def save_draft(self, draft: Draft) -> Draft:
        session = validate(draft.session, draft=True)
        draft = Draft(draft.id, session, draft.saved_digest, draft.updated_at, draft.revision)
        stamp = now()
        payload = draft_payload(draft)
        with self._connect(create=True) as conn, self._transaction(conn, "IMMEDIATE"):
            if draft.revision == 0:
                conn.execute("DELETE FROM drafts WHERE updated_at < ?", (_cutoff(),))
                conn.execute(
                    "INSERT INTO drafts (id, payload, updated_at, revision) VALUES (?, ?, ?, 1)", (draft.id, payload, stamp)
                )
                revision = 1
            else:
                row = conn.execute("SELECT revision FROM drafts WHERE id = ?", (draft.id,)).fetchone()
                if row is None:
                    raise DraftGoneError("This working copy was deleted (Delete everything, or it was unused for too long)")
                revision = row[0] + 1
                conn.execute(
                    "UPDATE drafts SET payload = ?, updated_at = ?, revision = ? WHERE id = ?",
                    (payload, stamp, revision, draft.id),
                )
        return Draft(draft.id, session, draft.saved_digest, stamp, revision)

    def delete_draft(self, draft_id: str) -> None:
        with self._connect(create=False) as conn:
            if conn is not None:
                with self._transaction(conn, "IMMEDIATE"):
                    conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
