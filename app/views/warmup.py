"""Once the store is open: freeze it out of the garbage collector's way, and warm the
per-store caches in the background, so that the first
counsellor to search a role, paste a CV or check leverage does not pay for building the
indexes those queries keep (the free-text phrase index, the leverage matrices, the pathway
graph, inbound lists: 0.2–2.5 s each on the full data, once per process).

The queries are thread-safe (:mod:`skillgraph.queries.store_cache` builds each cache
once, under a lock); the thread is a daemon and failures are ignored — a cold cache is
only slower, never wrong.
"""

from __future__ import annotations

import gc
import threading

import streamlit as st

from skillgraph.graph.errors import SkillgraphError
from skillgraph.graph.store import GraphStore

__all__ = ["start", "warm"]


def warm(store: GraphStore, delay: float = 0.0) -> None:
    """Run each expensive query once on a sample role (after ``delay`` seconds, so the
    first page is drawn before the warm-up competes with it)."""
    import time

    # The language model's index of the taxonomies first, before the delay: read from the
    # cache, or built (minutes, once per data version) in a thread of its own — until it
    # is ready, searches and pasted texts are matched by wording instead of waiting for it.
    from skillgraph.queries.embeddings import start_background_build

    try:
        start_background_build(store)
    except Exception:  # noqa: BLE001 - without it the app matches by wording
        pass
    time.sleep(delay)
    from skillgraph.queries.fit import fit_view
    from skillgraph.queries.free_text import match_free_text
    from skillgraph.queries.inbound import inbound_roles
    from skillgraph.queries.match_skills import match_skills
    from skillgraph.queries.pathways import growth_paths, progression_paths
    from skillgraph.queries.profile import occupation_profile
    from skillgraph.queries.search import search_occupations, search_skills
    from skillgraph.queries.similar_roles import similar_roles
    from skillgraph.queries.skill_leverage import skill_leverage

    steps = []
    try:
        found = search_occupations(store, "manager", limit=1)
        if not found:
            return
        role = found[0].id
        skills = [r["id"] for r in store.requirements([role]).get(role, []) if r["relation"] == "essential"]
        near = similar_roles(store, role, limit=5).roles
        steps = [
            lambda: occupation_profile(store, role),
            lambda: growth_paths(store, role, steps=1, limit=5),
            lambda: growth_paths(store, role, steps=2, limit=5),
            lambda: inbound_roles(store, role, limit=5),
            lambda: match_skills(store, skills, limit=15),
            lambda: skill_leverage(store, skills, limit=5),
            lambda: fit_view(store, {"Social": 4}, skills, limit=15),
            lambda: match_free_text(store, "Managed budgets, trained new staff and ordered stock from suppliers."),
            lambda: search_skills(store, "manage budgets", limit=8),
        ]
        if near:
            steps.append(lambda: progression_paths(store, role, near[-1].target.id, k=3, max_steps=3))
    except SkillgraphError:
        return
    for step in steps:
        try:
            step()
        except SkillgraphError:
            continue
    gc.freeze()  # the caches just built live as long as the store: out of the collector's way too


@st.cache_resource(show_spinner=False)
def _thread(key: int, _store: GraphStore) -> threading.Thread:
    # Streamlit collects garbage after every script run (runner.postScriptGC); a full
    # collection walks every object alive — the embedded graph is millions of them, ~1 s
    # per click. Frozen once it is open, they are skipped (they live as long as the process).
    gc.freeze()  # cheap (no collection): the first page is not held up
    thread = threading.Thread(target=warm, args=(_store, 2.0), name="skillgraph-warm-up", daemon=True)
    thread.start()
    return thread


def start(store: GraphStore) -> None:
    """Start the warm-up once per store and process (later calls do nothing)."""
    _thread(id(store), store)
