"""Speed of the similarity engine and the engine queries on the full data, in one run.

    SKILLGRAPH_DATA_DIR=../shared/data python bench/similarity.py [--nx-runs 1]

Prints one table: all-pairs ESCO similarity (the soft cosine over 3,007 × 13,896) and
all-pairs Jaccard by sparse algebra, next to networkx's
``bipartite.overlap_weighted_projected_graph(B, occupations, jaccard=True)`` on the same
occupation–skill graph (the ratio is networkx time / ours, measured side by side), and
the medians of ``similar_roles``, ``progression_paths`` (k=3) and ``match_skills`` for
20 skills over fixed random samples.

Targets (issue #3): all-pairs ≤ 0.5 s and ≥ 100× faster than networkx; similar_roles
≤ 10 ms; progression_paths ≤ 300 ms; match_skills (20 skills) ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import networkx as nx
from common import median_time, open_full_store, print_table
from networkx.algorithms import bipartite

from skillgraph.graph.model import Source
from skillgraph.queries.engine import EngineSettings, esco_inputs, jaccard_matrix, soft_cosine
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.pathways import progression_paths, transition_graph
from skillgraph.queries.similar_roles import similar_roles


def per_call(func, items) -> float:
    """Median seconds of ``func(item)`` over ``items`` (after one warm-up call)."""
    func(items[0])
    times = []
    for item in items:
        start = time.perf_counter()
        func(item)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nx-runs", type=int, default=1, help="networkx runs (each takes ~30 s)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    store = open_full_store()
    graph = store.graph
    settings = EngineSettings()
    ids, concept_ids, x, group, broader = esco_inputs(graph, settings)
    rows = []

    ours_soft, _ = median_time(lambda: soft_cosine(x, group, broader, settings), repeat=7)
    ours_jac, _ = median_time(lambda: jaccard_matrix(x), repeat=7)

    bip = nx.Graph()
    bip.add_nodes_from(ids, bipartite=0)
    bip.add_nodes_from(concept_ids, bipartite=1)
    bip.add_edges_from((a, b) for a, b, kind in graph.edges(data="kind") if kind == "REQUIRES" and a in set(ids))
    nx_times = []
    for _ in range(args.nx_runs):
        start = time.perf_counter()
        bipartite.overlap_weighted_projected_graph(bip, ids, jaccard=True)
        nx_times.append(time.perf_counter() - start)
    nx_time = statistics.median(nx_times)

    rows.append(
        (
            "all-pairs ESCO score (soft cosine, 3,007²)",
            f"{ours_soft * 1000:.0f} ms",
            "≤ 500 ms",
            f"{nx_time / ours_soft:.0f}× faster than networkx",
        )
    )
    rows.append(
        ("all-pairs ESCO Jaccard (sparse)", f"{ours_jac * 1000:.0f} ms", "", f"{nx_time / ours_jac:.0f}× faster than networkx")
    )
    rows.append(("networkx overlap_weighted_projected_graph(jaccard=True)", f"{nx_time:.1f} s", "", f"{args.nx_runs} run(s)"))

    esco = store.occupation_ids(Source.ESCO)
    sample = rng.sample(esco, 200)
    sim = per_call(lambda o: similar_roles(store, o), sample)
    rows.append(("similar_roles (limit 10, explanations), 200 roles", f"{sim * 1000:.1f} ms", "≤ 10 ms", "median"))

    transitions = transition_graph(store, Source.ESCO)
    pairs = []
    nodes = sorted(transitions)
    while len(pairs) < 40:
        a, b = rng.sample(nodes, 2)
        if nx.has_path(transitions, a, b):
            pairs.append((a, b))
    found: dict[tuple[str, str], int] = {}

    def paths(pair):
        found[pair] = len(progression_paths(store, *pair, k=3))

    path_time = per_call(paths, pairs)
    with_path = sum(1 for n in found.values() if n)
    rows.append(
        (
            "progression_paths k=3, max 4 steps, 40 connected pairs",
            f"{path_time * 1000:.0f} ms",
            "≤ 300 ms",
            f"{with_path}/{len(found)} pairs have a path ≤ 4 steps",
        )
    )

    skill_ids = sorted(c for c in concept_ids if graph.nodes[c]["kind"] == "Skill")
    sets = [rng.sample(skill_ids, 20) for _ in range(50)]
    match = per_call(lambda s: match_skills(store, s), sets)
    rows.append(("match_skills, 20 skills, 50 random sets", f"{match * 1000:.1f} ms", "≤ 50 ms", "median"))
    print_table("Similarity engine on the full ESCO data (one run, medians)", ("what", "time", "target", "note"), rows)


if __name__ == "__main__":
    main()
