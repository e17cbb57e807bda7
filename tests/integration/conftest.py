"""Fixtures for the tests against a real Bolt server.

The address comes from the environment, as for the program: ``SKILLGRAPH_NEO4J_URI``,
``_USER``, ``_PASSWORD``, ``_DATABASE`` (``bash scripts/test.sh`` starts a real Neo4j 5.26
Community server with ``.ci/neo4j-server.sh`` and exports them; any Neo4j 5 works). Without
``SKILLGRAPH_NEO4J_URI`` the server tests skip — except on CI (``CI=true``), where that is
a failure, so a pipeline that forgot the server cannot pass by skipping.

The tests wipe every skillgraph node in that database and load their own data: point
them at a scratch database, never at one whose skillgraph data you want to keep.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import neo4j
import pytest
from bolt_helpers import load, on_ci
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from skillgraph.graph.neo4j_store import Neo4jStore, describe_address
from skillgraph.graph.settings import Settings

SERVER_WAIT = 60.0


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    """Settings naming the test server (skip without one; fail on CI)."""
    if not os.environ.get("SKILLGRAPH_NEO4J_URI", "").strip():
        message = (
            "SKILLGRAPH_NEO4J_URI is not set: the Bolt-server tests need a server "
            '(bash scripts/test.sh starts one; or bash .ci/neo4j-server.sh start && eval "$(bash .ci/neo4j-server.sh env)")'
        )
        if on_ci():
            pytest.fail(message + " — on CI the server must be there", pytrace=False)
        pytest.skip(message)
    return Settings.from_env().with_(backend="neo4j")


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    """A driver to the test server, once it answers (waits up to a minute)."""
    s = neo4j_settings
    driver = GraphDatabase.driver(s.neo4j_uri, auth=(s.neo4j_user, s.neo4j_password), connection_timeout=3.0)
    deadline = time.monotonic() + SERVER_WAIT
    while True:
        try:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1 AS ok", database_=s.neo4j_database)
            break
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as e:
            if time.monotonic() > deadline:
                driver.close()
                pytest.fail(f"the Bolt server at {describe_address(s)} did not answer within {SERVER_WAIT:.0f} s: {e}")
            time.sleep(0.5)
    yield driver
    driver.close()


@pytest.fixture
def fixture_neo4j(neo4j_driver, neo4j_settings, fixture_store) -> Iterator[Neo4jStore]:
    """A Neo4jStore over the fixture world (loaded unless the server already holds it)."""
    load(neo4j_driver, neo4j_settings, fixture_store)
    store = Neo4jStore.connect(neo4j_settings)
    yield store
    store.close()
