"""Occupation profile, modelled on the seed profile: summary, key facts, an illustrative
day, essential skills by skill group, knowledge, cross-sector skills, software and
technologies, common questions answered from the data, similar roles and growth paths."""

from __future__ import annotations

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.app.views.profile_view import (
    render_day,
    render_faq,
    render_growth,
    render_requirement_groups,
    render_requirements,
    render_similar,
    render_technologies,
)
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.graph.model import Source
from skillgraph.queries.inbound import inbound_roles
from skillgraph.queries.pathways import growth_paths
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.similar_roles import similar_roles

store = session.store()
ref = session.selected_role(store, "id", page="profile")

if ref is None:
    st.title("Occupation profile")
    st.markdown("Choose a role to see its profile.")
    session.role_picker(store, param="id", label="Find a role", key="profile_pick")
    st.stop()

with session.guard(page="profile"):
    profile = occupation_profile(store, ref.id)
    similar = similar_roles(store, ref.id, limit=6)
    other_fields = similar_roles(store, ref.id, limit=5, other_fields=True)
    # Direct moves read best on a profile; two-step routes only when there is no direct one
    # (the Pathways page shows both, step by step).
    growth = growth_paths(store, ref.id, steps=1, limit=5) or growth_paths(store, ref.id, steps=2, limit=5)
    inbound = inbound_roles(store, ref.id, limit=5)
session.remember_role(ref.id)
occ = profile.occupation
param = {"id": fmt.to_param(occ.id)}

# -- heading -------------------------------------------------------------------------------
st.caption("Occupation profile")
st.title(fmt.md(occ.label), anchor=False)
heading = [f"{occ.source} occupation"]
if occ.source == Source.ESCO and occ.code:
    heading.append(f"ESCO code {occ.code}")
if occ.source == Source.ONET:
    heading.append(f"O*NET-SOC {occ.code or occ.id}")
if profile.isco_groups:
    unit = profile.isco_groups[0]
    heading.append(f"ISCO-08 {unit.code} {unit.label}")
st.caption(fmt.md(" · ".join(heading)))

links = st.columns(4)
links[0].page_link(PAGES["graph"], label="Explore the graph", query_params=param, icon=":material/hub:")
links[1].page_link(PAGES["similar"], label="All similar roles", query_params=param, icon=":material/compare_arrows:")
links[2].page_link(PAGES["pathways"], label="Plan a pathway", query_params={"from": param["id"]}, icon=":material/route:")
links[3].page_link(
    PAGES["compare"], label="Compare with another role", query_params={"a": param["id"]}, icon=":material/splitscreen:"
)
role_actions(ref, key="profile_actions")

# -- summary and key facts ---------------------------------------------------------------------
summary, facts = st.columns([3, 2], gap="large")
with summary:
    st.subheader("Summary", anchor=False)
    st.markdown(fmt.md(occ.description) if occ.description else "_No description is published for this role._")
    alt = [a for a in occ.alt_labels if a.lower() != occ.label.lower()]
    if alt:
        shown = ", ".join(fmt.md(a) for a in alt[:12])
        more = f" and {len(alt) - 12} more" if len(alt) > 12 else ""
        st.markdown(f"**Also known as:** {shown}{more}")
with facts:
    with st.container(border=True):
        if profile.job_zone:
            st.metric(
                "Preparation (O\\*NET job zone)",
                f"{profile.job_zone} of 5",
                help=fmt.JOB_ZONE_PREPARATION[profile.job_zone].capitalize(),
            )
            st.caption(fmt.md(profile.job_zone_name))
        else:
            st.markdown("**Preparation:** not rated")
            st.caption("No matching O\\*NET occupation, which is where job zones and education levels come from.")
        if profile.education:
            share = f" ({profile.education_share:.0f} % of workers)" if profile.education_share else ""
            st.markdown(f"**Typical education:** {fmt.md(profile.education)}{share}")
        if profile.isco_groups:
            unit = profile.isco_groups[0]
            st.markdown(f"**ISCO-08 group:** {fmt.md(unit.code)} {fmt.md(unit.label)}")
        st.markdown(
            f"**Requires:** {fmt.plural(profile.essential_count, 'essential skill or knowledge area', 'essential skills and knowledge areas')}"
        )
        if profile.technologies:
            hot = len(profile.hot_technologies)
            st.markdown(
                f"**Software & technologies:** {len(profile.technologies)} listed"
                + (f", {hot} of them hot {fmt.HOT_ICON}" if hot else "")
            )

