"""Benchmark: loading the full graph into Neo4j, each page's queries on both stores, the
first pathway query, and Graph Data Science's node similarity next to the engine.

    eval "$(NEO4J_GDS=1 bash .ci/neo4j-server.sh start >&2 && bash .ci/neo4j-server.sh env)"
    SKILLGRAPH_DATA_DIR=../shared/data python bench/neo4j_load.py [--sample 30] [--skip-load]

(any Neo4j 5 server works: set ``SKILLGRAPH_NEO4J_URI``, ``_USER``, ``_PASSWORD``,
``_DATABASE``). Prints these tables:

1. the load, phase by phase (rows, seconds, rows/s), from an emptied database — the
   skillgraph data in the database named by the settings is DELETED first (other labels
   are left alone) and a complete load is left behind;
2. each page's queries (the calls the app's page makes, :data:`PAGES`), embedded store vs
   Neo4j, measured side by side in one run on a deterministic sample of occupations
   (two thirds ESCO, one third O*NET; the skill-profile pages use ESCO roles' skills),
   alternating between the stores: medians, 90th percentiles and the ratio of the medians.
   A warm-up pass runs first on both stores (the Neo4j one then thrown away), so the server
   is warm; the measured Neo4j store starts with empty caches, as an app process does;
3. the first pathway query of a store: ``progression_paths`` on a just-opened store
   (Neo4j: a new connection; embedded: a new store over the same loaded graph), which pays
   for the occupation table and the realistic-move graph, five times each;
4. with Graph Data Science on the server (``NEO4J_GDS=1``): ``gds.nodeSimilarity``
   (Jaccard, ``topK`` = the engine's top_k) on the ESCO occupation–concept graph of
   ``REQUIRES`` (projected with ``gds.graph.project``) next to the engine's all-pairs
   computations on the same graph (:func:`skillgraph.queries.engine.esco_inputs`): the
   plain Jaccard matrix and the soft cosine; and whether GDS's Jaccard values equal the
   engine's for the same pairs. Without GDS, the reason it could not run.

Options: ``--node-batch``, ``--edge-batch`` (rows per transaction), ``--sample`` (occupations
per page), ``--skip-load`` (measure the queries only), ``--first-runs`` (fresh stores for
the first pathway query).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable

import numpy as np
from rich.console import Console

from skillgraph.app.brief import build_brief
from skillgraph.app.neo4j_console import timing_rows
from skillgraph.app.sessions import Session, ShortlistEntry
from skillgraph.app.text_output import table
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.cypher import cypher
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.neo4j_loader import EDGE_BATCH, NODE_BATCH, load_graph, plan_load
from skillgraph.graph.neo4j_store import Neo4jStore, describe_address, open_driver
from skillgraph.graph.settings import Settings
from skillgraph.queries.compare_roles import compare_roles
from skillgraph.queries.engine import EngineSettings, esco_inputs, jaccard_matrix, soft_cosine
from skillgraph.queries.fit import fit_view, role_fit
from skillgraph.queries.free_text import match_free_text
from skillgraph.queries.inbound import inbound_roles
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.pathways import explain_no_route, growth_paths, progression_paths
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.search import search_occupations, search_skills
from skillgraph.queries.similar_roles import similar_roles
from skillgraph.queries.skill_leverage import skill_leverage

ANSWERS = {"Realistic": 1, "Investigative": 4, "Artistic": 2, "Social": 3, "Enterprising": 5, "Conventional": 4}
TARGET_RATIO = 5.0  # each page's queries at most 5× the embedded store's median
TARGET_FIRST_PATH_MS = 500.0
TARGET_LOAD_S = 60.0


@dataclasses.dataclass(frozen=True)
class Case:
    """What one sampled occupation's pages are asked about (taken from the embedded store)."""

    occupation: str
    label: str
    target: str  # the most similar role
    goal: str  # a role two similar-role steps away
    skills: tuple[str, ...]  # ESCO skill ids of an ESCO role, for the skill-profile pages
    skill_label: str
    text: str  # a CV-like paragraph naming some of those skills


def profile_page(s, c: Case) -> None:
    occupation_profile(s, c.occupation)
    similar_roles(s, c.occupation, limit=6)
    similar_roles(s, c.occupation, limit=5, other_fields=True)
    growth_paths(s, c.occupation, steps=1, limit=5) or growth_paths(s, c.occupation, steps=2, limit=5)
    inbound_roles(s, c.occupation, limit=5)


