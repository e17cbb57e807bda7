"""Parity over the fixture world: every public query gives the same answer from the
embedded store and from the Bolt server holding the same graph."""

from __future__ import annotations

import dataclasses

import pytest
from parity import compare_occupations, differences, outcome

from skillgraph.queries.export import export_similar
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.search import resolve_occupation, search_occupations, search_skills

pytestmark = pytest.mark.integration


def test_the_harness_notices_differences():
    # A parity suite is only worth something if its comparison can fail.
    @dataclasses.dataclass(frozen=True)
    class Row:
        id: str
        score: float
        items: tuple

    base = Row("a", 0.5, ("x", "y"))
    assert differences(base, Row("a", 0.5 + 5e-10, ("x", "y"))) == []
    assert differences(base, Row("a", 0.5 + 2e-9, ("x", "y")))
    assert differences(base, Row("a", 0.5, ("y", "x")))  # order matters
    assert differences(base, Row("a", 0.5, ["x", "y"]))  # tuple vs list matters
    assert differences(("ok", 1), ("error", "StoreUnavailableError: …"))


def test_meta_counts_and_settings_agree(fixture_store, fixture_neo4j):
    expected, actual = fixture_store.meta(), fixture_neo4j.meta()
    assert actual.backend == "neo4j" and actual.complete
    for name in ("versions", "node_counts", "edge_counts", "built_at", "sources", "skipped", "notes", "similarity"):
        assert getattr(actual, name) == getattr(expected, name), name
    assert fixture_neo4j.live_counts() == (expected.node_counts, expected.edge_counts)
    assert "esco_threshold" in actual.similarity


def test_every_public_query_agrees_for_every_fixture_occupation(fixture_store, fixture_neo4j):
    ids = fixture_store.occupation_ids()
    assert {fixture_store.node(i)["source"] for i in ids} == {"ESCO", "O*NET"}
    count, problems = compare_occupations(fixture_store, fixture_neo4j, ids)
    assert count > 20 * len(ids) / 2
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    "text, options",
    [
        ("project manager", {}),
        ("projekt manger", {"limit": 3}),
        ("software developer", {"source": "O*NET"}),
        ("developer", {"source": "ESCO"}),
        ("ict", {"limit": 50}),
    ],
)
def test_occupation_search_agrees(fixture_store, fixture_neo4j, text, options):
    expected = outcome(lambda s: search_occupations(s, text, **options), fixture_store)
    assert expected[0] == "ok"
    assert differences(expected, outcome(lambda s: search_occupations(s, text, **options), fixture_neo4j)) == []


@pytest.mark.parametrize("text", ["manage budgets", "python", "project management", "communication"])
def test_skill_search_and_resolution_agree(fixture_store, fixture_neo4j, text):
    for query in (
        lambda s: search_skills(s, text, limit=20, source=None),
        lambda s: search_skills(s, text),
        lambda s: resolve_occupation(s, text),
    ):
        assert differences(outcome(query, fixture_store), outcome(query, fixture_neo4j)) == []


def test_errors_agree_for_unknown_ids(fixture_store, fixture_neo4j):
    for query in (
        lambda s: occupation_profile(s, "http://data.europa.eu/esco/occupation/no-such-id"),
        lambda s: match_skills(s, ["http://data.europa.eu/esco/skill/no-such-skill"]),
        lambda s: resolve_occupation(s, "zzzz qqqq"),
    ):
        expected = outcome(query, fixture_store)
        assert expected[0] == "error"
        assert differences(expected, outcome(query, fixture_neo4j)) == []


def test_match_skills_with_a_mixed_set_agrees(fixture_store, fixture_neo4j):
    concepts = sorted(
        {r["id"] for rows in fixture_store.requirements(fixture_store.occupation_ids("ESCO")).values() for r in rows}
    )
    assert len(concepts) > 10
    for chosen in (concepts[::3], concepts[1::5], concepts[:2]):
        for source in ("ESCO", "O*NET"):
            query = lambda s: match_skills(s, chosen, limit=50, source=source)
            assert differences(outcome(query, fixture_store), outcome(query, fixture_neo4j)) == []


def test_export_writes_the_same_file(fixture_store, fixture_neo4j, tmp_path):
    counts_memory = export_similar(fixture_store, tmp_path / "memory.csv", top=10)
    counts_neo4j = export_similar(fixture_neo4j, tmp_path / "neo4j.csv", top=10)
    assert counts_memory == counts_neo4j and counts_memory["rows"] > 0
    assert (tmp_path / "memory.csv").read_bytes() == (tmp_path / "neo4j.csv").read_bytes()


def test_store_primitives_agree(fixture_store, fixture_neo4j):
    # The rows under the public queries, including the corners they do not reach.
    ids = fixture_store.occupation_ids()
    concepts = sorted({r["id"] for rows in fixture_store.requirements(ids).values() for r in rows})
    groups = sorted({r["group_id"] for rows in fixture_store.requirements(ids).values() for r in rows})
    others = ["no-such-id", concepts[0], groups[0]]
    pairs = [
        ("nodes", lambda s: s.nodes([*ids, *concepts, *others])),
        ("occupation_ids", lambda s: (s.occupation_ids(), s.occupation_ids("ESCO"), s.occupation_ids("O*NET"))),
        ("occupation entries", lambda s: list(s.occupation_search_entries())),
        ("skill entries", lambda s: list(s.skill_search_entries())),
        ("requirements", lambda s: s.requirements([*ids, *others])),
        ("technologies", lambda s: [s.technologies(i) for i in [*ids, *others]]),
        ("onet_matches", lambda s: [s.onet_matches(i) for i in [*ids, *others]]),
        ("hierarchy", lambda s: [s.hierarchy(i) for i in [*ids, *others]]),
        ("similar", lambda s: [(s.similar(i), s.similar(i, limit=2), s.similar(i, limit=0)) for i in [*ids, *others]]),
        ("related_concepts", lambda s: s.related_concepts([*concepts, *others])),
        ("space_ids", lambda s: [s.space_ids(src) for src in ("ESCO", "O*NET", "x")]),
        ("score_rows", lambda s: s.score_rows([*ids, *others])),
        ("transitions", lambda s: [s.transitions(src) for src in ("ESCO", "O*NET", "x")]),
    ]
    problems = []
    for name, query in pairs:
        problems += [f"{name}: {d}" for d in differences(query(fixture_store), query(fixture_neo4j))]
    assert not problems, "\n".join(problems)
