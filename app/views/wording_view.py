"""Sentences for the pages the lead shares with the counsellor flow (Compare, …): small
renderers that pages call in one line, with the words from :mod:`skillgraph.app.views.wording`.

The similarity of two roles comes from the engine's all-pairs scores
(:func:`skillgraph.queries.explain.pair_score`); a store without them falls back to the
materialised closest roles (either direction), and otherwise to an honest bound: the pair
is less alike than A's least similar listed role.
"""

from __future__ import annotations

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import wording
from skillgraph.graph.store import GraphStore
from skillgraph.queries.compare_roles import RoleComparison
from skillgraph.queries.explain import pair_score
from skillgraph.queries.similar_roles import viability_threshold

__all__ = ["pair_similarity", "similarity_metric", "render_pair_similarity"]


def pair_similarity(store: GraphStore, a_id: str, b_id: str, score: float | None = None) -> tuple[float | None, float | None]:
    """(score, upper bound): the pair's similarity when known, else the bound below which it lies."""
    if score is not None:
        return score, None
    score = pair_score(store, a_id, b_id)
    if score is not None:
        return score, None
    back = next((row["score"] for row in store.similar(b_id) if row["target_id"] == a_id), None)
    if back is not None:
        return back, None
    listed = store.similar(a_id)
    return None, (min(row["score"] for row in listed) if listed else None)


def similarity_metric(store: GraphStore, c: RoleComparison) -> str:
    """The metric's value: '31 %', or 'under 12 %' when only a bound is known."""
    score, bound = pair_similarity(store, c.a.id, c.b.id, c.score)
    if score is not None:
        return fmt.score_pct(score)
    return f"under {fmt.score_pct(bound)}" if bound is not None else "–"


def render_pair_similarity(store: GraphStore, c: RoleComparison) -> None:
    """One sentence on how alike A and B are and what that means for a move."""
    score, bound = pair_similarity(store, c.a.id, c.b.id, c.score)
    threshold = viability_threshold(store, c.a.source)
    if score is not None:
        text = wording.similarity_sentence(score, c.a.label, c.b.label, threshold=threshold)
    else:
        text = wording.similarity_unknown_sentence(c.a.label, c.b.label, listed=len(store.similar(c.a.id)) or 30)
        if bound is not None:
            text += f" (They are less than {fmt.score_pct(bound)} similar.)"
    st.markdown(fmt.md(text))