def pathways_page(s, c: Case) -> None:
    if not progression_paths(s, c.occupation, c.goal, k=3, max_steps=3):
        explain_no_route(s, c.occupation, c.goal, max_steps=3)
    growth_paths(s, c.occupation, steps=2, limit=8)


def my_skills_page(s, c: Case) -> None:
    search_skills(s, c.skill_label, limit=8)
    match_free_text(s, c.text)
    match_skills(s, list(c.skills), limit=15)
    skill_leverage(s, list(c.skills), limit=5)


def brief_page(s, c: Case) -> None:
    session = Session(
        alias="bench",
        current_role=c.occupation,
        skills=c.skills,
        interests=tuple(ANSWERS.items()),
        shortlist=(ShortlistEntry(c.target), ShortlistEntry(c.goal)) if c.goal != c.target else (ShortlistEntry(c.target),),
    )
    build_brief(s, session)


#: Page → the queries it runs (app/pages/*.py with their default settings).
PAGES: dict[str, tuple[str, Callable]] = {
    "Find a role": ("search_occupations", lambda s, c: search_occupations(s, c.label, limit=15)),
    "Occupation profile": ("occupation_profile, similar_roles ×2, growth_paths, inbound_roles", profile_page),
    "Explore the graph": (
        "occupation_profile, similar_roles",
        lambda s, c: (occupation_profile(s, c.occupation), similar_roles(s, c.occupation, limit=10)),
    ),
    "Similar roles": ("similar_roles", lambda s, c: similar_roles(s, c.occupation, limit=10)),
    "Pathways": ("progression_paths (explain_no_route), growth_paths", pathways_page),
    "Compare two roles": ("compare_roles", lambda s, c: compare_roles(s, c.occupation, c.target)),
    "My skills": ("search_skills, match_free_text, match_skills, skill_leverage", my_skills_page),
    "Quick fit check": (
        "fit_view, role_fit",
        lambda s, c: (fit_view(s, ANSWERS, list(c.skills), limit=15), role_fit(s, c.occupation, ANSWERS, list(c.skills))),
    ),
    "Session brief": ("build_brief", brief_page),
}


def wipe(driver, settings: Settings) -> int:
    deleted = 0
    while True:
        records, _, _ = driver.execute_query(cypher("wipe_batch").text, {"batch": 10_000}, database_=settings.neo4j_database)
        if not records[0]["deleted"]:
            return deleted
        deleted += records[0]["deleted"]


def sample_cases(store: MemoryStore, n: int) -> list[Case]:
    """n occupations, two thirds ESCO and one third O*NET, evenly spaced over the sorted ids."""
    esco = store.occupation_ids("ESCO")
    ids = []
    for source, share in (("ESCO", 2 / 3), ("O*NET", 1 / 3)):
        pool = store.occupation_ids(source)
        k = max(1, round(n * share))
        ids += [pool[int(i * len(pool) / k)] for i in range(k)]
    cases = []
    for number, occupation in enumerate(ids):
        similar = store.similar(occupation, limit=3)
        if not similar:
            continue
        target = similar[0]["target_id"]
        onward = [r["target_id"] for r in store.similar(target, limit=3) if r["target_id"] != occupation]
        # The skill-profile pages read ESCO skills: an ESCO role's essential ones.
        skill_role = occupation if occupation in set(esco) else esco[(number * 97) % len(esco)]
        rows = [r for r in store.requirements([skill_role])[skill_role] if r["relation"] == "essential"]
        skills = tuple(r["id"] for r in rows[:8])
        text = "In my last job I had to " + "; I also had to ".join(r["label"] for r in rows[:6]) + "."
        cases.append(
            Case(
                occupation,
                store.node(occupation)["label"],
                target,
                onward[-1] if onward else target,
                skills,
                rows[0]["label"],
                text,
            )
        )
    return cases


def p90(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(len(xs) * 0.9) - 1)]