# -- a day in the life ----------------------------------------------------------------------------
render_day(profile)

# -- skills ---------------------------------------------------------------------------------------------
st.header("Essential skills", anchor="essential-skills")
skill_count = sum(len(s.items) for s in profile.essential_skills)
# Descriptions help with a short list; a long one reads better as a list, descriptions on demand.
has_descriptions = any(i.description for s in profile.essential_skills for i in s.items)
descriptions = has_descriptions and st.toggle("Show descriptions", value=skill_count <= 20, key="profile_descriptions")
if profile.essential_skills:
    st.caption(
        "What every " + fmt.md(occ.label) + " needs, grouped by area of the ESCO skills framework."
        if occ.source == Source.ESCO
        else "Skills O\\*NET rates important (3 or more out of 5) for this role, by category."
    )
    render_requirement_groups(profile.essential_skills, descriptions=descriptions)
else:
    st.caption("No essential skills are listed for this role.")
if profile.optional_skills:
    with st.expander(f"Optional skills ({len(profile.optional_skills)}) — useful in some jobs, not required in all"):
        render_requirements(profile.optional_skills, descriptions=False)

# O*NET does not sort its elements by reuse level: its knowledge areas get the full width.
know, cross = st.columns([3, 2], gap="large") if occ.source == Source.ESCO else (st.container(), None)
with know:
    st.header("Knowledge areas", anchor="knowledge")
    essential_knowledge = [k for k in profile.knowledge if k.relation == "essential"]
    optional_knowledge = [k for k in profile.knowledge if k.relation != "essential"]
    if essential_knowledge:
        render_requirements(essential_knowledge, descriptions=descriptions)
    elif not optional_knowledge:
        st.caption("No knowledge areas are listed for this role.")
    if optional_knowledge:
        with st.expander(f"Other useful knowledge ({len(optional_knowledge)})"):
            render_requirements(optional_knowledge, descriptions=False)
if cross is not None:
    with cross:
        st.header("Cross-sector skills", anchor="cross-sector")
        if profile.cross_sector:
            st.caption("Transferable skills and knowledge used across many sectors.")
            render_requirements(profile.cross_sector, descriptions=False, mark_essential=True)
        else:
            st.caption("None listed for this role.")

# -- software and technologies ------------------------------------------------------------------------
render_technologies(profile)

# -- career moves --------------------------------------------------------------------------------------
st.header("Career moves", anchor="career-moves")
moves_left, moves_right = st.columns(2, gap="large")
with moves_left:
    render_similar(similar, param, other_fields=other_fields)
with moves_right:
    render_growth(growth, occ.id)

# -- common questions ----------------------------------------------------------------------------------
render_faq(profile, inbound)

# -- sources -------------------------------------------------------------------------------------------
st.divider()
notes = [f"Skills and knowledge: {fmt.md(occ.source)}."]
if profile.crosswalk:
    matches = ", ".join(f"{fmt.md(m.label)} ({fmt.md(m.code or m.source)})" for m in profile.crosswalk[:3])
    other = "O*NET" if occ.source == Source.ESCO else "ESCO"
    notes.append(
        f"Matching {fmt.md(other)} occupations: {matches}"
        + (f" and {len(profile.crosswalk) - 3} more" if len(profile.crosswalk) > 3 else "")
        + "."
    )
if profile.details_source and occ.source == Source.ESCO:
    detail = store.node(profile.details_source) or {}
    notes.append(
        f"Job zone, education, tasks and technologies come from the matching O\\*NET occupation "
        f"{fmt.md(detail.get('label', profile.details_source))} ({fmt.md(profile.details_source)})."
    )
if len(profile.isco_groups) > 1:
    notes.append("ISCO-08: " + " › ".join(f"{fmt.md(g.code)} {fmt.md(g.label)}" for g in reversed(profile.isco_groups)) + ".")
if profile.broader:
    notes.append("Broader role: " + ", ".join(fmt.md(b.label) for b in profile.broader) + ".")
st.caption(" ".join(notes))
