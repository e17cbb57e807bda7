"""The brief of issue 12's scenario on the full data: a retail store manager (ESCO "shop
manager") who wants to move into HR or logistics, four shortlisted roles. It must fit on
at most 4 A4 pages and lead with what the client can do."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from skillgraph.app.brief import build_brief, render_pdf
from skillgraph.app.sessions import Session, ShortlistEntry
from skillgraph.queries.free_text import match_free_text
from skillgraph.queries.search import resolve_occupation

pytestmark = pytest.mark.data

CV = (
    "Store manager for eight years, leading a team of 14. Recruited and trained new staff, planned the weekly rota, "
    "handled staff appraisals and disciplinary meetings. Managed the store budget, ordered stock from suppliers, "
    "monitored stock levels and organised deliveries from the regional warehouse."
)
ROLES = ("human resources officer", "warehouse manager", "human resources manager", "logistics and distribution manager")


def test_the_four_role_brief_of_a_store_manager_fits_on_four_pages(full_store):
    store = full_store
    origin = resolve_occupation(store, "shop manager")
    own = [r["id"] for r in store.requirements([origin])[origin] if r["relation"] == "essential"]
    found = [c.id for c in match_free_text(store, CV).candidates if c.confidence >= 0.7]
    session = Session(
        alias="R.M.",
        current_role=origin,
        skills=tuple(dict.fromkeys(own + found)),
        interests=(("Social", 5), ("Enterprising", 4), ("Conventional", 4)),
        notes="Eight years as a store manager; wants regular hours.\nOpen to HR or logistics.",
        shortlist=tuple(ShortlistEntry(resolve_occupation(store, t), f"reason for {t}") for t in ROLES),
    )
    brief = build_brief(store, session)
    pdf = PdfReader(io.BytesIO(render_pdf(brief)))
    assert len(pdf.pages) <= 4, len(pdf.pages)
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "What R.M. brings to the shortlisted roles" in first and "Shortlist" in first
    for role in brief.roles:
        assert 1 <= len(role.top_gaps) <= 5
