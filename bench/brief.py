"""Session brief export times on the full data (target ≤ 3 s per format).

The realistic case: a software developer who wants to move towards ICT project
management — the developer role's essential skills plus those recognised in a CV
paragraph, interest answers, and a shortlist of four roles. The session is saved in a
temporary sessions file; each format is exported (gathering + rendering, as
``skillgraph brief`` does) several times and the median printed.

    SKILLGRAPH_DATA_DIR=../shared/data python bench/brief.py [--repeat 5] [--out DIR]

``--out DIR`` also writes the three files there (brief.html, brief.pdf, brief.md).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import median_time, open_full_store, print_table

CV_PARAGRAPH = (
    "Senior developer in a team of eight. Managed budgets for two product releases, performed risk analysis before "
    "each go-live and coached employees new to the team. Estimated the duration of work for the sprint plan."
)
INTERESTS = {"Realistic": 2, "Investigative": 4, "Artistic": 2, "Social": 3, "Enterprising": 5, "Conventional": 4}
SHORTLIST = (
    ("ICT project manager", "The goal: already plans sprints and owns the release budget."),
    ("software analyst", "A first step: closer to requirements and stakeholders, still technical."),
    ("software architect", "Technical leadership; many shared skills."),
    ("ICT product manager", "Product side: budgets and stakeholders, less day-to-day delivery."),
)
NOTES = (
    "Eight years as a backend developer (Python, Java). Leads sprint planning and owns the release budget.\n"
    "Wants to move into project management within two years, without losing touch with technology.\n"
    "Next meeting: bring the PRINCE2 Foundation course dates and one example of a risk register."
)


def realistic_session(store, sessions):
    """Create the realistic session in ``sessions`` and return it."""
    from skillgraph.app.sessions import ShortlistEntry
    from skillgraph.queries.free_text import match_free_text
    from skillgraph.queries.search import resolve_occupation, resolve_skill

    origin = resolve_occupation(store, "software developer")
    own = [r["id"] for r in store.requirements([origin])[origin] if r["relation"] == "essential"]
    pasted = [c.id for c in match_free_text(store, CV_PARAGRAPH).candidates if c.confidence >= 0.7]
    skills = own + [p for p in pasted if p not in own]
    pm = resolve_occupation(store, "ICT project manager")
    actions = {
        pm: (
            (
                resolve_skill(store, "perform project management"),
                "PRINCE2 Foundation (3 days), then run one internal project end to end.",
            ),
            (resolve_skill(store, "manage staff"), "Ask to line-manage the two junior developers from next quarter."),
        )
    }
    shortlist = []
    for title, reason in SHORTLIST:
        role = resolve_occupation(store, title)
        shortlist.append(ShortlistEntry(role, reason, actions.get(role, ())))
    return sessions.create(
        "Client A (developer → ICT PM)", current_role=origin, skills=skills, interests=INTERESTS, notes=NOTES, shortlist=shortlist
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    from skillgraph.app.brief import export_brief
    from skillgraph.app.sessions import SessionStore

    start = time.perf_counter()
    store = open_full_store()
    opened = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        sessions = SessionStore(Path(folder) / "sessions.sqlite3")
        session = realistic_session(store, sessions)
        first = {}
        for fmt in ("html", "pdf", "md"):
            t = time.perf_counter()
            data = export_brief(store, session, fmt)
            first[fmt] = (time.perf_counter() - t, len(data))
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"brief.{fmt}").write_bytes(data)
        rows = []
        for fmt in ("html", "pdf", "md"):
            median, times = median_time(lambda fmt=fmt: export_brief(store, session, fmt), repeat=args.repeat, warmup=0)
            rows.append((fmt, f"{first[fmt][0]:.2f}", f"{median:.2f}", f"{max(times):.2f}", f"{first[fmt][1] / 1024:.0f} KiB"))
    print_table(
        f"Brief export on the full data: {len(session.shortlist)} shortlisted roles, {len(session.skills)} skills "
        f"(store opened in {opened:.1f} s; target ≤ 3 s per export)",
        ("format", "first export (s)", f"median of {args.repeat} (s)", "slowest (s)", "size"),
        rows,
    )
    if args.out:
        print(f"files written to {args.out}")


if __name__ == "__main__":
    main()
