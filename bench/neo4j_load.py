"""Benchmark: loading the full graph into a Bolt server, and the same queries on both stores.

    SKILLGRAPH_DATA_DIR=../shared/data SKILLGRAPH_NEO4J_URI=bolt://127.0.0.1:7687 \\
    SKILLGRAPH_NEO4J_USER=root SKILLGRAPH_NEO4J_PASSWORD=… SKILLGRAPH_NEO4J_DATABASE=skills \\
    python bench/neo4j_load.py

Prints two tables:

1. the load, phase by phase (rows, seconds, rows/s), from an emptied database — the
   skillgraph data in the database named by the settings is DELETED first (other labels
   are left alone) and a complete load is left behind;
2. query times, embedded store vs Neo4j, measured side by side in one run: for each
   query, the same calls on a deterministic sample of occupations (ESCO and O*NET),
   alternating between the stores; medians and 90th percentiles in milliseconds. A
   warm-up pass on a separate Neo4j store warms the server first; the measured Neo4j store
   starts with empty caches, and the one-off fetch of the transition graphs that paths
   need is timed on its own line.

Options: ``--node-batch``, ``--edge-batch`` (rows per transaction), ``--sample`` (occupations
per query), ``--skip-load`` (measure queries only).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from rich.console import Console

from skillgraph.app.neo4j_console import timing_rows
from skillgraph.app.text_output import table
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.neo4j_loader import EDGE_BATCH, NODE_BATCH, load_graph, plan_load
from skillgraph.graph.neo4j_store import Neo4jStore, describe_address, open_driver
from skillgraph.graph.settings import Settings
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.pathways import progression_paths, transition_graph
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.similar_roles import similar_roles
from skillgraph.queries.skill_gap import skill_gap


def wipe(driver, settings: Settings) -> int:
    from skillgraph.graph.cypher import cypher

    deleted = 0
    while True:
        records, _, _ = driver.execute_query(cypher("wipe_batch").text, {"batch": 10_000}, database_=settings.neo4j_database)
        if not records[0]["deleted"]:
            return deleted
        deleted += records[0]["deleted"]


def sample_ids(store, n: int) -> list[str]:
    """n occupations: two thirds ESCO, one third O*NET, evenly spaced over the sorted ids."""
    out = []
    for source, share in (("ESCO", 2 / 3), ("O*NET", 1 / 3)):
        ids = store.occupation_ids(source)
        k = max(1, round(n * share))
        out += [ids[int(i * len(ids) / k)] for i in range(k)]
    return out


def query_calls(memory, ids: list[str]) -> dict[str, list[Callable]]:
    """name → calls (each takes a store), built from the embedded store's answers."""
    calls: dict[str, list[Callable]] = {
        name: [] for name in ("profile", "similar_roles", "skill_gap", "progression_paths", "match_skills")
    }
    for occupation_id in ids:
        similar = memory.similar(occupation_id, limit=3)
        calls["profile"].append(lambda s, o=occupation_id: occupation_profile(s, o))
        calls["similar_roles"].append(lambda s, o=occupation_id: similar_roles(s, o, limit=10))
        if similar:
            target = similar[0]["target_id"]
            calls["skill_gap"].append(lambda s, o=occupation_id, t=target: skill_gap(s, o, t))
            onward = [r["target_id"] for r in memory.similar(target, limit=3) if r["target_id"] != occupation_id]
            goal = onward[-1] if onward else target
            calls["progression_paths"].append(lambda s, o=occupation_id, g=goal: progression_paths(s, o, g, k=3, max_steps=3))
        rows = memory.requirements([occupation_id]).get(occupation_id, [])
        skills = [r["id"] for r in rows if r["relation"] == "essential"][:8]
        source = memory.node(occupation_id)["source"]
        if skills:
            calls["match_skills"].append(lambda s, k=tuple(skills), src=source: match_skills(s, list(k), limit=20, source=src))
    return calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-batch", type=int, default=NODE_BATCH)
    parser.add_argument("--edge-batch", type=int, default=EDGE_BATCH)
    parser.add_argument("--sample", type=int, default=30, help="occupations per query (default 30)")
    parser.add_argument("--skip-load", action="store_true", help="measure the queries only")
    args = parser.parse_args(argv)

    console = Console(width=130)
    settings = Settings.from_env()
    address = describe_address(settings)
    start = time.perf_counter()
    memory = open_memory_store(settings).store
    console.print(f"embedded store opened in {time.perf_counter() - start:.1f} s")

    if not args.skip_load:
        plan = plan_load(memory)
        driver = open_driver(settings)
        try:
            wiped_start = time.perf_counter()
            wiped = wipe(driver, settings)
            console.print(f"emptied {address}: {wiped:,} skillgraph nodes deleted in {time.perf_counter() - wiped_start:.1f} s")
            result = load_graph(
                driver,
                plan,
                database=settings.neo4j_database,
                address=address,
                node_batch=args.node_batch,
                edge_batch=args.edge_batch,
            )
        finally:
            driver.close()
        console.print(
            table(
                f"Load over Bolt into {address} (node batch {args.node_batch:,}, edge batch {args.edge_batch:,})",
                ("phase", "rows", "seconds", "rows/s"),
                timing_rows(result, plan.seconds),
            )
        )

    warm = Neo4jStore.connect(settings)
    ids = sample_ids(memory, args.sample)
    calls = query_calls(memory, ids)
    for fns in calls.values():
        for fn in fns:
            fn(warm)  # server warm-up (JIT, page cache) on a store that is then thrown away
    warm.close()

    neo = Neo4jStore.connect(settings)
    one_off = []
    for source in ("ESCO", "O*NET"):
        for name, store in (("embedded", memory), ("neo4j", neo)):
            t = time.perf_counter()
            transition_graph(store, source)
            one_off.append((f"transition graph {source}", name, f"{(time.perf_counter() - t) * 1000:.1f}"))
    rows = []
    for name, fns in calls.items():
        times: dict[str, list[float]] = {"embedded": [], "neo4j": []}
        for fn in fns:
            for label, store in (("embedded", memory), ("neo4j", neo)):
                t = time.perf_counter()
                fn(store)
                times[label].append((time.perf_counter() - t) * 1000)

        def p90(xs: list[float]) -> float:
            return sorted(xs)[max(0, int(len(xs) * 0.9) - 1)]

        med_m, med_n = statistics.median(times["embedded"]), statistics.median(times["neo4j"])
        rows.append(
            (
                name,
                str(len(fns)),
                f"{med_m:.1f}",
                f"{p90(times['embedded']):.1f}",
                f"{med_n:.1f}",
                f"{p90(times['neo4j']):.1f}",
                f"{med_n / med_m:.1f}×" if med_m else "",
            )
        )
    neo.close()
    console.print(
        table(
            f"Query times in ms, {len(ids)} occupations, embedded vs Neo4j at {address}",
            ("query", "calls", "embedded median", "embedded p90", "neo4j median", "neo4j p90", "neo4j / embedded"),
            rows,
        )
    )
    console.print(table("One-off per store (ms)", ("what", "store", "ms"), one_off))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
