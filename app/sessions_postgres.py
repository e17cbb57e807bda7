"""Saved sessions and drafts in a PostgreSQL database, for a careers service running the
app on several machines against one graph (``SKILLGRAPH_BACKEND=neo4j``): the sessions are
then the only state the app machines hold, and they must see the same ones.

Selected with ``SKILLGRAPH_SESSIONS_URL=postgresql://user:password@host:5432/dbname`` (any
libpq connection string works); SQLite stays the default. Uses psycopg 3
(``pip install 'skillgraph[postgres]'``).

Same guarantees as the SQLite store:

* a save is one transaction that first locks the session's row (``SELECT … FOR UPDATE``),
  checks the revision (:class:`SessionConflictError` when someone saved since) and then
  replaces the skills, interests, shortlist, actions and dismissed gaps;
* reads run in one ``REPEATABLE READ`` transaction, so a session is read from one
  snapshot even while it is being saved;
* :meth:`delete_all` is one ``TRUNCATE`` of every table in one transaction: it waits for
  the saves under way and runs before the next ones, which then find an empty store.
  TRUNCATE also gives the tables new files on disk, so the deleted rows do not linger
  there until a vacuum.

The tables are created on first use (``current_role`` is a reserved word in SQL: the
column is ``current_occupation``) (under an advisory lock, so two app machines starting
together do not race) in the connection's schema; their names start with ``skillgraph_``.
The password is never shown: :meth:`location` prints the address without it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

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

__all__ = ["SCHEMA_VERSION", "PostgresSessionStore", "redact_url"]

SCHEMA_VERSION = 2
_RETRIES = 5

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS skillgraph_schema_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS skillgraph_sessions (
        id TEXT PRIMARY KEY, alias TEXT NOT NULL, current_occupation TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS skillgraph_session_skills (
        session_id TEXT NOT NULL REFERENCES skillgraph_sessions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, skill_id TEXT NOT NULL, PRIMARY KEY (session_id, position))""",
    """CREATE TABLE IF NOT EXISTS skillgraph_session_interests (
        session_id TEXT NOT NULL REFERENCES skillgraph_sessions(id) ON DELETE CASCADE,
        area TEXT NOT NULL, answer INTEGER NOT NULL CHECK (answer BETWEEN 1 AND 5), PRIMARY KEY (session_id, area))""",
    """CREATE TABLE IF NOT EXISTS skillgraph_shortlist (
        session_id TEXT NOT NULL REFERENCES skillgraph_sessions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, role_id TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (session_id, position))""",
    """CREATE TABLE IF NOT EXISTS skillgraph_next_actions (
        session_id TEXT NOT NULL REFERENCES skillgraph_sessions(id) ON DELETE CASCADE,
        role_id TEXT NOT NULL, position INTEGER NOT NULL, skill_id TEXT NOT NULL, action TEXT NOT NULL,
        PRIMARY KEY (session_id, role_id, position))""",
    """CREATE TABLE IF NOT EXISTS skillgraph_dismissed_gaps (
        session_id TEXT NOT NULL REFERENCES skillgraph_sessions(id) ON DELETE CASCADE,
        role_id TEXT NOT NULL, position INTEGER NOT NULL, skill_id TEXT NOT NULL, PRIMARY KEY (session_id, role_id, position))""",
    """CREATE TABLE IF NOT EXISTS skillgraph_drafts (
        id TEXT PRIMARY KEY, payload TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL)""",
)
_CHILD_TABLES = (
    "skillgraph_session_skills",
    "skillgraph_session_interests",
    "skillgraph_shortlist",
    "skillgraph_next_actions",
    "skillgraph_dismissed_gaps",
)
_ALL_TABLES = ("skillgraph_sessions", *_CHILD_TABLES, "skillgraph_drafts")
_LOCK_KEY = 0x5E55_1095  # the advisory lock taken while creating the tables


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (URL and key=value forms).

    >>> redact_url("postgresql://counsel:s3cret@db:5432/sessions")
    'postgresql://counsel:***@db:5432/sessions'
    >>> redact_url("host=db password=s3cret dbname=x")
    'host=db password=*** dbname=x'
    """
    url = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", url, flags=re.IGNORECASE)


@dataclass
class PostgresSessionStore(SessionStoreBase):
    """Sessions in PostgreSQL (see the module docstring). Each operation uses its own
    short connection, so an instance is safe to share between threads."""

    url: str = field(repr=False)
    connect_timeout: int = 5
    kind: str = field(default="PostgreSQL", init=False)
    _ready: bool = field(default=False, init=False, repr=False)

    def location(self) -> str:
        return f"PostgreSQL at {redact_url(self.url)}"

    # -- connections ------------------------------------------------------------------------------
    def _psycopg(self):
        try:
            import psycopg
        except ImportError as e:
            raise SessionStoreError(
                "SKILLGRAPH_SESSIONS_URL names a PostgreSQL database, but psycopg is not installed; "
                "install it with pip install 'skillgraph[postgres]' (or unset SKILLGRAPH_SESSIONS_URL to use the local file)"
            ) from e
        return psycopg

    @contextlib.contextmanager
    def _connect(self) -> Iterator:
        psycopg = self._psycopg()
        try:
            conn = psycopg.connect(self.url, connect_timeout=self.connect_timeout, autocommit=False)
        except psycopg.Error as e:
            raise SessionStoreError(
                f"Cannot reach the sessions database {redact_url(self.url)}: {_first_line(e)}. "
                "Check SKILLGRAPH_SESSIONS_URL and that the server is running"
            ) from e
        try:
            if not self._ready:
                self._ensure_schema(conn)
            yield conn
        finally:
            conn.close()

    def _ensure_schema(self, conn) -> None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            exists = conn.execute("SELECT to_regclass('skillgraph_schema_info') IS NOT NULL").fetchone()[0]
            version = None
            if exists:
                row = conn.execute("SELECT value FROM skillgraph_schema_info WHERE key = 'schema_version'").fetchone()
                version = int(row[0]) if row else None
            if version is not None and version > SCHEMA_VERSION:
                raise SessionStoreError(
                    f"The sessions database {redact_url(self.url)} was written by a newer skillgraph (schema {version}, "
                    f"this one reads {SCHEMA_VERSION}); update skillgraph on this machine"
                )
            if version != SCHEMA_VERSION:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO skillgraph_schema_info (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    (str(SCHEMA_VERSION),),
                )
        self._ready = True

    def _run(self, work, *, read_only: bool = False):
        """Run ``work(conn)`` in one transaction, retried on a deadlock or serialization failure."""
        psycopg = self._psycopg()
        from psycopg import errors

        for attempt in range(_RETRIES):
            with self._connect() as conn:
                try:
                    if read_only:
                        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    result = work(conn)
                    conn.commit()
                    return result
                except (errors.DeadlockDetected, errors.SerializationFailure, errors.UndefinedTable):
                    conn.rollback()
                    self._ready = False  # an UndefinedTable means the tables must be made again
                    if attempt == _RETRIES - 1:
                        raise
                except psycopg.Error as e:
                    conn.rollback()
                    raise SessionStoreError(f"The sessions database {redact_url(self.url)} failed: {_first_line(e)}") from e
                except BaseException:
                    conn.rollback()
                    raise
        raise AssertionError("unreachable")

    # -- reading ------------------------------------------------------------------------------
    def list_sessions(self) -> list[SessionSummary]:
        def work(conn):
            return conn.execute(
                """
                SELECT s.id, s.alias, s.current_occupation, s.created_at, s.updated_at,
                       (SELECT COUNT(*) FROM skillgraph_shortlist l WHERE l.session_id = s.id),
                       (SELECT COUNT(*) FROM skillgraph_session_skills k WHERE k.session_id = s.id)
                FROM skillgraph_sessions s ORDER BY s.updated_at DESC, s.id
                """
            ).fetchall()

        return [SessionSummary(r[0], r[1], r[2], r[5], r[6], r[3], r[4]) for r in self._run(work, read_only=True)]

    def get(self, session_id: str) -> Session:
        return self._run(lambda conn: self._read(conn, session_id), read_only=True)

    def _read(self, conn, session_id: str) -> Session:
        row = conn.execute(
            "SELECT id, alias, current_occupation, notes, created_at, updated_at, revision FROM skillgraph_sessions WHERE id = %s",
            (session_id,),
        ).fetchone()
        if row is None:
            raise SessionNotFoundError(f"No saved session {session_id!r}; `skillgraph sessions list` shows the saved ones")
        skills = tuple(
            r[0]
            for r in conn.execute(
                "SELECT skill_id FROM skillgraph_session_skills WHERE session_id = %s ORDER BY position", (session_id,)
            )
        )
        interests = dict(
            conn.execute("SELECT area, answer FROM skillgraph_session_interests WHERE session_id = %s", (session_id,)).fetchall()
        )
        actions: dict[str, list[tuple[str, str]]] = {}
        for role_id, skill_id, action in conn.execute(
            "SELECT role_id, skill_id, action FROM skillgraph_next_actions WHERE session_id = %s ORDER BY role_id, position",
            (session_id,),
        ):
            actions.setdefault(role_id, []).append((skill_id, action))
        dismissed: dict[str, list[str]] = {}
        for role_id, skill_id in conn.execute(
            "SELECT role_id, skill_id FROM skillgraph_dismissed_gaps WHERE session_id = %s ORDER BY role_id, position",
            (session_id,),
        ):
            dismissed.setdefault(role_id, []).append(skill_id)
        shortlist = tuple(
            ShortlistEntry(role_id, reason, tuple(actions.get(role_id, ())), tuple(dismissed.get(role_id, ())))
            for role_id, reason in conn.execute(
                "SELECT role_id, reason FROM skillgraph_shortlist WHERE session_id = %s ORDER BY position", (session_id,)
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

        def work(conn):
            stamp = now()
            if not session.id:
                while True:
                    session_id = secrets.token_hex(5)
                    inserted = conn.execute(
                        "INSERT INTO skillgraph_sessions (id, alias, current_occupation, notes, created_at, updated_at, revision) "
                        "VALUES (%s, %s, %s, %s, %s, %s, 1) ON CONFLICT (id) DO NOTHING",
                        (session_id, session.alias, session.current_role, session.notes, stamp, stamp),
                    ).rowcount
                    if inserted:
                        break
            else:
                session_id = session.id
                row = conn.execute("SELECT revision FROM skillgraph_sessions WHERE id = %s FOR UPDATE", (session_id,)).fetchone()
                if row is None:
                    raise SessionNotFoundError(f"No saved session {session_id!r}; it may have been deleted")
                if row[0] != session.revision:
                    raise _conflict(session.alias, row[0], session.revision)
                conn.execute(
                    "UPDATE skillgraph_sessions SET alias = %s, current_occupation = %s, notes = %s, updated_at = %s, "
                    "revision = revision + 1 WHERE id = %s",
                    (session.alias, session.current_role, session.notes, stamp, session_id),
                )
                for table in _CHILD_TABLES:
                    conn.execute(f"DELETE FROM {table} WHERE session_id = %s", (session_id,))  # fixed names, never input
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO skillgraph_session_skills (session_id, position, skill_id) VALUES (%s, %s, %s)",
                    [(session_id, i, s) for i, s in enumerate(session.skills)],
                )
                cur.executemany(
                    "INSERT INTO skillgraph_session_interests (session_id, area, answer) VALUES (%s, %s, %s)",
                    [(session_id, a, v) for a, v in session.interests],
                )
                cur.executemany(
                    "INSERT INTO skillgraph_shortlist (session_id, position, role_id, reason) VALUES (%s, %s, %s, %s)",
                    [(session_id, i, e.role_id, e.reason) for i, e in enumerate(session.shortlist)],
                )
                cur.executemany(
                    "INSERT INTO skillgraph_next_actions (session_id, role_id, position, skill_id, action) VALUES (%s, %s, %s, %s, %s)",
                    [(session_id, e.role_id, i, s, a) for e in session.shortlist for i, (s, a) in enumerate(e.next_actions)],
                )
                cur.executemany(
                    "INSERT INTO skillgraph_dismissed_gaps (session_id, role_id, position, skill_id) VALUES (%s, %s, %s, %s)",
                    [(session_id, e.role_id, i, s) for e in session.shortlist for i, s in enumerate(e.dismissed)],
                )
            return self._read(conn, session_id)

        return self._run(work)

    def delete(self, session_id: str) -> None:
        def work(conn):
            return conn.execute("DELETE FROM skillgraph_sessions WHERE id = %s", (session_id,)).rowcount

        if not self._run(work):
            raise SessionNotFoundError(f"No saved session {session_id!r}")

    def delete_all(self) -> list[str]:
        """Every session and draft, in one TRUNCATE (the tables stay, empty)."""

        def work(conn):
            counts = conn.execute(
                "SELECT (SELECT COUNT(*) FROM skillgraph_sessions), (SELECT COUNT(*) FROM skillgraph_drafts)"
            ).fetchone()
            conn.execute("TRUNCATE " + ", ".join(_ALL_TABLES))  # fixed names, never input
            return counts

        sessions, drafts = self._run(work)
        return [f"{sessions} saved session(s) and {drafts} draft(s) in {self.location()}"]

    # -- drafts -----------------------------------------------------------------------------------
    def get_draft(self, draft_id: str) -> Draft | None:
        def work(conn):
            return conn.execute(
                "SELECT payload, updated_at, revision FROM skillgraph_drafts WHERE id = %s", (draft_id,)
            ).fetchone()

        row = self._run(work, read_only=True)
        return draft_from_payload(draft_id, row[0], row[1], row[2]) if row else None

    def save_draft(self, draft: Draft) -> Draft:
        session = validate(draft.session, draft=True)
        draft = Draft(draft.id, session, draft.saved_digest, draft.updated_at, draft.revision)
        payload = draft_payload(draft)

        def work(conn):
            stamp = now()
            if draft.revision == 0:
                cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=DRAFT_DAYS)).isoformat(timespec="microseconds")
                conn.execute("DELETE FROM skillgraph_drafts WHERE updated_at < %s", (cutoff,))
                conn.execute(
                    "INSERT INTO skillgraph_drafts (id, payload, updated_at, revision) VALUES (%s, %s, %s, 1)",
                    (draft.id, payload, stamp),
                )
                return stamp, 1
            row = conn.execute(
                "UPDATE skillgraph_drafts SET payload = %s, updated_at = %s, revision = revision + 1 WHERE id = %s "
                "RETURNING revision",
                (payload, stamp, draft.id),
            ).fetchone()
            if row is None:
                raise DraftGoneError("This working copy was deleted (Delete everything, or it was unused for too long)")
            return stamp, row[0]

        stamp, revision = self._run(work)
        return Draft(draft.id, session, draft.saved_digest, stamp, revision)

    def delete_draft(self, draft_id: str) -> None:
        self._run(lambda conn: conn.execute("DELETE FROM skillgraph_drafts WHERE id = %s", (draft_id,)))

    def drop_tables(self) -> None:
        """Remove skillgraph's tables (for tests and for leaving a database clean)."""
        self._run(lambda conn: conn.execute("DROP TABLE IF EXISTS " + ", ".join((*_ALL_TABLES, "skillgraph_schema_info"))))
        self._ready = False


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
