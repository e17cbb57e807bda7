"""CLI commands over the similarity engine: similar, gap, path, growth, match, export."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from skillgraph.app.text_output import num, pct, print_json, table
from skillgraph.graph.settings import Settings

__all__ = ["add_commands", "HANDLERS"]


def add_commands(sub) -> None:
    """Register the engine's commands on the ``skillgraph`` parser."""
    p = sub.add_parser("similar", help="roles similar to a role, with shared and missing skills")
    p.add_argument("occupation", nargs="+", help="id or title")
    p.add_argument("--limit", type=int, default=10)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--same-major-group", dest="same_major", action="store_true", default=None)
    group.add_argument("--other-major-group", dest="same_major", action="store_false")
    p.add_argument("--job-zone-within", type=int, default=None, metavar="N")
    p.add_argument("--min-coverage", type=float, default=0.0, metavar="F", help="0–1")
    p.add_argument("--viable-only", action="store_true")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("gap", help="what separates one role from another")
    p.add_argument("origin", help="id or title of the role you have")
    p.add_argument("target", help="id or title of the role you want")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("path", help="progression paths from one role to another")
    p.add_argument("origin")
    p.add_argument("target")
    p.add_argument("-k", type=int, default=3, help="number of paths (default 3)")
    p.add_argument("--max-steps", type=int, default=4)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("growth", help="viable moves up (higher job zone or ISCO skill level)")
    p.add_argument("occupation", nargs="+")
    p.add_argument("--steps", type=int, default=2)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("match", help="roles ranked by how well a set of skills covers them")
    p.add_argument("skills", nargs="+", help="skill ids or exact labels, e.g. 'manage budgets'")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="bulk exports")
    p.add_argument("what", choices=("similar",))
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--out", type=Path, required=True)


def _store(settings: Settings):
    from skillgraph.app.workspace import open_store

    return open_store(settings)


def _labels(items, n: int = 6) -> str:
    labels = [i.label for i in items]
    more = f" … +{len(labels) - n}" if len(labels) > n else ""
    return "; ".join(labels[:n]) + more


