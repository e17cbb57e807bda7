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
    p.add_argument("--viable-only", action="store_true", help="only realistic moves")
    p.add_argument(
        "--other-fields", action="store_true", help="only moves into other fields (outside the family and ISCO minor group)"
    )
    p.add_argument(
        "--every-specialisation", action="store_true", help="list every role instead of one per family of specialisations"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("gap", help="what separates one role from another")
    p.add_argument("origin", help="id or title of the role you have")
    p.add_argument("target", help="id or title of the role you want")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("path", help="progression paths from one role (or a set of skills) to another")
    p.add_argument("origin", nargs="?", help="id or title of the role you have (or use --from-skills)")
    p.add_argument("target", help="id or title of the role you want")
    p.add_argument("--from-skills", nargs="+", metavar="SKILL", help="start from these skills (ids or exact labels)")
    p.add_argument("-k", type=int, default=3, help="number of paths (default 3)")
    p.add_argument("--max-steps", type=int, default=4, help="moves at most (1–6, default 4)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("growth", help="viable moves up (higher job zone or ISCO skill level)")
    p.add_argument("occupation", nargs="+")
    p.add_argument("--steps", type=int, default=2)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("match", help="roles ranked by how well a set of skills covers them")
    p.add_argument("skills", nargs="+", help="skill ids or exact labels, e.g. 'manage budgets'")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--other-fields-from", metavar="ROLE", help="only roles outside this role's family and ISCO minor group")
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


def _role_title(role) -> str:
    """A role's title with the size of its family: 'bakery shop manager (+41 related)'."""
    more = len(role.family)
    return role.target.label + (f" (+{more} related)" if more else "")


def _similar_table(title: str, result) -> object:
    return table(
        title,
        ("#", "role", "similar", "you have", "realistic"),
        (
            (
                r.rank,
                _role_title(r),
                pct(r.score),
                f"{pct(r.coverage)}: {len(r.shared_essential)} of "
                f"{len(r.shared_essential) + len(r.missing_essential)}"
                + (f" + {len(r.near_matches)} related" if r.near_matches else ""),
                "yes" if r.viable else "no",
            )
            for r in result.roles
        ),
    )


def cmd_similar(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.queries.search import resolve_occupation
    from skillgraph.queries.similar_roles import similar_roles

    store = _store(settings)
    origin = resolve_occupation(store, " ".join(args.occupation))
    options = dict(
        same_major_group=args.same_major,
        job_zone_within=args.job_zone_within,
        min_coverage=args.min_coverage,
        viable_only=args.viable_only,
        group_families=not args.every_specialisation,
    )
    result = similar_roles(store, origin, limit=args.limit, other_fields=args.other_fields, **options)
    other = None
    if not args.other_fields:
        other = similar_roles(store, origin, limit=min(args.limit, 5), other_fields=True, **options)
    if args.json:
        print_json(console, result if other is None else {"similar": result, "other_fields": other})
        return 0
    legend = (
        f"#: rank by similarity among all {result.candidates:,} roles. You have: the share of the role's essential "
        f"skills already brought (related skills count partly), held of all. Realistic: similarity ≥ "
        f"{pct(result.threshold)}, at least {pct(result.min_step_coverage)} brought, job zone within one. "
        "Details: skillgraph gap FROM TO."
    )
    heading = "Moves into other fields" if args.other_fields else "Most similar roles, one per family of specialisations"
    if args.every_specialisation:
        heading = "Most similar roles"
    console.print(_similar_table(f"From {result.origin.label}: {heading}", result))
    if not result.roles:
        console.print(f"No role passes these filters among the {result.candidates:,} roles of {result.origin.source}.")
    if other is not None:
        console.print(_similar_table(f"From {result.origin.label}: moves into other fields", other))
        if not other.roles:
            console.print("No role outside this role's field passes these filters.")
    console.print(legend, highlight=False)
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
        "not computed"
        if gap.score is None
        else f"{gap.score:.3f} ({'a realistic move' if gap.viable else 'not a realistic move in one step'})"
    )
    console.out(
        f"From {gap.origin.label} to {gap.target.label}\n"
        f"  similarity: {score}\n"
        f"  you already have {len(gap.shared_essential)} of the "
        f"{len(gap.shared_essential) + len(gap.missing_essential)} essential skills, and related skills for "
        f"{len(gap.near_matches)} more: {pct(gap.coverage)} covered; "
        f"the reverse move would cover {pct(gap.reverse_coverage)}",
        highlight=False,
    )
    if gap.shared_essential:
        console.print(table("Already covered", ("skill",), ((r.label,) for r in gap.shared_essential)))
    if gap.near_matches:
        console.print(
            table(
                "Related skills (count partly)",
                ("target needs", "you have related", "credit"),
                ((n.requirement.label, "; ".join(n.related), pct(n.credit)) for n in gap.near_matches),
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
            table(f"{title} {n} (cost {path.cost:.2f})", ("step", "move", "similarity", "you have", "skills to acquire"), rows)
        )


def cmd_path(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from skillgraph.graph.errors import InvalidArgumentError
    from skillgraph.queries.pathways import explain_no_route, paths_from_profile, progression_paths
    from skillgraph.queries.search import resolve_occupation, resolve_skill

    store = _store(settings)
    target = resolve_occupation(store, args.target)
    if args.from_skills:
        if args.origin:
            raise InvalidArgumentError("Give either a starting role or --from-skills, not both")
        skills = [resolve_skill(store, s) for s in args.from_skills]
        paths = paths_from_profile(store, skills, target, k=args.k, max_steps=args.max_steps)
        why = None if paths else f"No route of at most {args.max_steps} realistic moves from these skills."
    else:
        if not args.origin:
            raise InvalidArgumentError("Give the role you have and the role you want (or --from-skills SKILL … and the target)")
        origin = resolve_occupation(store, args.origin)
        paths = progression_paths(store, origin, target, k=args.k, max_steps=args.max_steps)
        why = None if paths else explain_no_route(store, origin, target, max_steps=args.max_steps)
    if args.json:
        print_json(console, paths if why is None else {"paths": [], "no_route": why})
        return 0
    if paths:
        _print_paths(console, "Path", paths)
    else:
        console.print(why if isinstance(why, str) else why.reason, highlight=False)
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
        console.print("No realistic move up found within these steps.")
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
    from skillgraph.queries.search import resolve_occupation, resolve_skill

    store = _store(settings)
    ids = [resolve_skill(store, s) for s in args.skills]
    field = resolve_occupation(store, args.other_fields_from) if args.other_fields_from else None
    matches = match_skills(store, ids, limit=args.limit, other_fields_from=field, other_fields=field is not None)
    if args.json:
        print_json(console, matches)
        return 0
    console.print(
        table(
            "Roles your skills cover best" + (" (other fields)" if field else ""),
            ("#", "role", "you have", "fit", "matched", "related", "missing"),
            (
                (
                    i,
                    m.occupation.label + (f" (+{len(m.family)} related)" if m.family else ""),
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
