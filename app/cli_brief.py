"""CLI commands for counsellors: ``skillgraph brief`` and ``skillgraph sessions``.

``brief --session ID --format html|pdf|md --out FILE`` writes the brief of a saved
session; ``sessions list``, ``sessions delete ID``, ``sessions delete-all``,
``sessions export ID --out FILE.json`` and ``sessions import FILE.json`` manage the saved
sessions (the private file in ``SKILLGRAPH_HOME``, or the PostgreSQL database named by
``SKILLGRAPH_SESSIONS_URL``). Nothing is sent anywhere else.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from skillgraph.app.text_output import table
from skillgraph.graph.settings import Settings

__all__ = ["add_commands", "HANDLERS"]


def add_commands(sub) -> None:
    """Register ``brief`` and ``sessions`` on the ``skillgraph`` parser."""
    p = sub.add_parser("brief", help="write the brief of a saved counselling session (HTML, PDF or Markdown)")
    p.add_argument("--session", required=True, metavar="ID", help="session id (see: skillgraph sessions list)")
    p.add_argument("--format", choices=("html", "pdf", "md"), default=None, help="default: from the --out suffix")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")

    p = sub.add_parser("sessions", help="list, delete, export or import saved counselling sessions")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="the saved sessions, most recent first")
    d = actions.add_parser("delete", help="delete one session")
    d.add_argument("session", metavar="ID")
    a = actions.add_parser("delete-all", help="delete every session and the sessions file itself")
    a.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    e = actions.add_parser("export", help="write one session to a JSON file (to move it to another machine, or as a backup)")
    e.add_argument("session", metavar="ID")
    e.add_argument("--out", type=Path, required=True, metavar="FILE.json")
    i = actions.add_parser("import", help="read a session file written by export (checked first; stored as a new session)")
    i.add_argument("file", type=Path, metavar="FILE.json")


def _sessions(settings: Settings):
    from skillgraph.app.sessions import open_session_store

    return open_session_store(settings)


def cmd_brief(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.app.brief import FORMATS, write_brief
    from skillgraph.app.workspace import open_store
    from skillgraph.graph.errors import InvalidArgumentError

    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"Cannot tell the format from {args.out.name!r}; add --format html, pdf or md")
    session = _sessions(settings).get(args.session)
    store = open_store(settings)
    out = write_brief(store, session, fmt, args.out)
    console.out(
        f"wrote the {fmt.upper()} brief of {session.alias} ({len(session.shortlist)} shortlisted roles) to {out}", highlight=False
    )
    return 0


def cmd_sessions(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    store = _sessions(settings)
    if args.action == "list":
        rows = store.list_sessions()
        if not rows:
            console.out(f"No saved sessions ({store.location()} does not hold any).", highlight=False)
            return 0
        console.print(
            table(
                f"Saved sessions ({store.location()})",
                ("id", "client alias", "shortlisted", "skills", "updated"),
                ((s.id, s.alias, s.shortlisted, s.skills, s.updated_at[:16].replace("T", " ")) for s in rows),
            )
        )
        return 0
    if args.action == "delete":
        session = store.get(args.session)
        store.delete(args.session)
        console.out(f"deleted session {args.session} ({session.alias})", highlight=False)
        return 0
    if args.action == "export":
        return _export(store, args, settings, console)
    if args.action == "import":
        return _import(store, args, settings, console)
    if not args.yes:
        try:
            answer = input(f"Delete every saved session and draft in {store.location()}? Type 'yes' to confirm: ")
        except EOFError:  # stdin closed or empty (a script, a pipe): no answer is no
            console.out("\nnothing deleted: no answer on standard input (pass --yes to delete without asking)", highlight=False)
            return 1
        if answer.strip().lower() != "yes":
            console.out("nothing deleted", highlight=False)
            return 1
    removed = store.delete_all()
    console.out("deleted: " + ("; ".join(str(p) for p in removed) or "nothing was stored"), highlight=False)
    return 0


def _export(store, args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.app.session_files import session_to_json, write_private

    session = store.get(args.session)
    from skillgraph.graph.errors import SkillgraphError

    try:  # the data versions are a courtesy to the reader; exporting never needs the graph
        from skillgraph.app.workspace import open_store

        versions = {k: str(v) for k, v in open_store(settings).meta().versions.items()}
    except SkillgraphError:
        versions = {}
    out = write_private(args.out, session_to_json(session, versions=versions).encode("utf-8"))
    console.out(
        f"wrote the session of {session.alias} ({len(session.skills)} skills, {len(session.shortlist)} shortlisted roles) "
        f"to {out} (readable by you only)",
        highlight=False,
    )
    return 0


def _import(store, args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.app.session_files import import_session
    from skillgraph.app.workspace import open_store
    from skillgraph.graph.errors import InvalidArgumentError

    try:
        data = args.file.read_bytes()
    except OSError as e:
        raise InvalidArgumentError(f"Cannot read {args.file}: {e.strerror}") from e
    session = import_session(store, data, open_store(settings))
    console.out(
        f"imported the session of {session.alias} as {session.id} ({len(session.skills)} skills, "
        f"{len(session.shortlist)} shortlisted roles)",
        highlight=False,
    )
    return 0


HANDLERS = {"brief": cmd_brief, "sessions": cmd_sessions}