def cmd_similar(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.queries.search import resolve_occupation
    from skillgraph.queries.similar_roles import similar_roles

    store = _store(settings)
    origin = resolve_occupation(store, " ".join(args.occupation))
    result = similar_roles(
        store,
        origin,
        limit=args.limit,
        same_major_group=args.same_major,
        job_zone_within=args.job_zone_within,
        min_coverage=args.min_coverage,
        viable_only=args.viable_only,
    )
    if args.json:
        print_json(console, result)
        return 0
    console.print(
        table(
            f"From {result.origin.label} to these roles (coverage = share of the target's essential skills you have; "
            f"viable ≥ {result.threshold:.3f})",
            ("#", "role", "score", "coverage", "viable", "shared essential", "near", "missing essential"),
            (
                (
                    r.rank,
                    r.target.label,
                    num(r.score),
                    pct(r.coverage),
                    "yes" if r.viable else "no",
                    f"{len(r.shared_essential)}: {_labels(r.shared_essential, 4)}",
                    len(r.near_matches),
                    f"{len(r.missing_essential)}: {_labels(r.missing_essential, 4)}",
                )
                for r in result.roles
            ),
        )
    )
    if not result.roles:
        console.print(f"No role passes the filters among the {result.candidates} most similar roles.")
    return 0


def cmd_gap(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.queries.search import resolve_occupation
    from skillgraph.queries.skill_gap import skill_gap

    store = _store(settings)
    gap = skill_gap(store, resolve_occupation(store, args.origin), resolve_occupation(store, args.target))
    if args.json:
        print_json(console, gap)
        return 0
    score = (
        "not among the most similar roles"
        if gap.score is None
        else f"{gap.score:.3f} ({'viable' if gap.viable else 'below the viability threshold'})"
    )
    console.out(
        f"From {gap.origin.label} to {gap.target.label}\n"
        f"  similarity: {score}\n"
        f"  you already have {pct(gap.coverage)} of the target's essential skills "
        f"({len(gap.shared_essential)} of {len(gap.shared_essential) + len(gap.missing_essential)}); "
        f"the reverse move would cover {pct(gap.reverse_coverage)}",
        highlight=False,
    )
    if gap.shared_essential:
        console.print(table("Already covered", ("skill",), ((r.label,) for r in gap.shared_essential)))
    if gap.near_matches:
        console.print(
            table(
                "Near matches",
                ("target needs", "you have related"),
                ((n.requirement.label, "; ".join(n.related)) for n in gap.near_matches),
            )
        )
    console.print(
        table(
            "To acquire, by skill group",
            ("group", "skills"),
            ((s.group_label, "; ".join(i.label for i in s.items)) for s in gap.gaps_by_group),
        )
    )
    if gap.technologies_to_learn:
        console.print(
            table(
                "Technologies to learn (★ hot)",
                ("technology",),
                ((("★ " if t.hot else "") + t.label,) for t in gap.technologies_to_learn[:25]),
            )
        )
    return 0


def _print_paths(console: Console, title: str, paths) -> None:
    if not paths:
        console.print(f"{title}: no viable path found.")
        return
    for n, path in enumerate(paths, start=1):
        rows = (
            (
                i,
                f"{s.origin.label} → {s.target.label}",
                num(s.score),
                pct(s.coverage),
                f"{len(s.to_acquire)}: {_labels(s.to_acquire, 5)}",
            )
            for i, s in enumerate(path.steps, start=1)
        )
        console.print(
            table(f"{title} {n} (cost {path.cost:.2f})", ("step", "move", "score", "coverage", "skills to acquire"), rows)
        )


def cmd_path(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.queries.pathways import progression_paths
    from skillgraph.queries.search import resolve_occupation

    store = _store(settings)
    paths = progression_paths(
        store, resolve_occupation(store, args.origin), resolve_occupation(store, args.target), k=args.k, max_steps=args.max_steps
    )
    if args.json:
        print_json(console, paths)
    else:
        _print_paths(console, "Path", paths)
    return 0


def cmd_growth(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.queries.pathways import growth_paths
    from skillgraph.queries.search import resolve_occupation

    store = _store(settings)
    paths = growth_paths(store, resolve_occupation(store, " ".join(args.occupation)), steps=args.steps, limit=args.limit)
    if args.json:
        print_json(console, paths)
        return 0
    if not paths:
        console.print("No viable move up found.")
        return 0
    console.print(
        table(
            "Growth paths (job zone / ISCO skill level up)",
            ("#", "path", "cost", "target job zone", "skills to acquire"),
            (
                (
                    i,
                    " → ".join(o.label for o in p.occupations),
                    f"{p.cost:.2f}",
                    p.target.job_zone or "–",
                    sum(len(s.to_acquire) for s in p.steps),
                )
                for i, p in enumerate(paths, start=1)
            ),
        )
    )
    return 0


def cmd_match(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.queries.match_skills import match_skills
    from skillgraph.queries.search import resolve_skill

    store = _store(settings)
    ids = [resolve_skill(store, s) for s in args.skills]
    matches = match_skills(store, ids, limit=args.limit)
    if args.json:
        print_json(console, matches)
        return 0
    console.print(
        table(
            "Roles your skills cover best",
            ("#", "role", "coverage", "fit", "matched", "near", "missing"),
            (
                (
                    i,
                    m.occupation.label,
                    pct(m.coverage),
                    num(m.fit, 2),
                    _labels(m.matched, 4),
                    len(m.near),
                    f"{len(m.missing)}: {_labels(m.missing, 3)}",
                )
                for i, m in enumerate(matches, start=1)
            ),
        )
    )
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.queries.export import export_similar

    store = _store(settings)
    counts = export_similar(store, args.out, top=args.top)
    origins = ", ".join(f"{k}: {v:,}" for k, v in counts.items() if k != "rows")
    console.out(f"wrote {counts['rows']:,} rows for {origins} occupations to {args.out}", highlight=False)
    return 0


HANDLERS = {
    "similar": cmd_similar,
    "gap": cmd_gap,
    "path": cmd_path,
    "growth": cmd_growth,
    "match": cmd_match,
    "export": cmd_export,
}
