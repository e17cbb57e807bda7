"""``skillgraph load``: build the embedded snapshot (and optionally fill Neo4j), then print
where each source came from, counts per node and edge kind, what the crosswalk maps, what
was skipped and why, the notes, and the time of each phase."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from skillgraph.app.text_output import crosswalk_lines, meta_tables, print_notes, table
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.settings import Settings
from skillgraph.loaders.sources import PARTS, find_sources

__all__ = ["run_load"]


def _sources_table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    # Paths fold onto the next line rather than being cut with "…".
    t = table(title, columns, rows)
    for column in t.columns[1:]:
        column.overflow = "fold"
    return t


def run_load(args, settings: Settings, console: Console) -> int:
    sources = find_sources(
        settings,
        esco=args.esco,
        onet=args.onet,
        crosswalk=args.crosswalk,
        crosswalk_source=getattr(args, "crosswalk_source", None),
    )
    rows = [(part, path, sources.origin_of(key)) for (part, path), key in zip(sources.describe(), PARTS, strict=True)]
    if sources.mixed:
        console.print(_sources_table("Sources", ("part", "path", "found in"), rows))
        console.print(
            "[yellow]The sources come from different places (see 'found in'); pass the paths explicitly "
            "(--esco, --onet, --crosswalk) or set SKILLGRAPH_DATA_DIR to load from one place.[/]"
        )
    else:
        title = f"Sources, from {sources.origin}" if sources.origin else "Sources"
        console.print(_sources_table(title, ("part", "path"), [r[:2] for r in rows]))
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
    crosswalk = crosswalk_lines(meta)
    if crosswalk:
        print_notes(console, "Crosswalk", crosswalk)
    other = [n for n in meta.notes if n not in crosswalk]
    if other:
        print_notes(console, "Notes", other)
    examples = store.info.get("skip_examples", {})
    if examples:
        print_notes(console, "Examples of skipped records", (f"{r}: {ex[0]}" for r, ex in examples.items() if ex))
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", overflow="fold")
    if result.built:
        console.print(table("Phases", ("phase", "seconds"), ((k, f"{v:.2f}") for k, v in result.timings.items())))
        if result.snapshot:
            console.print(f"Snapshot written: {result.snapshot} ({result.seconds:.1f} s in all)", overflow="fold")
        else:
            console.print(f"Built in {result.seconds:.1f} s; no snapshot written (see the warning above)")
    else:
        console.print(
            f"Snapshot up to date: {result.snapshot} (opened in {result.seconds:.2f} s; --rebuild to force)", overflow="fold"
        )
    target = args.target or settings.backend
    if target == "neo4j":
        from skillgraph.app.neo4j_console import load_into_neo4j

        load_into_neo4j(store, settings, console)
    return 0