def measure_pages(console: Console, memory: MemoryStore, settings: Settings, cases: list[Case]) -> bool:
    warm = Neo4jStore.connect(settings)
    for case in cases:
        for _, run in PAGES.values():
            run(memory, case)  # the embedded store's one-off indexes, like an app that has served a page
            run(warm, case)  # server warm-up (JIT, page cache) on a store that is then thrown away
    warm.close()

    neo = Neo4jStore.connect(settings)
    times: dict[str, dict[str, list[float]]] = {page: {"embedded": [], "neo4j": []} for page in PAGES}
    for case in cases:
        for page, (_, run) in PAGES.items():
            for label, store in (("embedded", memory), ("neo4j", neo)):
                start = time.perf_counter()
                run(store, case)
                times[page][label].append((time.perf_counter() - start) * 1000)
    neo.close()
    rows, ok = [], True
    for page, (queries, _) in PAGES.items():
        m, n = times[page]["embedded"], times[page]["neo4j"]
        ratio = statistics.median(n) / statistics.median(m)
        ok &= ratio <= TARGET_RATIO
        rows.append(
            (
                page,
                queries,
                f"{statistics.median(m):.1f}",
                f"{p90(m):.1f}",
                f"{statistics.median(n):.1f}",
                f"{p90(n):.1f}",
                f"{ratio:.1f}×",
            )
        )
    console.print(
        table(
            f"Each page's queries in ms, {len(cases)} occupations, embedded vs Neo4j (target: Neo4j median ≤ {TARGET_RATIO:.0f}× embedded)",
            ("page", "queries", "embedded median", "embedded p90", "neo4j median", "neo4j p90", "neo4j / embedded"),
            rows,
        )
    )
    return ok


def measure_first_path(console: Console, memory: MemoryStore, settings: Settings, cases: list[Case], runs: int) -> bool:
    rows, medians = [], {}
    for label in ("embedded", "neo4j"):
        xs, phases = [], []
        for i in range(runs):
            case = cases[i % len(cases)]
            store = MemoryStore(memory.graph, memory.info, memory.index) if label == "embedded" else Neo4jStore.connect(settings)
            try:
                start = time.perf_counter()
                if label == "neo4j":
                    store.transitions("ESCO" if case.occupation.startswith("http") else "O*NET")
                    phases.append((time.perf_counter() - start) * 1000)
                progression_paths(store, case.occupation, case.goal, k=3, max_steps=3)
                xs.append((time.perf_counter() - start) * 1000)
            finally:
                store.close()
        medians[label] = statistics.median(xs)
        note = f"of which reading the transitions: median {statistics.median(phases):.0f} ms" if phases else ""
        rows.append((label, str(runs), f"{min(xs):.0f}", f"{statistics.median(xs):.0f}", f"{max(xs):.0f}", note))
    console.print(
        table(
            f"First pathway query on a just-opened store, ms (target: Neo4j ≤ {TARGET_FIRST_PATH_MS:.0f} ms)",
            ("store", "runs", "min", "median", "max", "note"),
            rows,
        )
    )
    return medians["neo4j"] <= TARGET_FIRST_PATH_MS


# Graph Data Science runs in the benchmark only: the product's statements never need it.
GDS_VERSION = "RETURN gds.version() AS version"
GDS_PROJECT = """
MATCH (o:Occupation {source: $source})-[:REQUIRES]->(c:Concept)
WITH gds.graph.project($graph, o, c) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
"""
GDS_STATS = """
CALL gds.nodeSimilarity.stats($graph, {similarityMetric: 'JACCARD', topK: $top_k})
YIELD nodesCompared, similarityPairs, computeMillis
RETURN nodesCompared, similarityPairs, computeMillis
"""
GDS_STREAM = """
CALL gds.nodeSimilarity.stream($graph, {similarityMetric: 'JACCARD', topK: $top_k})
YIELD node1, node2, similarity
RETURN gds.util.asNode(node1).id AS a, gds.util.asNode(node2).id AS b, similarity
"""
GDS_DROP = "CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName"


