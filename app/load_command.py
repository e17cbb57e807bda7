"""``skillgraph load``: build the embedded snapshot (and optionally fill Neo4j), then print
counts per node and edge kind, what was skipped and why, and the time of each phase."""

from __future__ import annotations

from rich.console import Console

from skillgraph.app.text_output import meta_tables, table
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.settings import Settings
from skillgraph.loaders.sources import find_sources

__all__ = ["run_load"]


def run_load(args, settings: Settings, console: Console) -> int:
    sources = find_sources(settings, esco=args.esco, onet=args.onet, crosswalk=args.crosswalk)
    console.print(table("Sources", ("part", "path"), sources.describe()))
    if not sources.esco:
        from skillgraph.loaders.sources import ESCO_HELP

        console.print("[yellow]No ESCO package given or found: loading O*NET only.[/]")
        console.out(ESCO_HELP, highlight=False)
    with console.status("building the graph …") as status:
        result = open_memory_store(settings, sources=sources, rebuild=args.rebuild, progress=lambda m: status.update(m + " …"))
    store = result.store
    meta = store.meta()
    for t in meta_tables(meta):
        console.print(t)
    if meta.notes:
        console.print(table("Notes", ("note",), ((n,) for n in meta.notes)))
    examples = store.info.get("skip_examples", {})
    if examples:
        console.print(
            table("Examples of skipped records", ("reason", "example"), ((r, e) for r, ex in examples.items() for e in ex[:1]))
        )
    if result.built:
        console.print(table("Phases", ("phase", "seconds"), ((k, f"{v:.2f}") for k, v in result.timings.items())))
        console.print(f"Snapshot written: {result.snapshot} ({result.seconds:.1f} s in all)")
    else:
        console.print(f"Snapshot up to date: {result.snapshot} (opened in {result.seconds:.2f} s; --rebuild to force)")
    target = args.target or settings.backend
    if target == "neo4j":
        from skillgraph.app.neo4j_console import load_into_neo4j

        load_into_neo4j(store, settings, console)
    return 0
