"""Parity over the full official data: the whole graph loaded into the Bolt server, then
every public query asked about a fixed sample of ESCO and O*NET occupations.

Runs after the fixture-world tests (file order), since loading the full data replaces
whatever the server held; it is loaded once per session (skipped when the server already
holds exactly this data).
"""

from __future__ import annotations

import pytest
from bolt_helpers import load
from parity import compare_occupations, differences, outcome

from skillgraph.graph.neo4j_store import Neo4jStore
from skillgraph.queries.export import export_similar
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.search import search_occupations

pytestmark = [pytest.mark.integration, pytest.mark.data]

#: The seed profile's roles: ESCO's ICT project manager and O*NET's IT project managers.
SEED_LABELS = ("ICT project manager", "Information Technology Project Managers")


@pytest.fixture(scope="module")
def full_neo4j(neo4j_driver, neo4j_settings, full_store):
    result = load(neo4j_driver, neo4j_settings, full_store)
    store = Neo4jStore.connect(neo4j_settings)
    store.load_result = result  # for the load test below
    yield store
    store.close()


def sample(store, per_source: dict[str, int]) -> list[str]:
    """Evenly spaced occupations of each source (sorted ids), plus the seed's two roles."""
    chosen: list[str] = []
    for source, n in per_source.items():
        ids = store.occupation_ids(source)
        step = len(ids) / n
        chosen += [ids[int(i * step)] for i in range(n)]
    by_label = {e.text: e.id for e in store.occupation_search_entries() if e.field == "label"}
    chosen += [by_label[label] for label in SEED_LABELS if by_label.get(label) not in chosen]
    return chosen


def test_the_full_graph_is_loaded_completely(full_store, full_neo4j):
    meta = full_store.meta()
    assert full_neo4j.meta().complete
    assert full_neo4j.live_counts() == (meta.node_counts, meta.edge_counts)
    for name in ("versions", "node_counts", "edge_counts", "skipped", "notes", "similarity"):
        assert getattr(full_neo4j.meta(), name) == getattr(meta, name), name
    assert sum(meta.edge_counts.values()) > 300_000  # really the full data, not a fixture
    assert full_neo4j.load_result.mode in ("fresh", "resumed", "unchanged")


def test_every_public_query_agrees_for_a_sample_of_occupations(full_store, full_neo4j):
    ids = sample(full_store, {"ESCO": 40, "O*NET": 20})
    assert len(set(ids)) >= 50
    # The text queries (fuzzy matching in Python over the same search entries) for every
    # fourth occupation: they take most of the time and agree once the entries do.
    count, problems = compare_occupations(full_store, full_neo4j, ids, text_every=4)
    assert count >= 50 * 25
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:40])


def test_searches_agree(full_store, full_neo4j):
    for text, options in [
        ("it project manager", {}),
        ("data scientist", {"limit": 20}),
        ("nurse", {"source": "O*NET", "limit": 30}),
        ("truck driver", {"limit": 15}),
        ("softwre developr", {}),
    ]:
        query = lambda s: search_occupations(s, text, **options)
        expected = outcome(query, full_store)
        assert expected[0] == "ok" and expected[1]
        assert differences(expected, outcome(query, full_neo4j)) == [], text


def test_match_skills_agrees_on_larger_skill_sets(full_store, full_neo4j):
    ids = sample(full_store, {"ESCO": 5, "O*NET": 3})
    rows = full_store.requirements(ids)
    for occupation_id in ids:
        chosen = [r["id"] for r in rows[occupation_id]][:25]
        source = full_store.node(occupation_id)["source"]
        query = lambda s: match_skills(s, chosen, limit=50, source=source)
        assert differences(outcome(query, full_store), outcome(query, full_neo4j)) == [], occupation_id


def test_export_of_every_occupation_is_identical(full_store, full_neo4j, tmp_path):
    counts = export_similar(full_store, tmp_path / "memory.csv", top=5)
    assert export_similar(full_neo4j, tmp_path / "neo4j.csv", top=5) == counts
    assert counts["rows"] > 15_000
    assert (tmp_path / "memory.csv").read_bytes() == (tmp_path / "neo4j.csv").read_bytes()