def measure_gds(console: Console, memory: MemoryStore, settings: Settings) -> None:
    driver = open_driver(settings)
    database = settings.neo4j_database
    try:
        try:
            version = driver.execute_query(GDS_VERSION, database_=database).records[0]["version"]
        except Exception as e:  # noqa: BLE001 - the reason is the result
            console.print(f"Graph Data Science is not available on {describe_address(settings)}: {type(e).__name__}: {e}")
            console.print("Start the server with NEO4J_GDS=1 bash .ci/neo4j-server.sh start to compare with gds.nodeSimilarity.")
            return
        engine = memory.index.engine if memory.index is not None else EngineSettings()
        top_k = engine.top_k
        graph_name = "skillgraph-bench-esco"
        driver.execute_query(GDS_DROP, graph=graph_name, database_=database)
        rows = []
        start = time.perf_counter()
        projected = driver.execute_query(GDS_PROJECT, source="ESCO", graph=graph_name, database_=database).records[0]
        project_s = time.perf_counter() - start
        rows.append(
            (
                "GDS",
                "gds.graph.project (Cypher aggregation)",
                f"{project_s:.2f}",
                f"{projected['nodes']:,} nodes, {projected['relationships']:,} REQUIRES",
            )
        )
        try:
            start = time.perf_counter()
            stats = driver.execute_query(GDS_STATS, graph=graph_name, top_k=top_k, database_=database).records[0]
            rows.append(
                (
                    "GDS",
                    f"gds.nodeSimilarity.stats, Jaccard, topK {top_k}",
                    f"{time.perf_counter() - start:.2f}",
                    f"{stats['nodesCompared']:,} occupations, {stats['similarityPairs']:,} pairs kept; compute {stats['computeMillis']:,} ms",
                )
            )
            start = time.perf_counter()
            streamed = driver.execute_query(GDS_STREAM, graph=graph_name, top_k=top_k, database_=database).records
            rows.append(
                (
                    "GDS",
                    f"gds.nodeSimilarity.stream, Jaccard, topK {top_k}",
                    f"{time.perf_counter() - start:.2f}",
                    f"{len(streamed):,} rows over Bolt",
                )
            )
        finally:
            driver.execute_query(GDS_DROP, graph=graph_name, database_=database)

        start = time.perf_counter()
        ids, _, x, group, broader = esco_inputs(memory.graph, engine)
        rows.append(
            (
                "engine",
                "esco_inputs (matrices from the graph)",
                f"{time.perf_counter() - start:.2f}",
                f"{x.shape[0]:,} × {x.shape[1]:,}, {x.nnz:,} REQUIRES",
            )
        )
        start = time.perf_counter()
        jaccard = jaccard_matrix(x)
        rows.append(("engine", "jaccard_matrix, every pair", f"{time.perf_counter() - start:.2f}", f"{len(ids) ** 2:,} cells"))
        start = time.perf_counter()
        soft_cosine(x, group, broader, engine)
        rows.append(
            (
                "engine",
                "soft_cosine (the ESCO concept part), every pair",
                f"{time.perf_counter() - start:.2f}",
                f"{len(ids) ** 2:,} cells",
            )
        )

        position = {o: i for i, o in enumerate(ids)}
        gds_values = np.array([r["similarity"] for r in streamed])
        engine_values = np.array([jaccard[position[r["a"]], position[r["b"]]] for r in streamed])
        worst = float(np.max(np.abs(gds_values - engine_values))) if len(streamed) else 0.0
        console.print(
            table(f"gds.nodeSimilarity (GDS {version}) vs the engine, ESCO occupations", ("by", "what", "seconds", "size"), rows)
        )
        console.print(
            f"Same graph, same numbers: for the {len(streamed):,} pairs GDS kept, its Jaccard differs from the engine's "
            f"jaccard_matrix by at most {worst:.2e}."
        )
    finally:
        driver.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-batch", type=int, default=NODE_BATCH)
    parser.add_argument("--edge-batch", type=int, default=EDGE_BATCH)
    parser.add_argument("--sample", type=int, default=30, help="occupations per page (default 30)")
    parser.add_argument("--first-runs", type=int, default=5, help="fresh stores for the first pathway query (default 5)")
    parser.add_argument("--skip-load", action="store_true", help="measure the queries only")
    args = parser.parse_args(argv)

    console = Console(width=150)
    settings = Settings.from_env()
    address = describe_address(settings)
    start = time.perf_counter()
    memory = open_memory_store(settings).store
    console.print(f"embedded store opened in {time.perf_counter() - start:.1f} s")
    verdicts = []

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
                f"Load over Bolt into {address} (node batch {args.node_batch:,}, edge batch {args.edge_batch:,}; target ≤ {TARGET_LOAD_S:.0f} s)",
                ("phase", "rows", "seconds", "rows/s"),
                timing_rows(result, plan.seconds),
            )
        )
        verdicts.append(("full load", plan.seconds + result.seconds <= TARGET_LOAD_S))

    cases = sample_cases(memory, args.sample)
    verdicts.append(("each page ≤ 5× embedded", measure_pages(console, memory, settings, cases)))
    verdicts.append(("first pathway query ≤ 500 ms", measure_first_path(console, memory, settings, cases, args.first_runs)))
    measure_gds(console, memory, settings)
    console.print("targets: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
