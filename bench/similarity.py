"""Speed of the similarity engine and the engine queries on the full data, in one run.

    SKILLGRAPH_DATA_DIR=../shared/data python bench/similarity.py [--nx-runs 1]

Prints one table:

* all-pairs ESCO score — the concept soft cosine over 3,007 × 13,896 and the hybrid with the
  O*NET evidence of the crosswalk matches (inputs prepared beforehand) — and all-pairs
  Jaccard by sparse algebra, next to networkx's
  ``bipartite.overlap_weighted_projected_graph(B, occupations, jaccard=True)`` on the same
  occupation–skill graph (the ratio is networkx time / ours, measured side by side);
* medians over fixed random samples of ``similar_roles`` (families, over every role),
  ``similar_roles(other_fields=True)``, ``progression_paths`` (k=3, max 4 moves, over the
  full graph of realistic moves), ``paths_from_profile`` (a 30-skill profile, k=3, max 3
  moves) and ``match_skills`` (20 skills);
* the memory of a warm start (a fresh process opening the snapshot: peak RSS).

Targets (issue 10): all-pairs ≤ 0.5 s (hybrid included) and ≥ 100× networkx; similar_roles
≤ 10 ms; progression_paths ≤ 100 ms; from a profile ≤ 150 ms; snapshot memory ≤ 1 GB.
The cold build (≤ 12 s) is measured by bench/load.py.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time

import networkx as nx
from common import data_settings, median_time, open_full_store, print_table
from networkx.algorithms import bipartite

from skillgraph.graph.model import Source
from skillgraph.queries.engine import EngineSettings, esco_inputs, esco_match_inputs, esco_scores, jaccard_matrix
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.pathways import paths_from_profile, progression_paths, transition_graph
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


_WARM_OPEN = """
import resource, sys, time
start = time.perf_counter()
from skillgraph.graph.snapshot import load_snapshot
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.settings import Settings
from pathlib import Path
settings = Settings.from_env().with_(data_dir=Path(sys.argv[1]), cache_dir=Path(sys.argv[2]))
result = open_memory_store(settings)
assert not result.built
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def warm_memory(settings) -> tuple[float, float]:
    """(seconds, peak MB) of opening the snapshot in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _WARM_OPEN, str(settings.data_dir), str(settings.cache_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, megabytes = out.stdout.split()
    return float(seconds), float(megabytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nx-runs", type=int, default=1, help="networkx runs (each takes ~30 s)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    settings_ = data_settings()
    store = open_full_store(settings_)
    graph = store.graph
    settings = EngineSettings()
    ids, concept_ids, x, group, broader = esco_inputs(graph, settings)
    groups = [graph.nodes[o].get("isco_code", "") for o in ids]
    match, onet_scores = esco_match_inputs(graph, ids, settings)
    rows = []

    ours_concepts, _ = median_time(lambda: esco_scores(x, group, broader, settings, groups), repeat=7)
    ours_hybrid, _ = median_time(lambda: esco_scores(x, group, broader, settings, groups, match, onet_scores), repeat=7)
    ours_jac, _ = median_time(lambda: jaccard_matrix(x), repeat=7)

    bip = nx.Graph()
    bip.add_nodes_from(ids, bipartite=0)
    bip.add_nodes_from(concept_ids, bipartite=1)
    occupation_set = set(ids)
    bip.add_edges_from((a, b) for a, b, kind in graph.edges(data="kind") if kind == "REQUIRES" and a in occupation_set)
    nx_times = []
    for _ in range(args.nx_runs):
        start = time.perf_counter()
        bipartite.overlap_weighted_projected_graph(bip, ids, jaccard=True)
        nx_times.append(time.perf_counter() - start)
    nx_time = statistics.median(nx_times)

    rows.append(
        (
            "all-pairs ESCO score, hybrid (concepts + O*NET evidence), 3,007²",
            f"{ours_hybrid * 1000:.0f} ms",
            "≤ 500 ms",
            f"{nx_time / ours_hybrid:.0f}× faster than networkx",
        )
    )
    rows.append(
        (
            "all-pairs ESCO concept part alone (soft cosine)",
            f"{ours_concepts * 1000:.0f} ms",
            "",
            f"{nx_time / ours_concepts:.0f}× faster than networkx",
        )
    )
    rows.append(
        ("all-pairs ESCO Jaccard (sparse)", f"{ours_jac * 1000:.0f} ms", "", f"{nx_time / ours_jac:.0f}× faster than networkx")
    )
    rows.append(("networkx overlap_weighted_projected_graph(jaccard=True)", f"{nx_time:.1f} s", "", f"{args.nx_runs} run(s)"))

    esco = store.occupation_ids(Source.ESCO)
    sample = rng.sample(esco, 200)
    sim = per_call(lambda o: similar_roles(store, o), sample)
    rows.append(("similar_roles (families, every role, 10 explained), 200 roles", f"{sim * 1000:.1f} ms", "≤ 10 ms", "median"))
    other = per_call(lambda o: similar_roles(store, o, other_fields=True, viable_only=True, job_zone_within=None), sample)
    rows.append(("similar_roles, moves into other fields, realistic only", f"{other * 1000:.1f} ms", "≤ 10 ms", "median"))

    tg = transition_graph(store, Source.ESCO)
    pairs: list[tuple[str, str]] = []
    reach = nx.DiGraph()
    for a in range(len(tg.ids)):
        reach.add_edges_from((a, int(b)) for b in tg.indices[tg.indptr[a] : tg.indptr[a + 1]])
    while len(pairs) < 40:
        a, b = rng.sample(range(len(tg.ids)), 2)
        if a in reach and b in reach and nx.has_path(reach, a, b):
            pairs.append((tg.ids[a], tg.ids[b]))
    found: dict[tuple[str, str], int] = {}

    def paths(pair):
        found[pair] = len(progression_paths(store, *pair, k=3, max_steps=4))

    path_time = per_call(paths, pairs)
    with_path = sum(1 for n in found.values() if n)
    rows.append(
        (
            f"progression_paths k=3, max 4 moves, {tg.edge_count:,} realistic moves",
            f"{path_time * 1000:.0f} ms",
            "≤ 100 ms",
            f"{with_path}/{len(found)} connected pairs have a route ≤ 4 moves",
        )
    )

    skill_ids = sorted(c for c in concept_ids if graph.nodes[c]["kind"] == "Skill")
    requirements = store.requirements(sample[:20])
    profiles = [[r["id"] for r in requirements[o]][:30] for o in sample[:20] if len(requirements[o]) >= 30]
    goals = rng.sample(esco, len(profiles))
    profile_time = per_call(lambda t: paths_from_profile(store, t[0], t[1], k=3, max_steps=3), list(zip(profiles, goals)))
    rows.append(
        (
            f"paths_from_profile, 30-skill profiles, k=3, max 3 moves, {len(profiles)} runs",
            f"{profile_time * 1000:.0f} ms",
            "≤ 150 ms",
            "median",
        )
    )

    sets = [rng.sample(skill_ids, 20) for _ in range(50)]
    match_time = per_call(lambda s: match_skills(store, s), sets)
    rows.append(("match_skills, 20 skills, 50 random sets", f"{match_time * 1000:.1f} ms", "≤ 50 ms", "median"))

    warm_seconds, warm_mb = warm_memory(settings_)
    rows.append(("warm start in a fresh process: peak memory", f"{warm_mb:,.0f} MB", "≤ 1 GB", f"opened in {warm_seconds:.2f} s"))
    print_table("Similarity engine on the full ESCO data (one run, medians)", ("what", "time", "target", "note"), rows)


if __name__ == "__main__":
    main()
