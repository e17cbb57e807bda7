"""Session brief export times on the full data (target ≤ 1.5 s per format), page count of
the PDF (target ≤ 4 pages for 4 roles).

The counsellor's scenario of issue 12: a retail store manager (ESCO "shop manager") who
wants to move into HR or logistics — the shop manager's essential skills plus those
recognised in a CV paragraph, interest answers, notes, and a shortlist of four roles
(human resources officer, human resources manager, warehouse manager, logistics and
distribution manager) with reasons and two of the counsellor's own next actions. The
session is saved in a temporary sessions file; each format is exported (gathering +
rendering, as ``skillgraph brief`` does) several times and the median printed.

    SKILLGRAPH_DATA_DIR=../shared/data python bench/brief.py [--repeat 5] [--out DIR]

``--out DIR`` also writes the three files there (brief.html, brief.pdf, brief.md).
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from common import median_time, open_full_store, print_table

CURRENT_ROLE = "shop manager"
CV_PARAGRAPH = (
    "Store manager for eight years, leading a team of 14. Recruited and trained new staff, planned the weekly rota, "
    "handled staff appraisals and disciplinary meetings. Managed the store budget, ordered stock from suppliers, "
    "monitored stock levels and organised deliveries from the regional warehouse."
)
INTERESTS = {"Realistic": 2, "Investigative": 3, "Artistic": 1, "Social": 5, "Enterprising": 4, "Conventional": 4}
SHORTLIST = (
    ("human resources officer", "The move she asks for: recruiting, training and rotas are already her week."),
    ("warehouse manager", "Logistics route: stock control and deliveries carry over; leads a team already."),
    ("human resources manager", "A goal for later: HR with the people-management experience she has."),
    ("logistics and distribution manager", "Broader logistics role; supplier and budget work carry over."),
)
ACTIONS = {
    "human resources officer": (
        ("employment law", "CIPD Level 3 Foundation Certificate in People Practice (evening course, 6 months)."),
    ),
    "warehouse manager": (
        ("manage warehouse operations", "Two weeks shadowing at the regional warehouse, arranged by her area manager."),
    ),
}
NOTES = (
    "Eight years as a store manager in a supermarket chain; leads 14 people. Enjoys the recruiting and training part most.\n"
    "Wants regular hours; open to HR or logistics. Can study in the evenings; no degree.\n"
    "Next meeting: bring two CIPD course options and the warehouse shadowing dates."
)


def realistic_session(store, sessions):
    """Create the scenario's session in ``sessions`` and return it."""
    from skillgraph.app.sessions import ShortlistEntry
    from skillgraph.graph.errors import SkillgraphError
    from skillgraph.queries.free_text import match_free_text
    from skillgraph.queries.search import resolve_occupation, resolve_skill

    origin = resolve_occupation(store, CURRENT_ROLE)
    own = [r["id"] for r in store.requirements([origin])[origin] if r["relation"] == "essential"]
    pasted = [c.id for c in match_free_text(store, CV_PARAGRAPH).candidates if c.confidence >= 0.7]
    skills = own + [p for p in pasted if p not in own]
    shortlist = []
    for title, reason in SHORTLIST:
        role = resolve_occupation(store, title)
        actions = []
        for skill, action in ACTIONS.get(title, ()):
            try:
                actions.append((resolve_skill(store, skill), action))
            except SkillgraphError:  # the label differs in another ESCO version: keep the suggestion
                continue
        shortlist.append(ShortlistEntry(role, reason, tuple(actions)))
    return sessions.create(
        "R.M. (store manager → HR or logistics)",
        current_role=origin,
        skills=skills,
        interests=INTERESTS,
        notes=NOTES,
        shortlist=shortlist,
    )


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


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
            size = f"{first[fmt][1] / 1024:.0f} KiB"
            if fmt == "pdf":
                size += f", {pdf_pages(export_brief(store, session, 'pdf'))} pages (target ≤ 4)"
            rows.append((fmt, f"{first[fmt][0]:.2f}", f"{median:.2f}", f"{max(times):.2f}", size))
    print_table(
        f"Brief export on the full data: {len(session.shortlist)} shortlisted roles, {len(session.skills)} skills "
        f"(store opened in {opened:.1f} s; target ≤ 1.5 s per export)",
        ("format", "first export (s)", f"median of {args.repeat} (s)", "slowest (s)", "size"),
        rows,
    )
    if args.out:
        print(f"files written to {args.out}")


if __name__ == "__main__":
    main()
