"""Helpers for the Bolt-server tests: ad-hoc statements, wiping, loading a store once planned."""

from __future__ import annotations

import os

import neo4j
from neo4j import RoutingControl

from skillgraph.graph.cypher import cypher
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.neo4j_loader import LoadPlan, LoadResult, load_graph, plan_load
from skillgraph.graph.neo4j_store import describe_address
from skillgraph.graph.settings import Settings


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def run(driver: neo4j.Driver, settings: Settings, query: str, **params) -> list[neo4j.Record]:
    """A test's own ad-hoc statement (assertions about the stored graph)."""
    records, _, _ = driver.execute_query(query, params, database_=settings.neo4j_database)
    return records


def wipe(driver: neo4j.Driver, settings: Settings) -> None:
    """Delete every skillgraph node (and the marker) with the loader's own statement."""
    while driver.execute_query(
        cypher("wipe_batch").text, {"batch": 10_000}, routing_=RoutingControl.WRITE, database_=settings.neo4j_database
    ).records[0]["deleted"]:
        pass


_plans: dict[int, LoadPlan] = {}


def plan_for(store: MemoryStore) -> LoadPlan:
    """The load plan of a session-wide store, computed once."""
    if id(store) not in _plans:
        _plans[id(store)] = plan_load(store)
    return _plans[id(store)]


def load(driver: neo4j.Driver, settings: Settings, store: MemoryStore, **options) -> LoadResult:
    """Load ``store`` into the test server (nothing happens when it already holds it)."""
    return load_graph(driver, plan_for(store), database=settings.neo4j_database, address=describe_address(settings), **options)
