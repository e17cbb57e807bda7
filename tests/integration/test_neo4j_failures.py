"""What happens when things go wrong: no server, a silent server, a wrong password, no
data, an interrupted load — and that loading is idempotent."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from bolt_helpers import load, run, wipe

from skillgraph.app.workspace import open_store
from skillgraph.graph.errors import StoreAuthError, StoreUnavailableError
from skillgraph.graph.neo4j_loader import LoadVerificationError
from skillgraph.graph.neo4j_store import Neo4jStore
from skillgraph.graph.settings import Settings

pytestmark = pytest.mark.integration

SECRET = "not-the-password-7f3a"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_is_reported_with_its_address_within_5_seconds():
    port = closed_port()
    settings = Settings(backend="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}", neo4j_password=SECRET)
    start = time.monotonic()
    with pytest.raises(StoreUnavailableError) as info:
        open_store(settings)  # the CLI's and the app's way in
    assert time.monotonic() - start < 5.0
    message = str(info.value)
    assert f"bolt://127.0.0.1:{port}" in message
    assert "SKILLGRAPH_NEO4J_URI" in message
    assert SECRET not in message


def test_a_server_that_never_answers_is_reported_within_5_seconds():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])  # accept, then never say a word
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        settings = Settings(backend="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}", neo4j_password=SECRET)
        start = time.monotonic()
        with pytest.raises(StoreUnavailableError, match=f"127.0.0.1:{port}"):
            Neo4jStore.connect(settings)
        assert time.monotonic() - start < 5.0
        assert accepted, "the driver never connected, so the test proved nothing about timeouts"
    finally:
        listener.close()
        for conn in accepted:
            conn.close()


def test_an_address_that_is_not_bolt_is_refused_with_the_allowed_schemes():
    settings = Settings(backend="neo4j", neo4j_uri="http://127.0.0.1:7474")
    with pytest.raises(StoreUnavailableError, match="bolt://"):
        Neo4jStore.connect(settings)


#: A log-in on a loaded two-core machine can take longer than the default 2.5 s; these tests
#: are about the refusal being an AuthError, so they wait for the answer (the time bounds are
#: the unreachable and silent servers' tests above).
PATIENT = 60.0


def test_wrong_password_is_a_clear_auth_error_without_the_password(neo4j_driver, neo4j_settings):
    settings = neo4j_settings.with_(neo4j_password=SECRET, neo4j_connect_timeout=PATIENT)
    with pytest.raises(StoreAuthError) as info:
        Neo4jStore.connect(settings)
    message = str(info.value)
    assert "refused the credentials" in message
    assert "SKILLGRAPH_NEO4J_PASSWORD" in message
    assert neo4j_settings.neo4j_uri in message
    assert SECRET not in message and SECRET not in repr(info.value)
    assert isinstance(info.value, StoreUnavailableError)  # front doors catching the parent still work


def test_the_password_appears_in_no_repr_or_meta(fixture_neo4j, neo4j_settings):
    password = neo4j_settings.neo4j_password
    assert password, "the test server should need a password"
    assert password not in repr(fixture_neo4j)
    assert password not in repr(neo4j_settings)
    assert password not in repr(fixture_neo4j.meta())


def test_an_empty_database_says_to_load(neo4j_driver, neo4j_settings):
    wipe(neo4j_driver, neo4j_settings)
    with pytest.raises(StoreUnavailableError) as info:
        Neo4jStore.connect(neo4j_settings)
    assert "skillgraph load --target neo4j" in str(info.value)
    assert "no load marker" in str(info.value)


def live_state(driver, settings) -> dict:
    """Counts per kind and type, plus any duplicate ids or relationships."""
    nodes = {
        r["kind"]: (r["n"], r["ids"])
        for r in run(
            driver,
            settings,
            "MATCH (n) WHERE n.kind IS NOT NULL RETURN n.kind AS kind, count(n) AS n, count(DISTINCT n.id) AS ids",
        )
    }
    edges = {r["type"]: r["n"] for r in run(driver, settings, "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n")}
    duplicates = run(
        driver,
        settings,
        "MATCH (a)-[r]->(b) WITH type(r) AS type, a, b, count(r) AS n WHERE n > 1 RETURN count(*) AS duplicates",
    )[0]["duplicates"]
    return {"nodes": nodes, "edges": edges, "duplicate_edges": duplicates}


def marker_complete(driver, settings):
    records = run(driver, settings, "MATCH (m:SkillgraphLoad) RETURN m.complete AS complete")
    return [r["complete"] for r in records]


def test_an_interrupted_load_is_visible_and_a_rerun_completes_it_without_duplicates(neo4j_driver, neo4j_settings, fixture_store):
    wipe(neo4j_driver, neo4j_settings)
    clean = load(neo4j_driver, neo4j_settings, fixture_store, node_batch=4, edge_batch=15)
    assert clean.mode == "fresh"
    expected = live_state(neo4j_driver, neo4j_settings)
    assert expected["duplicate_edges"] == 0
    assert all(n == ids for n, ids in expected["nodes"].values())
    assert sum(n for n, _ in expected["nodes"].values()) == sum(fixture_store.meta().node_counts.values())

    wipe(neo4j_driver, neo4j_settings)
    seen: list[str] = []

    def fail_midway(phase: str, done: int, total: int) -> None:
        seen.append(phase)
        if seen.count("REQUIRES") == 2:
            raise RuntimeError("injected failure after the second REQUIRES batch")

    with pytest.raises(RuntimeError, match="injected failure"):
        load(neo4j_driver, neo4j_settings, fixture_store, node_batch=4, edge_batch=15, progress=fail_midway)
    assert marker_complete(neo4j_driver, neo4j_settings) == [False]
    partial = live_state(neo4j_driver, neo4j_settings)
    assert partial["nodes"] == expected["nodes"]  # every node batch ran before REQUIRES
    assert 0 < partial["edges"].get("REQUIRES", 0) < expected["edges"]["REQUIRES"]
    assert "SIMILAR_TO" not in partial["edges"]
    with pytest.raises(StoreUnavailableError) as info:
        Neo4jStore.connect(neo4j_settings)
    assert "did not finish" in str(info.value) and "skillgraph load --target neo4j" in str(info.value)

    rerun = load(neo4j_driver, neo4j_settings, fixture_store, node_batch=4, edge_batch=15)
    assert rerun.mode == "resumed" and rerun.wiped == 0
    assert live_state(neo4j_driver, neo4j_settings) == expected
    assert marker_complete(neo4j_driver, neo4j_settings) == [True]
    store = Neo4jStore.connect(neo4j_settings)
    try:
        assert store.meta().complete
        assert store.live_counts() == (fixture_store.meta().node_counts, fixture_store.meta().edge_counts)
    finally:
        store.close()


def test_loading_twice_leaves_the_same_counts(neo4j_driver, neo4j_settings, fixture_store):
    load(neo4j_driver, neo4j_settings, fixture_store)
    before = live_state(neo4j_driver, neo4j_settings)
    again = load(neo4j_driver, neo4j_settings, fixture_store, force=True)  # MERGE over everything
    assert again.mode == "resumed" and again.wiped == 0
    assert sum(again.rows.values()) >= sum(fixture_store.meta().edge_counts.values())
    assert live_state(neo4j_driver, neo4j_settings) == before
    assert before["duplicate_edges"] == 0
    unchanged = load(neo4j_driver, neo4j_settings, fixture_store)
    assert unchanged.mode == "unchanged"
    assert live_state(neo4j_driver, neo4j_settings) == before


def test_data_changed_behind_the_loads_back_is_replaced(neo4j_driver, neo4j_settings, fixture_store):
    load(neo4j_driver, neo4j_settings, fixture_store)
    before = live_state(neo4j_driver, neo4j_settings)
    run(neo4j_driver, neo4j_settings, "CREATE (:Occupation {id: $id, kind: 'Occupation', label: 'stray'})", id="stray-occupation")
    result = load(neo4j_driver, neo4j_settings, fixture_store)
    assert result.mode == "fresh" and result.wiped > 0
    assert live_state(neo4j_driver, neo4j_settings) == before
    assert not run(neo4j_driver, neo4j_settings, "MATCH (o:Occupation {id: $id}) RETURN o", id="stray-occupation")


def test_a_load_by_another_version_is_refused_and_replaced(neo4j_driver, neo4j_settings, fixture_store):
    load(neo4j_driver, neo4j_settings, fixture_store)
    before = live_state(neo4j_driver, neo4j_settings)
    run(neo4j_driver, neo4j_settings, "MATCH (m:SkillgraphLoad) SET m.format = $old", old="0")
    with pytest.raises(StoreUnavailableError, match="another skillgraph version"):
        Neo4jStore.connect(neo4j_settings)
    result = load(neo4j_driver, neo4j_settings, fixture_store)
    assert result.mode == "fresh" and result.wiped > 0
    assert live_state(neo4j_driver, neo4j_settings) == before
    Neo4jStore.connect(neo4j_settings).close()


def test_stray_data_during_a_resumed_load_fails_verification(neo4j_driver, neo4j_settings, fixture_store):
    wipe(neo4j_driver, neo4j_settings)

    def stop(phase: str, done: int, total: int) -> None:
        if phase == "USES":
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        load(neo4j_driver, neo4j_settings, fixture_store, progress=stop)
    run(neo4j_driver, neo4j_settings, "CREATE (:Technology {id: $id, kind: 'Technology', label: 'stray'})", id="stray-tech")
    with pytest.raises(LoadVerificationError, match="Technology"):
        load(neo4j_driver, neo4j_settings, fixture_store)
    assert marker_complete(neo4j_driver, neo4j_settings) == [False]
    wipe(neo4j_driver, neo4j_settings)


def test_wiping_leaves_other_labels_alone(neo4j_driver, neo4j_settings, fixture_store):
    run(neo4j_driver, neo4j_settings, "CREATE (:SomebodyElses {id: $id})", id="keep-me")
    try:
        load(neo4j_driver, neo4j_settings, fixture_store)
        wipe(neo4j_driver, neo4j_settings)
        assert (
            run(neo4j_driver, neo4j_settings, "MATCH (n:SomebodyElses {id: $id}) RETURN count(n) AS n", id="keep-me")[0]["n"] == 1
        )
        assert marker_complete(neo4j_driver, neo4j_settings) == []
    finally:
        run(neo4j_driver, neo4j_settings, "MATCH (n:SomebodyElses) DELETE n")
