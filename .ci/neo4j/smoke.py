"""Smoke test of a running .ci/neo4j-server.sh server with the official neo4j driver.

    eval "$(bash .ci/neo4j-server.sh env)" && python .ci/neo4j/smoke.py [--gds]

Reads SKILLGRAPH_NEO4J_URI, _USER, _PASSWORD and _DATABASE. Prints one line per check and
'N passed, N failed' at the end; exits non-zero on any failure. Leaves no data behind.
"""

import os
import sys
import time

import neo4j
from neo4j.exceptions import AuthError

URI = os.environ["SKILLGRAPH_NEO4J_URI"]
USER = os.environ.get("SKILLGRAPH_NEO4J_USER", "neo4j")
PASSWORD = os.environ["SKILLGRAPH_NEO4J_PASSWORD"]
DATABASE = os.environ.get("SKILLGRAPH_NEO4J_DATABASE", "skillgraph")

results = []


def check(name):
    def wrap(fn):
        t0 = time.perf_counter()
        try:
            detail = fn()
            results.append(True)
            print(f"ok    {name} ({time.perf_counter() - t0:.2f} s){': ' + str(detail) if detail else ''}")
        except Exception as e:  # noqa: BLE001 - report every failure, go on
            results.append(False)
            print(f"FAIL  {name}: {type(e).__name__}: {e}")
        return fn

    return wrap


driver = neo4j.GraphDatabase.driver(URI, auth=(USER, PASSWORD))


@check("connect and RETURN 1")
def _():
    driver.verify_connectivity()
    records, _, _ = driver.execute_query("RETURN 1 AS one", database_=DATABASE)
    assert records[0]["one"] == 1
    return driver.get_server_info().agent


@check("the named database is the default and online")
def _():
    records, _, _ = driver.execute_query("SHOW DATABASES YIELD name, default, currentStatus", database_="system")
    dbs = {r["name"]: (r["default"], r["currentStatus"]) for r in records}
    assert dbs.get(DATABASE.lower()) == (True, "online"), dbs
    return dbs


@check("create and match nodes")
def _():
    driver.execute_query("CREATE (:SmokeSkill {id: 's1'})-[:SMOKE_REL]->(:SmokeSkill {id: 's2'})", database_=DATABASE)
    records, _, _ = driver.execute_query(
        "MATCH (a:SmokeSkill)-[:SMOKE_REL]->(b:SmokeSkill) RETURN a.id AS a, b.id AS b", database_=DATABASE
    )
    assert [(r["a"], r["b"]) for r in records] == [("s1", "s2")], records


@check("wrong password gives AuthError 6 times in a row, the right one still works")
def _():
    for _ in range(6):
        with neo4j.GraphDatabase.driver(URI, auth=(USER, "wrong-password")) as bad:
            try:
                bad.verify_connectivity()
            except AuthError:
                continue
            raise AssertionError("a wrong password was accepted")
    with neo4j.GraphDatabase.driver(URI, auth=(USER, PASSWORD)) as good:
        records, _, _ = good.execute_query("RETURN 2 AS two", database_=DATABASE)
        assert records[0]["two"] == 2


@check("CREATE CONSTRAINT ... IF NOT EXISTS (twice)")
def _():
    for _ in range(2):
        driver.execute_query(
            "CREATE CONSTRAINT smoke_skill_id IF NOT EXISTS FOR (s:SmokeSkill) REQUIRE s.id IS UNIQUE", database_=DATABASE
        )
    driver.execute_query("CREATE INDEX smoke_skill_name IF NOT EXISTS FOR (s:SmokeSkill) ON (s.name)", database_=DATABASE)


@check("UNWIND $rows AS row MERGE ...")
def _():
    rows = [{"id": f"s{i}", "name": f"skill {i}"} for i in range(1, 1001)]
    for _ in range(2):  # idempotent
        driver.execute_query(
            "UNWIND $rows AS row MERGE (s:SmokeSkill {id: row.id}) SET s.name = row.name", rows=rows, database_=DATABASE
        )
    records, _, _ = driver.execute_query("MATCH (s:SmokeSkill) RETURN count(s) AS n", database_=DATABASE)
    assert records[0]["n"] == 1000, records


@check("SHOW INDEXES")
def _():
    driver.execute_query("CALL db.awaitIndexes(60)", database_=DATABASE)
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties", database_=DATABASE)
    by_name = {r["name"]: r for r in records}
    for name in ("smoke_skill_id", "smoke_skill_name"):
        assert by_name[name]["state"] == "ONLINE", by_name
    return sorted(by_name)


if "--gds" in sys.argv:

    @check("CALL gds.version()")
    def _():
        records, _, _ = driver.execute_query("CALL gds.version() YIELD gdsVersion RETURN gdsVersion", database_=DATABASE)
        return records[0]["gdsVersion"]

    @check("gds.graph.project + gds.nodeSimilarity.stream")
    def _():
        driver.execute_query(
            "UNWIND [['r1', ['a', 'b', 'c']], ['r2', ['a', 'b']], ['r3', ['c']]] AS x "
            "MERGE (r:SmokeRole {id: x[0]}) WITH r, x UNWIND x[1] AS k "
            "MERGE (s:SmokeSkill {id: 'g-' + k}) MERGE (r)-[:SMOKE_NEEDS]->(s)",
            database_=DATABASE,
        )
        driver.execute_query("CALL gds.graph.project('smoke', ['SmokeRole', 'SmokeSkill'], 'SMOKE_NEEDS')", database_=DATABASE)
        try:
            records, _, _ = driver.execute_query(
                "CALL gds.nodeSimilarity.stream('smoke') YIELD node1, node2, similarity "
                "RETURN gds.util.asNode(node1).id AS a, gds.util.asNode(node2).id AS b, similarity "
                "ORDER BY a, b",
                database_=DATABASE,
            )
        finally:
            driver.execute_query("CALL gds.graph.drop('smoke') YIELD graphName RETURN graphName", database_=DATABASE)
        sims = {(r["a"], r["b"]): round(r["similarity"], 4) for r in records}
        assert sims[("r1", "r2")] == round(2 / 3, 4), sims  # Jaccard {a,b,c} vs {a,b}
        assert sims[("r1", "r3")] == round(1 / 3, 4), sims
        return sims


@check("clean up")
def _():
    driver.execute_query("MATCH (n) WHERE n:SmokeSkill OR n:SmokeRole DETACH DELETE n", database_=DATABASE)
    driver.execute_query("DROP CONSTRAINT smoke_skill_id IF EXISTS", database_=DATABASE)
    driver.execute_query("DROP INDEX smoke_skill_name IF EXISTS", database_=DATABASE)


driver.close()
failed = results.count(False)
print(f"{results.count(True)} passed, {failed} failed")
sys.exit(1 if failed else 0)
