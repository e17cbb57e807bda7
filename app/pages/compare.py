"""Compare two roles side by side: only in A, shared, only in B — grouped by skill group —
and their technologies."""

from __future__ import annotations

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.app.views.compare_view import render_groups, render_technology_list
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.app.views.wording_view import render_pair_similarity, similarity_metric
from skillgraph.queries.compare_roles import compare_roles

store = session.store()
st.title("Compare two roles")

a = session.selected_role(store, "a", page="compare")
b = session.selected_role(store, "b", page="compare", fallback_to_last=False)

pick_a, pick_b = st.columns(2, gap="large")
with pick_a:
    if a is not None:
        st.markdown(f"**A: {fmt.md(a.label)}**")
        st.caption(fmt.md(fmt.role_caption(a)))
    session.role_picker(
        store,
        param="a",
        label="Role A" if a is None else "Change role A",
        key="compare_a",
        current=a,
        source=b.source if b else None,
    )
with pick_b:
    if b is not None:
        st.markdown(f"**B: {fmt.md(b.label)}**")
        st.caption(fmt.md(fmt.role_caption(b)))
    session.role_picker(
        store,
        param="b",
        label="Role B" if b is None else "Change role B",
        key="compare_b",
        current=b,
        source=a.source if a else None,
    )

if a is None or b is None:
    st.info("Choose two roles to compare their skills side by side.", icon=":material/splitscreen:")
    st.stop()

with session.guard(page="compare"):
    c = compare_roles(store, a.id, b.id)
render_pair_similarity(store, c)

m1, m2, m3 = st.columns(3)
m1.metric(
    "Similarity",
    similarity_metric(store, c),
    help="How alike the two skill sets are",
)
m2.metric(
    "Of B's essential skills, A already has",
    fmt.pct(c.coverage_a_to_b),
    help="Share of B's essential skills and knowledge someone in A already has",
)
m3.metric(
    "Of A's essential skills, B already has",
    fmt.pct(c.coverage_b_to_a),
    help="Share of A's essential skills and knowledge someone in B already has",
)

st.subheader("Skills and knowledge", anchor=False)
st.caption(
    "Essential requirements of either role. Optional skills both roles list are left out: they do not tell the roles apart."
)
left, middle, right = st.columns(3, gap="large")
with left:
    st.markdown(f"##### Only {fmt.md(a.label)} ({sum(len(s.items) for s in c.only_a)})")
    render_groups(c.only_a, empty="Nothing: B has every essential requirement of A.")
with middle:
    st.markdown(f"##### Shared ({len(c.shared)})")
    notes = {}
    for s in c.shared:
        if s.relation_a != s.relation_b:
            notes[s.requirement.id] = f"essential for {'A' if s.relation_a == 'essential' else 'B'} only"
    render_groups(c.shared_by_group, empty="No essential requirement in common.", notes=notes)
with right:
    st.markdown(f"##### Only {fmt.md(b.label)} ({sum(len(s.items) for s in c.only_b)})")
    render_groups(c.only_b, empty="Nothing: A has every essential requirement of B.")

st.subheader("Software & technologies", anchor=False)
if not (c.technologies_shared or c.technologies_only_a or c.technologies_only_b):
    st.caption("No technology lists are available for these roles (they come from O\\*NET).")
else:
    st.caption(f"From O\\*NET's technology lists; {fmt.HOT_ICON} marks hot technologies, most requested first.")
    left, middle, right = st.columns(3, gap="large")
    with left:
        st.markdown(f"**Only {fmt.md(a.label)} ({len(c.technologies_only_a)})**")
        render_technology_list(c.technologies_only_a)
    with middle:
        st.markdown(f"**Both ({len(c.technologies_shared)})**")
        render_technology_list(c.technologies_shared)
    with right:
        st.markdown(f"**Only {fmt.md(b.label)} ({len(c.technologies_only_b)})**")
        render_technology_list(c.technologies_only_b)

role_actions(b, key="compare_b_actions", current_role=False)
links = st.columns(3)
links[0].page_link(
    PAGES["pathways"],
    label="Pathway from A to B",
    query_params={"from": fmt.to_param(a.id), "to": fmt.to_param(b.id)},
    icon=":material/route:",
)
links[1].page_link(
    PAGES["profile"], label=f"Profile of {fmt.md(a.label)}", query_params={"id": fmt.to_param(a.id)}, icon=":material/badge:"
)
links[2].page_link(
    PAGES["profile"], label=f"Profile of {fmt.md(b.label)}", query_params={"id": fmt.to_param(b.id)}, icon=":material/badge:"
)
