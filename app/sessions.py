"""Saved counselling sessions: a private SQLite file on this machine, nothing else.

Where: ``sessions.sqlite3`` in :attr:`graph.settings.Settings.home_dir`
(``SKILLGRAPH_HOME``, default ``~/.local/share/skillgraph``), created on first save,
readable by the user only (mode 0600 in a 0700 folder). Nothing is sent anywhere.

What a session holds: a client alias (no real name needed), the current role, the skill
profile, the interest answers (RIASEC, 1–5), counsellor notes, a shortlist of up to
:data:`MAX_SHORTLIST` roles, each with the reason it was chosen and a next action per
skill gap, and when it was created and last updated.

Concurrency: several app users (processes or threads) may read and write at once.
Every write is one ``BEGIN IMMEDIATE`` transaction (the session row and its skills,
interests, shortlist and actions together), every read one transaction over a WAL
snapshot, with a busy timeout — so nobody ever sees half of someone else's save. Each
save bumps ``revision``; saving an edit made from an older revision raises
:class:`SessionConflictError` instead of silently overwriting the other person's work.
Deleted rows are overwritten on disk (``secure_delete``); :meth:`SessionStore.delete_all`
removes the database file with its ``-wal``, ``-shm`` and ``-journal`` companions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from skillgraph.graph.errors import InvalidArgumentError, SkillgraphError
from skillgraph.graph.model import INTEREST_AREAS
from skillgraph.graph.settings import Settings

__all__ = [
    "SCHEMA_VERSION",
    "MAX_SHORTLIST",
    "DB_NAME",
    "ShortlistEntry",
    "Session",
    "SessionSummary",
    "SessionStore",
    "SessionNotFoundError",
    "SessionConflictError",
    "SessionStoreError",
]

SCHEMA_VERSION = 1
MAX_SHORTLIST = 5
DB_NAME = "sessions.sqlite3"
MAX_ALIAS = 80
MAX_NOTES = 20_000
MAX_TEXT = 2_000
_BUSY_MS = 10_000
_COMPANIONS = ("-wal", "-shm", "-journal")


class SessionStoreError(SkillgraphError):
    """The sessions file cannot be used (unreadable, newer schema, disk problem)."""


class SessionNotFoundError(SkillgraphError, LookupError):
    """No saved session has this id."""


class SessionConflictError(SkillgraphError):
    """Someone saved the session after it was opened; reopen it to see their changes."""


@dataclass(frozen=True)
class ShortlistEntry:
    """A role on the shortlist: why it was chosen, and a next action per skill gap."""

    role_id: str
    reason: str = ""
    next_actions: tuple[tuple[str, str], ...] = ()  # (skill id, action) in the counsellor's order

    @property
    def actions(self) -> dict[str, str]:
        return dict(self.next_actions)


@dataclass(frozen=True)
class Session:
    """One client's session. ``id`` is '' until the session is first saved."""

    alias: str
    current_role: str = ""
    skills: tuple[str, ...] = ()
    interests: tuple[tuple[str, int], ...] = ()  # (RIASEC area, 1–5), in RIASEC order
    notes: str = ""
    shortlist: tuple[ShortlistEntry, ...] = ()
    id: str = ""
    created_at: str = ""
    updated_at: str = ""
    revision: int = 0

    @property
    def interest_answers(self) -> dict[str, int]:
        return dict(self.interests)

    def edit(self, **changes) -> Session:
        """A copy with some fields changed (same id and revision: save it to store it)."""
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A line of the sessions list."""

    id: str
    alias: str
    current_role: str
    shortlisted: int
    skills: int
    created_at: str
    updated_at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _check_text(name: str, value: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{name} must be text, got {type(value).__name__}")
    if len(value) > limit:
        raise InvalidArgumentError(f"{name} is {len(value):,} characters long; at most {limit:,} are kept")
    return value


def _validate(session: Session) -> Session:
    alias = _check_text("The client alias", session.alias, MAX_ALIAS).strip()
    if not alias:
        raise InvalidArgumentError("Give the client an alias (initials or a nickname; no real name is needed)")
    _check_text("The counsellor notes", session.notes, MAX_NOTES)
    _check_text("The current role", session.current_role, MAX_TEXT)
    skills = tuple(dict.fromkeys(_check_text("A skill id", s, MAX_TEXT) for s in session.skills))
    interests = []
    seen = set()
    for area, value in session.interests:
        if area not in INTEREST_AREAS:
            raise InvalidArgumentError(f"Unknown interest area {area!r}; use one of {', '.join(INTEREST_AREAS)}")
        if area in seen:
            raise InvalidArgumentError(f"Interest area {area} is answered twice")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise InvalidArgumentError(f"The answer for {area} must be 1–5, got {value!r}")
        seen.add(area)
        interests.append((area, value))
    interests.sort(key=lambda t: INTEREST_AREAS.index(t[0]))
    if len(session.shortlist) > MAX_SHORTLIST:
        raise InvalidArgumentError(f"A shortlist holds at most {MAX_SHORTLIST} roles, got {len(session.shortlist)}")
    roles = [e.role_id for e in session.shortlist]
    if len(set(roles)) != len(roles):
        raise InvalidArgumentError("A role appears twice on the shortlist")
    for entry in session.shortlist:
        _check_text("A shortlisted role", entry.role_id, MAX_TEXT)
        if not entry.role_id:
            raise InvalidArgumentError("A shortlisted role has no id")
        if session.current_role and entry.role_id == session.current_role:
            raise InvalidArgumentError("The current role cannot be on its own shortlist")
        _check_text("A reason", entry.reason, MAX_TEXT)
        for skill_id, action in entry.next_actions:
            _check_text("A skill id", skill_id, MAX_TEXT)
            _check_text("A next action", action, MAX_TEXT)
    return replace(session, alias=alias, skills=skills, interests=tuple(interests))


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
"""


