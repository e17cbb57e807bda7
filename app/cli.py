"""The ``skillgraph`` command line.

Every command reads its settings from ``SKILLGRAPH_*`` environment variables (see the
README); errors print one line naming what is wrong and how to fix it, and exit with 2
(3 when no data was found, so scripts can offer the download).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from skillgraph.graph.errors import DataNotFoundError, SkillgraphError
from skillgraph.graph.settings import Settings

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillgraph",
        description="Skills graph explorer with career pathways (ESCO + O*NET).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("load", help="build the graph from the official files and print what was loaded")
    p.add_argument("--esco", nargs="+", type=Path, default=[], metavar="PATH", help="ESCO CSV package: zip(s) or folder")
    p.add_argument(
        "--onet", nargs="+", type=Path, default=[], metavar="PATH", help="O*NET text release: db_XX_X_text.zip or folder"
    )
    p.add_argument("--crosswalk", nargs="+", type=Path, default=[], metavar="PATH", help="crosswalk CSV files or their folder")
    p.add_argument("--target", choices=("memory", "neo4j"), default=None, help="where to load (default: SKILLGRAPH_BACKEND)")
    p.add_argument(
        "--crosswalk-source",
        choices=("official", "nesta", "both"),
        default=None,
        help="ESCO–O*NET crosswalk: the official EC/USDOL one, Nesta's, or both (official first); "
        "default: SKILLGRAPH_CROSSWALK, else the last load's choice, else both",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild even if a matching snapshot exists; needed to replace a snapshot with one built from fewer sources",
    )

    sub.add_parser("stats", help="counts of the loaded graph")

    p = sub.add_parser("search", help="find occupations by title, by meaning and by wording (typo-tolerant)")
    p.add_argument("text", nargs="*", help="what to search for (at most 200 characters; longer is cut)")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--source", choices=("ESCO", "O*NET"))
    p.add_argument("--skills", action="store_true", help="search skills and knowledge instead")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help='read one query per line from standard input, write one JSON object per line: {"text", "occupations"}',
    )

    p = sub.add_parser("show", help="the profile of one occupation (id or title)")
    p.add_argument("occupation", nargs="+")
    p.add_argument("--all", action="store_true", help="show every alt label, optional skill, technology and tool")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("download", help="fetch official files into the cache (O*NET and the crosswalks)")
    p.add_argument(
        "what",
        choices=("onet", "crosswalks", "esco"),
        help="'onet': O*NET and the crosswalks; 'crosswalks': the crosswalks only; 'esco' explains how to get ESCO",
    )
    p.add_argument("--force", action="store_true", help="download again even if the file is cached")

    _add_engine_commands(sub)
    return parser


def _add_engine_commands(sub) -> None:
    from skillgraph.app import cli_engine

    cli_engine.add_commands(sub)
    from skillgraph.app import cli_brief

    cli_brief.add_commands(sub)
    from skillgraph.app import cli_text

    cli_text.add_commands(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    from skillgraph.app.text_output import SafeConsole

    parser = build_parser()
    args = parser.parse_args(argv)
    # Every string printed passes through text_output.safe_text: no label can reach the
    # terminal as an escape sequence.
    console = SafeConsole(highlight=False, soft_wrap=False)
    # soft_wrap: an error stays one line however narrow the (non-)terminal is.
    errors = SafeConsole(stderr=True, highlight=False, soft_wrap=True)
    try:
        settings = Settings.from_env()
        handler = _HANDLERS.get(args.command)
        if handler is None:
            from skillgraph.app import cli_brief, cli_engine, cli_text

            handler = (
                cli_engine.HANDLERS.get(args.command) or cli_text.HANDLERS.get(args.command) or cli_brief.HANDLERS[args.command]
            )
        return handler(args, settings, console) or 0
    except DataNotFoundError as e:
        errors.print(f"[bold red]error:[/] {_escape(str(e))}")
        return 3
    except SkillgraphError as e:
        errors.print(f"[bold red]error:[/] {_escape(str(e))}")
        return 2
    except OSError as e:
        # A file or folder the command needed (a path in SKILLGRAPH_*, an --out file): one
        # line naming it, as for every other error.
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        errors.print(f"[bold red]error:[/] {_escape(where + (e.strerror or str(e)))}")
        return 2
    except KeyboardInterrupt:
        errors.print("interrupted")
        return 130


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _cmd_load(args, settings: Settings, console: Console) -> int:
    from skillgraph.app.load_command import run_load

    return run_load(args, settings, console)


def _cmd_stats(args, settings: Settings, console: Console) -> int:
    from skillgraph.app.text_output import crosswalk_lines, meta_tables, print_notes
    from skillgraph.app.workspace import open_store

    store = open_store(settings)
    meta = store.meta()
    for t in meta_tables(meta):
        console.print(t)
    crosswalk_notes = crosswalk_lines(meta)
    if crosswalk_notes:
        print_notes(console, "Crosswalk", crosswalk_notes)
    if meta.similarity:
        for prefix, name in (("esco", "ESCO"), ("onet", "O*NET")):
            if f"{prefix}_threshold" in meta.similarity:
                console.print(
                    f"{name} viability threshold: {meta.similarity[f'{prefix}_threshold']:.3f} "
                    f"(percentile {meta.similarity[f'{prefix}_threshold_percentile']:.1f} of all pairs)"
                )
    return 0


def _cmd_search(args, settings: Settings, console: Console) -> int:
    from skillgraph.app.cli_text import search

    return search(args, settings, console)


def _cmd_show(args, settings: Settings, console: Console) -> int:
    from skillgraph.app.text_output import print_json, profile_text
    from skillgraph.app.workspace import open_store
    from skillgraph.queries.profile import occupation_profile
    from skillgraph.queries.search import resolve_occupation

    store = open_store(settings)
    occupation_id = resolve_occupation(store, " ".join(args.occupation))
    profile = occupation_profile(store, occupation_id)
    if args.json:
        print_json(console, profile)
    else:
        crosswalk = store.meta().versions.get("crosswalk", "")
        console.out(profile_text(profile, show_all=args.all, crosswalk=crosswalk), highlight=False)
    return 0


def _cmd_download(args, settings: Settings, console: Console) -> int:
    from skillgraph.loaders.download import CROSSWALK_DOWNLOADS, ONET_DOWNLOADS, download_onet
    from skillgraph.loaders.sources import ESCO_HELP

    if args.what == "esco":
        console.out(ESCO_HELP, highlight=False)
        return 0
    items = CROSSWALK_DOWNLOADS if args.what == "crosswalks" else ONET_DOWNLOADS
    paths = download_onet(settings.download_dir, items=items, force=args.force, console=console)
    for path in paths:
        console.out(f"ready: {path}", highlight=False)
    console.out("Next: skillgraph load   (add --esco PATH.zip to include ESCO)", highlight=False)
    return 0


_HANDLERS = {
    "load": _cmd_load,
    "stats": _cmd_stats,
    "search": _cmd_search,
    "show": _cmd_show,
    "download": _cmd_download,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
