"""``skillgraph load --target neo4j``: the console side of loading into Neo4j — a progress
bar while the batches run and a per-phase timing table afterwards. The work itself is
:mod:`skillgraph.graph.neo4j_loader`."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from skillgraph.app.text_output import table
from skillgraph.graph.memory_store import MemoryStore
from skillgraph.graph.neo4j_loader import LoadResult, load_graph, plan_load
from skillgraph.graph.neo4j_store import describe_address, open_driver
from skillgraph.graph.settings import Settings

__all__ = ["load_into_neo4j", "timing_rows"]


def timing_rows(result: LoadResult, prepare_seconds: float) -> list[tuple[str, str, str, str]]:
    """(phase, rows, seconds, rows per second) for the timing table, with a total line."""
    rows = [("prepare rows", "", f"{prepare_seconds:.2f}", "")]
    for phase, seconds in result.timings.items():
        count = result.rows.get(phase, 0)
        rate = f"{count / seconds:,.0f}" if count and seconds > 0 else ""
        rows.append((phase, f"{count:,}" if count else "", f"{seconds:.2f}", rate))
    rows.append(("total", "", f"{prepare_seconds + result.seconds:.2f}", ""))
    return rows


def load_into_neo4j(store: MemoryStore, settings: Settings, console: Console, *, force: bool = False) -> LoadResult:
    """Load the built embedded ``store`` into the Neo4j server of ``settings``.

    Skips the work when the server already holds exactly this data (same fingerprint,
    complete marker, same counts) unless ``force``. Errors are SkillgraphErrors the CLI
    prints (unreachable server, refused credentials, a load that did not verify).
    """
    address = describe_address(settings)
    with console.status("preparing rows for Neo4j …"):
        plan = plan_load(store)
    driver = open_driver(settings)
    try:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task(f"loading into {address}", total=plan.total_rows)

            def progress(phase: str, done: int, total: int) -> None:
                bar.update(task, completed=done, description=f"{phase:<28}")

            start = time.perf_counter()
            result = load_graph(
                driver,
                plan,
                database=settings.neo4j_database,
                address=address,
                force=force,
                progress=progress,
            )
            bar.update(task, completed=plan.total_rows if result.mode != "unchanged" else 0)
            elapsed = time.perf_counter() - start
    finally:
        driver.close()
    if result.mode == "unchanged":
        console.print(
            f"Neo4j at {address} already holds this data (fingerprint {plan.fingerprint[:12]}, load complete); nothing loaded."
        )
        return result
    console.print(table("Neo4j load phases", ("phase", "rows", "seconds", "rows/s"), timing_rows(result, plan.seconds)))
    nodes = sum(result.node_counts.values())
    edges = sum(result.edge_counts.values())
    how = "resumed an unfinished load" if result.mode == "resumed" else "loaded from scratch"
    console.print(
        f"Neo4j at {address}: {nodes:,} nodes and {edges:,} relationships ({how}, {elapsed:.1f} s); "
        "load marker complete. Use it with SKILLGRAPH_BACKEND=neo4j."
    )
    return result
