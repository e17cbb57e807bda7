"""The similarity engine and the engine queries on tiny hand-built graphs, with every
expected number worked out by hand (see tiny_graphs.py for the worlds)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from networkx.algorithms import bipartite
from tiny_graphs import esco_world, onet_tech_world

from skillgraph.graph.errors import InvalidArgumentError, UnknownOccupationError, UnknownSkillError
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.queries.engine import EngineSettings, build_index, idf_weights, jaccard_matrix
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.pathways import growth_paths, progression_paths, step_cost
from skillgraph.queries.similar_roles import similar_roles
from skillgraph.queries.skill_gap import skill_gap

# ESCO scores are computed in single precision (float32), hence abs=1e-6.
# β = 0.2 group credit, no broader credit, idf off: the numbers below follow from
#   R = 0.8 I + 0.2 G Gᵀ over [s1, s2, s3, k1] (k1 is knowledge: no group credit)
#   A = [1, 1, 0, .5], B = [1, 0, 1, 0], C = [0, 0, 1, 1]
#   ARAᵀ = 2.6, BRBᵀ = 2, CRCᵀ = 1.8, ARBᵀ = 1.2, ARCᵀ = 0.4, BRCᵀ = 1
HAND = EngineSettings(idf_power=0.0, group_credit=0.2, broader_credit=0.0, fixed_threshold=0.3)
SCORE_AB = 1.2 / math.sqrt(2.6 * 2.0)  # 0.5262348
SCORE_AC = 0.4 / math.sqrt(2.6 * 1.8)  # 0.1849001
SCORE_BC = 1.0 / math.sqrt(2.0 * 1.8)  # 0.5270463


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    graph = esco_world()
    return MemoryStore(graph, {"versions": {"ESCO": "tiny"}}, build_index(graph, HAND))


def _row(store: MemoryStore, origin: str, target: str) -> dict:
    return next(r for r in store.similar(origin) if r["target_id"] == target)


def test_idf_weights_by_hand():
    # 1 + ln((1 + 3) / (1 + df))
    assert idf_weights(np.array([0, 1, 3]), 3).tolist() == pytest.approx([1 + math.log(4), 1 + math.log(2), 1.0])
    assert idf_weights(np.array([1]), 3, power=0.0).tolist() == [1.0]


def test_scores_match_the_hand_computed_soft_cosine(store):
    assert _row(store, "A", "B")["score"] == pytest.approx(SCORE_AB, abs=1e-6)
    assert _row(store, "A", "C")["score"] == pytest.approx(SCORE_AC, abs=1e-6)
    assert _row(store, "B", "C")["score"] == pytest.approx(SCORE_BC, abs=1e-6)
    # symmetric score
    assert _row(store, "B", "A")["score"] == pytest.approx(SCORE_AB, abs=1e-6)


def test_top_k_order_and_ranks(store):
    assert [(r["target_id"], r["rank"]) for r in store.similar("A")] == [("B", 1), ("C", 2)]
    # B: C (0.52705) just above A (0.52623)
    assert [r["target_id"] for r in store.similar("B")] == ["C", "A"]


def test_coverage_is_directional(store):
    # ess(C) = {s3, k1}; A has k1 (optional) → 1/2.  ess(A) = {s1, s2}; C has neither → 0.
    assert _row(store, "A", "C")["coverage"] == pytest.approx(0.5)
    assert _row(store, "C", "A")["coverage"] == pytest.approx(0.0)
    assert _row(store, "A", "C")["reverse_coverage"] == pytest.approx(0.0)
    assert _row(store, "A", "B")["shared_essential"] == 1
    assert _row(store, "A", "B")["missing_essential"] == 1


def test_jaccard_on_edges(store):
    assert _row(store, "A", "B")["jaccard"] == pytest.approx(1 / 4)  # {s1} / {s1,s2,s3,k1}
    assert _row(store, "B", "C")["jaccard"] == pytest.approx(1 / 3)  # {s3} / {s1,s3,k1}


def test_group_credit_changes_the_score():
    graph = esco_world()
    plain = build_index(graph, EngineSettings(idf_power=0.0, group_credit=0.0, broader_credit=0.0))
    plain_store = MemoryStore(graph, {}, plain)
    # plain weighted cosine: A·B = 1, |A| = 1.5, |B| = √2
    assert _row(plain_store, "A", "B")["score"] == pytest.approx(1 / (1.5 * math.sqrt(2)), abs=1e-6)


def test_threshold_and_viability(store):
    result = similar_roles(store, "A")
    assert result.threshold == 0.3
    assert [(r.target.id, r.viable) for r in result.roles] == [("B", True), ("C", False)]
    assert similar_roles(store, "A", viable_only=True).roles[0].target.id == "B"
    assert len(similar_roles(store, "A", viable_only=True).roles) == 1


def test_similar_roles_explanations_and_near_matches(store):
    result = similar_roles(store, "B")
    to_a = next(r for r in result.roles if r.target.id == "A")
    assert [r.id for r in to_a.shared_essential] == ["s1"]
    assert [r.id for r in to_a.missing_essential] == ["s2"]
    # s2 is in s1's skill group and B has s1: a near match
    assert [(n.requirement.id, n.related) for n in to_a.near_matches] == [("s2", ("s1 label",))]


def test_similar_roles_filters(store):
    # A's major group is 2 like B and C
    assert len(similar_roles(store, "A", same_major_group=False).roles) == 0
    # job zones A 3, B 4, C 5
    assert [r.target.id for r in similar_roles(store, "A", job_zone_within=1).roles] == ["B"]
    assert [r.target.id for r in similar_roles(store, "C", min_coverage=0.5).roles] == ["B"]
    with pytest.raises(InvalidArgumentError, match="limit"):
        similar_roles(store, "A", limit=0)
    with pytest.raises(UnknownOccupationError):
        similar_roles(store, "Z")


def test_skill_gap_by_hand(store):
    gap = skill_gap(store, "C", "A")
    assert gap.coverage == 0.0 and gap.reverse_coverage == 0.5
    assert [s.group_id for s in gap.gaps_by_group] == ["g1"]
    assert [i.id for i in gap.gaps_by_group[0].items] == ["s1", "s2"]
    assert gap.score == pytest.approx(SCORE_AC) and gap.viable is False
    with pytest.raises(InvalidArgumentError):
        skill_gap(store, "A", "A")


def test_progression_path_steps(store):
    paths = progression_paths(store, "A", "C")
    assert len(paths) == 1  # A→C itself is below the threshold
    path = paths[0]
    assert [o.id for o in path.occupations] == ["A", "B", "C"]
    first, second = path.steps
    assert first.cost == pytest.approx((1 - SCORE_AB) + (1 - 0.5))
    assert second.cost == pytest.approx((1 - SCORE_BC) + (1 - 0.5))
    assert path.cost == pytest.approx(first.cost + second.cost)
    assert [r.id for r in first.to_acquire] == ["s3"]
    assert [r.id for r in second.to_acquire] == ["k1"]
    assert all(s.score >= 0.3 for s in path.steps)
    assert progression_paths(store, "A", "C", max_steps=1) == ()


def test_step_cost_definition():
    assert step_cost(0.6, 0.25) == pytest.approx(0.4 + 0.75)
    assert step_cost(0.6, None) == pytest.approx(1.4)


def test_growth_paths_go_up(store):
    paths = growth_paths(store, "A")
    assert [[o.id for o in p.occupations] for p in paths] == [["A", "B"], ["A", "B", "C"]]
    assert growth_paths(store, "C") == ()  # job zone 5 is the top


def test_match_skills_by_hand(store):
    # {s1}: A has 1 match + s2 related (same group, credit ¼) → fit (1 + .25) / (2 + 2),
    # coverage (1 + .25) / 2; B 1 / 4 and 1 / 2; C nothing
    matches = match_skills(store, ["s1"], group_families=False)
    assert [(m.occupation.id, m.fit, m.coverage) for m in matches] == [("A", 1.25 / 4, 0.625), ("B", 0.25, 0.5)]
    assert [r.id for r in matches[0].near] == ["s2"]
    assert [r.id for r in matches[1].missing] == ["s3"]
    with pytest.raises(UnknownSkillError):
        match_skills(store, ["nope"])
    with pytest.raises(InvalidArgumentError):
        match_skills(store, [])


def test_onet_technology_component_by_hand():
    graph = onet_tech_world()
    index = build_index(graph, EngineSettings())
    store = MemoryStore(graph, {}, index)
    a = 1 + math.log(4 / 3)  # idf of t1 and t2 (two of three occupations)
    b = 1 + math.log(4 / 2)  # idf of t3
    rows = {r["target_id"]: r["score"] for r in store.similar("11-1111.00")}
    assert rows["11-1112.00"] == pytest.approx(1 / math.sqrt(2), abs=1e-6)
    assert rows["11-1113.00"] == pytest.approx(a / (math.sqrt(2) * math.sqrt(a * a + b * b)), abs=1e-6)
    # Q and R share nothing: no edge
    assert "11-1113.00" not in {r["target_id"] for r in store.similar("11-1112.00")}


def _random_bipartite(seed: int, occupations: int = 40, skills: int = 60) -> tuple[nx.Graph, list[str], sp.csr_matrix]:
    rng = np.random.default_rng(seed)
    dense = rng.random((occupations, skills)) < 0.12
    graph = nx.Graph()
    names = [f"o{i}" for i in range(occupations)]
    graph.add_nodes_from(names, bipartite=0)
    graph.add_nodes_from((f"s{j}" for j in range(skills)), bipartite=1)
    graph.add_edges_from((names[i], f"s{j}") for i, j in zip(*np.nonzero(dense), strict=True))
    return graph, names, sp.csr_matrix(dense.astype(float))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_jaccard_equals_networkx_projection(seed):
    graph, names, matrix = _random_bipartite(seed)
    projected = bipartite.overlap_weighted_projected_graph(graph, names, jaccard=True)
    ours = jaccard_matrix(matrix)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if i == j:
                continue
            expected = projected[a][b]["weight"] if projected.has_edge(a, b) else 0.0
            assert ours[i, j] == pytest.approx(expected, abs=1e-6)


def test_stored_jaccard_equals_networkx_on_the_esco_world(store):
    graph = esco_world()
    bip = nx.Graph()
    for a, b, kind in graph.edges(data="kind"):
        if kind == "REQUIRES":
            bip.add_edge(a, b)
    projected = bipartite.overlap_weighted_projected_graph(bip, ["A", "B", "C"], jaccard=True)
    for a, b in (("A", "B"), ("A", "C"), ("B", "C")):
        assert _row(store, a, b)["jaccard"] == pytest.approx(projected[a][b]["weight"])
