"""The engine's all-pairs results (queries.engine) and the queries that read them, on the
fixture world and on hand-built graphs: one coverage definition everywhere, families, other
fields, the hybrid ESCO score, and k-best paths equal to brute force."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.queries.credit import credits, held_from_rows
from skillgraph.queries.engine import EngineSettings, build_index, credit_matrix
from skillgraph.queries.explain import compare_rows
from skillgraph.queries.occupation_table import minor_group, occupation_table
from skillgraph.queries.pathways import (
    TransitionGraph,
    _k_best,
    explain_no_route,
    paths_from_profile,
    progression_paths,
    transition_graph,
)
from skillgraph.queries.similar_roles import similar_roles


@pytest.fixture(scope="module")
def ids(fixture_ids):
    return fixture_ids


def test_coverage_matrix_is_the_explanations_coverage_for_every_pair(fixture_store):
    # The one definition: the engine's n × n matrix equals what compare_rows explains.
    for source in ("ESCO", "O*NET"):
        space = fixture_store.index.spaces[source]
        rows = fixture_store.requirements(space.ids)
        checked = 0
        for a, b in itertools.permutations(range(len(space.ids)), 2):
            explained = compare_rows(fixture_store, rows[space.ids[a]], rows[space.ids[b]], source).coverage
            stored = float(space.coverage[a, b])
            if explained is None:
                assert np.isnan(stored)
            else:
                assert stored == pytest.approx(explained, abs=1e-6), (space.ids[a], space.ids[b])
                checked += 1
        assert checked > 10


def test_credit_matrix_is_the_credit_definition(fixture_store):
    space = fixture_store.index.spaces["ESCO"]
    rows = fixture_store.requirements(space.ids)
    related = fixture_store.related_concepts(space.concept_ids)
    matrix = credit_matrix(space.has, space.relation)
    for i, occupation in enumerate(space.ids):
        held = held_from_rows(rows[occupation], "ESCO")
        expected = {c: v.value for c, v in credits(space.concept_ids, held, related).items() if v.value > 0}
        row = matrix[i]
        got = {space.concept_ids[j]: float(v) for j, v in zip(row.indices, row.data, strict=True)}
        assert got == pytest.approx(expected)


def test_scores_are_kept_for_every_pair_and_rank_the_full_list(fixture_store, ids):
    origin = ids["ICT project manager"]
    space = fixture_store.index.spaces["ESCO"]
    i = space.position[origin]
    listed = similar_roles(fixture_store, origin, limit=100, group_families=False)
    expected = [space.ids[j] for j in np.argsort(-space.score[i], kind="stable") if j != i and space.score[i, j] > 0]
    assert [r.target.id for r in listed.roles] == expected
    assert listed.candidates == len(space.ids) - 1
    assert [r.rank for r in listed.roles] == list(range(1, len(expected) + 1))


def test_one_entry_per_family_and_the_others_counted(fixture_store, ids):
    result = similar_roles(fixture_store, ids["ICT project manager"], limit=10)
    families = [fixture_store.node(r.target.id)["family_id"] for r in result.roles]
    assert len(families) == len(set(families))
    developers = next(r for r in result.roles if r.target.label == "software developer")
    assert {f.label for f in developers.family} == {"web developer", "mobile app developer", "user interface developer"}
    assert all(fixture_store.node(f.id)["family_id"] == families[result.roles.index(developers)] for f in developers.family)


def test_other_fields_leave_the_family_and_the_minor_group(fixture_store, ids):
    origin = fixture_store.node(ids["ICT project manager"])
    result = similar_roles(fixture_store, ids["ICT project manager"], limit=10, other_fields=True)
    assert result.roles
    for role in result.roles:
        assert role.other_field
        assert fixture_store.node(role.target.id)["family_id"] != origin["family_id"]
        assert minor_group(role.target) != origin["isco_code"][:3]
    # Realistic moves come first.
    flags = [r.viable for r in result.roles]
    assert flags == sorted(flags, reverse=True)


def test_families_follow_the_hierarchy_within_a_unit_group():
    from tiny_graphs import esco_world

    graph = esco_world()
    graph.add_node("D", kind="Occupation", id="D", label="deputy", source="ESCO", isco_code="2512", job_zone=4)
    graph.add_edge("D", "s1", kind="REQUIRES", relation="essential")
    graph.add_edge("D", "B", kind="BROADER")  # narrower of B, same unit group → one family
    space = build_index(graph, EngineSettings(fixed_threshold=0.1, family_similarity=1.01)).spaces["ESCO"]
    family = dict(zip(space.ids, space.family.tolist(), strict=True))
    assert family["D"] == family["B"]
    assert family["A"] != family["B"] and family["C"] != family["B"]


def test_the_threshold_is_never_below_the_percentile_floor(full_free_world):
    space = full_free_world.spaces["ESCO"]
    assert space.threshold_percentile >= 95.0 - 1e-6
    assert space.threshold >= space.calibrated_threshold


@pytest.fixture
def full_free_world():
    """A world big enough to calibrate: 30 occupations in 3 unit groups, overlapping skills."""
    graph = nx.DiGraph()
    rng = np.random.default_rng(7)
    for s in range(60):
        graph.add_node(f"s{s}", kind="Skill", id=f"s{s}", label=f"skill {s}", source="ESCO", group_id="")
    for o in range(30):
        graph.add_node(f"o{o}", kind="Occupation", id=f"o{o}", label=f"role {o}", source="ESCO", isco_code=f"25{o % 3}1")
        base = (o % 3) * 20
        for s in rng.choice(20, size=8, replace=False):
            graph.add_edge(f"o{o}", f"s{base + s}", kind="REQUIRES", relation="essential")
        for s in rng.choice(60, size=3, replace=False):
            graph.add_edge(f"o{o}", f"s{s}", kind="REQUIRES", relation="optional")
    return build_index(graph, EngineSettings())


def test_hybrid_score_adds_the_onet_evidence_of_the_matches():
    from tiny_graphs import esco_world

    graph = esco_world()
    for code, interests in (("11-1011.00", (1, 2, 3, 4, 6, 5)), ("13-1071.00", (1, 3, 3, 6, 5, 4))):
        graph.add_node(code, kind="Occupation", id=code, label=code, source="O*NET", interests=interests)
    graph.add_node("15-1252.00", kind="Occupation", id="15-1252.00", label="dev", source="O*NET", interests=(2, 6, 3, 2, 2, 5))
    graph.add_edge("A", "11-1011.00", kind="SAME_AS", confidence=1.0, inherited=False)
    graph.add_edge("B", "13-1071.00", kind="SAME_AS", confidence=1.0, inherited=False)
    graph.add_edge("C", "13-1071.00", kind="SAME_AS", confidence=1.0, inherited=False)
    index = build_index(graph, EngineSettings(fixed_threshold=0.1))
    esco = index.spaces["ESCO"]
    p = esco.position
    concepts, onet = esco.parts["concepts"].astype(np.float32), esco.parts["onet"].astype(np.float32)
    # B and C share their match: O*NET cannot tell them apart, so only the concept part counts.
    assert np.isnan(onet[p["B"], p["C"]])
    assert esco.score[p["B"], p["C"]] == pytest.approx(concepts[p["B"], p["C"]], abs=1e-3)
    # A and B have different matches: the O*NET part is their O*NET similarity.
    onet_space = index.spaces["O*NET"]
    q = onet_space.position
    assert onet[p["A"], p["B"]] == pytest.approx(onet_space.score[q["11-1011.00"], q["13-1071.00"]], abs=2e-3)
    assert esco.score[p["A"], p["B"]] != pytest.approx(concepts[p["A"], p["B"]], abs=1e-4)


def _brute_force(tg: TransitionGraph, start: int, goal: int, k: int, max_steps: int, bound: int):
    graph = nx.DiGraph()
    for a in range(len(tg.ids)):
        for e in range(tg.indptr[a], tg.indptr[a + 1]):
            b = int(tg.indices[e])
            za, zb = tg.zones[a], tg.zones[b]
            if za == 0 or zb == 0 or abs(za - zb) <= bound:
                graph.add_edge(a, b, cost=float(tg.cost[e]))
    if start not in graph or goal not in graph:
        return []
    paths = []
    for path in nx.all_simple_paths(graph, start, goal, cutoff=max_steps):
        cost = sum(graph.edges[u, v]["cost"] for u, v in itertools.pairwise(path))
        paths.append((round(cost, 9), len(path), tuple(path[1:])))
    paths.sort()
    return [(c, p) for c, _, p in paths[:k]]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_k_best_paths_equal_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = 40
    mask = rng.random((n, n)) < 0.12
    np.fill_diagonal(mask, False)
    rows, cols = np.nonzero(mask)
    score = rng.uniform(0.3, 0.9, len(rows)).astype(np.float32)
    coverage = rng.uniform(0.2, 1.0, len(rows)).astype(np.float32)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int64)
    order = np.lexsort((rows, cols))
    counts = np.bincount(cols, minlength=n)
    tg = TransitionGraph(
        source="ESCO",
        ids=tuple(f"o{i}" for i in range(n)),
        indptr=indptr,
        indices=cols.astype(np.int32),
        score=score,
        coverage=coverage,
        cost=(1.0 - score.astype(np.float64)) + (1.0 - coverage.astype(np.float64)),
        rindptr=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        redges=order.astype(np.int64),
        zones=rng.integers(0, 6, n).astype(np.int32),
    )
    for start, goal in ((0, 1), (2, 30), (5, 17)):
        for max_steps in (1, 2, 3, 4, 5):
            lo, hi = tg.indptr[start], tg.indptr[start + 1]
            targets = tg.indices[lo:hi]
            zs, zt = tg.zones[start], tg.zones[targets]
            ok = (zs == 0) | (zt == 0) | (np.abs(zs - zt) <= 1)
            got = _k_best(tg, targets[ok], tg.cost[lo:hi][ok], start, goal, 3, max_steps, 1)
            want = _brute_force(tg, start, goal, 3, max_steps, 1)
            assert [(round(c, 9), p) for c, p in got] == want, (start, goal, max_steps)


def test_every_step_of_a_path_is_a_realistic_move(fixture_store, ids):
    paths = progression_paths(fixture_store, ids["ICT project manager"], ids["programme manager"], k=3)
    assert paths
    meta = fixture_store.meta().similarity
    for path in paths:
        for step in path.steps:
            assert step.score >= meta["esco_threshold"]
            assert step.coverage >= meta["esco_min_step_coverage"]
            if step.origin.job_zone and step.target.job_zone:
                assert abs(step.origin.job_zone - step.target.job_zone) <= 1


def test_paths_from_a_skill_profile_start_with_a_covered_role(fixture_store, ids):
    profile = [ids["manage budgets"], ids["perform project management"], ids["estimate duration of work"]]
    paths = paths_from_profile(fixture_store, profile, ids["programme manager"], k=2, max_steps=3)
    assert paths and all(p.from_profile for p in paths)
    first = paths[0].steps[0]
    assert first.origin.label == "your skills" and first.score is None
    assert first.coverage >= fixture_store.meta().similarity["esco_min_step_coverage"]
    assert paths[0].target.id == ids["programme manager"]
    with pytest.raises(InvalidArgumentError):
        paths_from_profile(fixture_store, [], ids["programme manager"])


def test_no_route_says_what_is_within_reach(fixture_store, ids):
    assert progression_paths(fixture_store, ids["ICT project manager"], ids["software developer"], max_steps=3) == ()
    why = explain_no_route(fixture_store, ids["ICT project manager"], ids["software developer"], max_steps=3)
    assert why.max_steps == 3 and "No route of at most 3 realistic moves" in why.reason
    assert "longer" not in why.reason
    assert why.nearest is not None and why.nearest_coverage is not None


def test_the_transition_graph_holds_only_realistic_pairs(fixture_store):
    tg = transition_graph(fixture_store, "ESCO")
    meta = fixture_store.meta().similarity
    assert tg.edge_count > 0
    assert (tg.score >= meta["esco_threshold"]).all()
    assert (tg.coverage >= meta["esco_min_step_coverage"]).all()
    table = occupation_table(fixture_store, "ESCO")
    assert table.ids == tg.ids
