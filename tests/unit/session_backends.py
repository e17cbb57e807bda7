"""The two session stores for the tests: SQLite in a temporary folder, and PostgreSQL on the
server named by ``SKILLGRAPH_TEST_POSTGRES_URL`` (``.ci/postgres-server.sh start`` prints it),
each test in a schema of its own that is dropped afterwards.

Without that variable the PostgreSQL cases are skipped — except on CI (``CI=true``), where
that is a failure.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote

import pytest

from skillgraph.app.sessions import PostgresSessionStore, SessionStore, SessionStoreBase

POSTGRES_ENV = "SKILLGRAPH_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgres")


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        message = f'the PostgreSQL cases need {POSTGRES_ENV} (eval "$(bash .ci/postgres-server.sh start)")'
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " — on CI the server must run", pytrace=False)
        pytest.skip(message)
    return url


def with_schema(url: str, schema: str) -> str:
    """``url`` whose connections use ``schema`` (libpq's options parameter)."""
    return url + ("&" if "?" in url else "?") + "options=" + quote(f"-c search_path={schema}")


def make_store(kind: str, where: str) -> SessionStoreBase:
    """A store from what a worker process is handed: a path, or a URL."""
    return SessionStore(Path(where)) if kind == "sqlite" else PostgresSessionStore(where)


class Backend:
    """One store for one test: ``store``, and ``where`` to open it again in another process."""

    def __init__(self, kind: str, tmp_path: Path) -> None:
        self.kind = kind
        self.schema = ""
        if kind == "sqlite":
            self.where = str(tmp_path / "home" / "sessions.sqlite3")
        else:
            import psycopg

            base = postgres_url()
            self.schema = "t_" + secrets.token_hex(6)
            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {self.schema}")  # a random name made here, never input
            self.base = base
            self.where = with_schema(base, self.schema)
        self.store = make_store(kind, self.where)

    def close(self) -> None:
        if self.kind == "postgres":
            import psycopg

            with psycopg.connect(self.base, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
