"""Saved counselling sessions and the drafts of open browser tabs.

The model and the store interface are in :mod:`skillgraph.app.session_model`; the stores:

- :class:`SessionStore` (:mod:`skillgraph.app.sessions_sqlite`) — the default: one private
  SQLite file, ``sessions.sqlite3`` in ``SKILLGRAPH_HOME``, for one machine;
- :class:`PostgresSessionStore` (:mod:`skillgraph.app.sessions_postgres`) — for several app
  machines sharing one Neo4j graph: ``SKILLGRAPH_SESSIONS_URL=postgresql://…``.

:func:`open_session_store` picks the one the environment asks for. Export and import of
one session as a versioned JSON file are in :mod:`skillgraph.app.session_files`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from skillgraph.app.session_model import (
    DRAFT_DAYS,
    MAX_ALIAS,
    MAX_NOTES,
    MAX_SHORTLIST,
    MAX_SKILLS,
    MAX_TEXT,
    Draft,
    DraftGoneError,
    Session,
    SessionConflictError,
    SessionNotFoundError,
    SessionStoreBase,
    SessionStoreError,
    SessionSummary,
    ShortlistEntry,
    content_digest,
    new_draft_id,
    validate,
)
from skillgraph.app.sessions_postgres import PostgresSessionStore, redact_url
from skillgraph.app.sessions_sqlite import DB_NAME, SCHEMA_VERSION, SessionStore
from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.settings import Settings

__all__ = [
    "SCHEMA_VERSION",
    "MAX_SHORTLIST",
    "MAX_ALIAS",
    "MAX_NOTES",
    "MAX_TEXT",
    "MAX_SKILLS",
    "DRAFT_DAYS",
    "DB_NAME",
    "ShortlistEntry",
    "Session",
    "SessionSummary",
    "Draft",
    "SessionStoreBase",
    "SessionStore",
    "PostgresSessionStore",
    "SessionNotFoundError",
    "SessionConflictError",
    "SessionStoreError",
    "DraftGoneError",
    "SESSIONS_URL",
    "open_session_store",
    "content_digest",
    "new_draft_id",
    "validate",
    "redact_url",
]

#: The environment variable that moves sessions to a PostgreSQL server.
SESSIONS_URL = "SKILLGRAPH_SESSIONS_URL"


def open_session_store(settings: Settings, env: Mapping[str, str] | None = None) -> SessionStoreBase:
    """The sessions store the environment asks for: PostgreSQL when
    ``SKILLGRAPH_SESSIONS_URL`` is a ``postgresql://`` (or ``postgres://``) address, else the
    SQLite file in ``settings.home_dir``. Read when called, never at import.

    >>> from pathlib import Path
    >>> open_session_store(Settings(home_dir=Path("/tmp/h")), env={}).location()
    '/tmp/h/sessions.sqlite3'
    >>> open_session_store(Settings(), env={SESSIONS_URL: "postgresql://u:pw@db/s"}).location()
    'PostgreSQL at postgresql://u:***@db/s'
    """
    env = os.environ if env is None else env
    url = (env.get(SESSIONS_URL) or "").strip()
    if not url:
        return SessionStore.from_settings(settings)
    if not url.startswith(("postgresql://", "postgres://")):
        raise InvalidArgumentError(
            f"{SESSIONS_URL} must be a postgresql:// address (got {redact_url(url)!r}); unset it to keep sessions in "
            f"the local file {settings.home_dir / DB_NAME}"
        )
    return PostgresSessionStore(url)