class SessionStore:
    """The saved sessions of this machine (one SQLite file; see the module docstring).

    Each operation opens its own short connection, so instances are cheap, safe to share
    between threads, and leave no open file behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionStore:
        """The store in ``settings.home_dir`` (``SKILLGRAPH_HOME``)."""
        return cls(Path(settings.home_dir) / DB_NAME)

    # -- connections --------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def _create_file(self) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        os.close(fd)

    @contextlib.contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection | None]:
        if not self.path.exists():
            if not create:
                yield None
                return
            self._create_file()
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
            if self._version(conn) is None:  # re-checked under the write lock
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
        """Every saved session, most recently updated first."""
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
        """The saved session ``session_id`` (SessionNotFoundError if there is none)."""
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
        shortlist = tuple(
            ShortlistEntry(role_id, reason, tuple(actions.get(role_id, ())))
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
        """Store ``session`` and return it as stored (with id, times and the new revision).

        A session without id is created; one with an id replaces the stored version,
        which must still be at ``session.revision`` (else SessionConflictError).
        """
        session = _validate(session)
        with self._connect(create=True) as conn, self._transaction(conn, "IMMEDIATE"):
            now = _now()
            if not session.id:
                session_id = self._new_id(conn)
                conn.execute(
                    "INSERT INTO sessions (id, alias, current_role, notes, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, 1)",
                    (session_id, session.alias, session.current_role, session.notes, now, now),
                )
            else:
                session_id = session.id
                row = conn.execute("SELECT revision FROM sessions WHERE id = ?", (session_id,)).fetchone()
                if row is None:
                    raise SessionNotFoundError(f"No saved session {session_id!r}; it may have been deleted")
                if row[0] != session.revision:
                    raise SessionConflictError(
                        f"Session {session.alias!r} was changed by someone else since it was opened "
                        f"(revision {row[0]}, yours {session.revision}); reopen it and apply your changes again"
                    )
                conn.execute(
                    "UPDATE sessions SET alias = ?, current_role = ?, notes = ?, updated_at = ?, revision = revision + 1 WHERE id = ?",
                    (session.alias, session.current_role, session.notes, now, session_id),
                )
                for table in ("session_skills", "session_interests", "shortlist", "next_actions"):
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
                    if action.strip()
                ],
            )
            return self._read(conn, session_id)

    def create(
        self,
        alias: str,
        *,
        current_role: str = "",
        skills: Sequence[str] = (),
        interests: Mapping[str, int] | None = None,
        notes: str = "",
        shortlist: Sequence[ShortlistEntry] = (),
    ) -> Session:
        """Create and store a new session."""
        return self.save(
            Session(
                alias=alias,
                current_role=current_role,
                skills=tuple(skills),
                interests=tuple((interests or {}).items()),
                notes=notes,
                shortlist=tuple(shortlist),
            )
        )

    @staticmethod
    def _new_id(conn: sqlite3.Connection) -> str:
        while True:
            candidate = secrets.token_hex(5)
            if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate

    def delete(self, session_id: str) -> None:
        """Delete one session (SessionNotFoundError if there is none)."""
        with self._connect(create=False) as conn:
            if conn is None:
                raise SessionNotFoundError(f"No saved session {session_id!r}")
            with self._transaction(conn, "IMMEDIATE"):
                deleted = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
            if not deleted:
                raise SessionNotFoundError(f"No saved session {session_id!r}")
            # Fold the WAL back so the deleted rows leave the log file too.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def delete_all(self) -> list[Path]:
        """Remove every trace: the database file and its -wal, -shm and -journal files.

        Returns the files removed. The folder is removed too when nothing else is in it.
        """
        removed = []
        for path in (self.path, *(self.path.with_name(self.path.name + s) for s in _COMPANIONS)):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
        with contextlib.suppress(OSError):
            self.path.parent.rmdir()  # only succeeds when empty
        return removed

    def files(self) -> list[Path]:
        """The files that currently hold session data (for the privacy notice)."""
        return [p for p in (self.path, *(self.path.with_name(self.path.name + s) for s in _COMPANIONS)) if p.exists()]
