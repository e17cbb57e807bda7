"""The sentence behind a number, and the lists one click away: what the client already
has, what is related (a missing skill next to one they have) and what is still missing.
Used by My skills, the fit check and the Session brief (rendering only; the words come
from :mod:`skillgraph.app.views.wording`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import wording
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import Comparison, compare_rows
from skillgraph.queries.profile import Requirement

__all__ = ["render_held_missing", "memo", "profile_comparison"]


def render_held_missing(
    held: Sequence[Requirement],
    related: Sequence[Requirement],
    missing: Sequence[Requirement],
    *,
    role: str,
    total: int | None = None,
    expanded: bool = False,
    limit: int = 25,
) -> None:
    """The coverage sentence, then an expander with the three lists."""
    total = total if total is not None else len(held) + len(related) + len(missing)
    st.markdown(fmt.md(wording.coverage_sentence(len(held), total, role, related=len(related))))
    with st.expander(
        f"What the client has ({len(held)}), what is related ({len(related)}) and what is missing ({len(missing)})",
        expanded=expanded,
    ):
        st.markdown("**Already has:** " + (fmt.join_labels((r.label for r in held), limit) or "none yet"))
        if related:
            st.markdown(
                "**Related — not held, but next to a skill the client has:** "
                + fmt.join_labels((r.label for r in related), limit)
            )
        st.markdown("**Missing:** " + (fmt.join_labels((r.label for r in missing), limit) or "nothing"))


def memo(name: str, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept for this browser session while ``key`` stays the same: a page
    that reruns because a text box changed does not repeat a query whose inputs did not."""
    slot = f"memo_{name}"
    cached = st.session_state.get(slot)
    if cached is not None and cached[0] == key:
        return cached[1]
    value = compute()
    st.session_state[slot] = (key, value)
    return value


def profile_comparison(store: GraphStore, skill_ids: Sequence[str], role_id: str) -> Comparison:
    """What a skill profile brings to one role, by the same definitions as a role-to-role
    comparison (:func:`skillgraph.queries.explain.compare_rows`): held, related, missing."""
    found = store.nodes(list(skill_ids))
    origin = [{"id": i, "label": found[i]["label"], "relation": "essential"} for i in skill_ids if i in found]
    target = store.requirements([role_id]).get(role_id, [])
    return compare_rows(store, origin, target, Source.ESCO)
