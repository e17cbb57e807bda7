"""Pathways: from role A to role B, up to three routes of realistic moves, each step with
its similarity and the skills to acquire, drawn as a small graph; and the open growth
paths from A."""

from __future__ import annotations

import streamlit as st

from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import graph_view, session
from skillgraph.app.views.compare_view import render_groups
from skillgraph.app.views.graph_component import clicked_role, graph_component
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.queries.pathways import CareerPath, explain_no_route, growth_paths, paths_from_profile, progression_paths
from skillgraph.queries.profile import group_requirements

store = session.store()
st.title("Pathways")

origin = session.selected_role(store, "from", page="pathways")
goal = session.selected_role(store, "to", page="pathways", fallback_to_last=False)

pick_from, pick_to = st.columns(2, gap="large")
with pick_from:
    if origin is not None:
        st.markdown(f"**From:** {fmt.md(origin.label)}")
        st.caption(fmt.md(fmt.role_caption(origin)))
    session.role_picker(
        store,
        param="from",
        label="Where you are now" if origin is None else "Change the starting role",
        key="path_from",
        current=origin,
        source=goal.source if goal else None,
    )
with pick_to:
    if goal is not None:
        st.markdown(f"**To:** {fmt.md(goal.label)}")
        st.caption(fmt.md(fmt.role_caption(goal)))
    session.role_picker(
        store,
        param="to",
        label="Where you want to go" if goal is None else "Change the goal",
        key="path_to",
        current=goal,
        source=origin.source if origin else None,
    )

if origin is None:
    st.info("Choose the role someone has now; then a goal, or look at where the role can grow.", icon=":material/route:")
    st.stop()
session.remember_role(origin.id)


def render_path(number: int, path: CareerPath, *, open_single: bool = False) -> None:
    """One route: its steps, each with the similarity and the skills to acquire."""
    names = " → ".join(fmt.md(o.label) for o in path.occupations)
    learn = sum(len(s.to_acquire) for s in path.steps)
    st.markdown(f"**{number}\\. {names}**")
    st.caption(f"{fmt.plural(len(path.steps), 'move')} · {fmt.plural(learn, 'essential skill')} to acquire in all")
    for i, step in enumerate(path.steps, start=1):
        similar = "" if step.score is None else f" · {fmt.score_pct(step.score)} similar"
        title = (
            f"Move {i}: {fmt.md(step.origin.label)} → {fmt.md(step.target.label)}{similar} · "
            f"already has {fmt.pct(step.coverage)} of its essentials"
        )
        with st.expander(title, expanded=open_single and number == 1 and len(path.steps) == 1):
            near = {n.requirement.id: "related: you have " + ", ".join(n.related[:2]) for n in step.near_matches}
            st.markdown(f"**To acquire ({len(step.to_acquire)})**")
            render_groups(
                group_requirements(step.to_acquire), empty="Nothing: every essential skill is already there.", notes=near
            )
            st.page_link(
                PAGES["profile"],
                label=f"Profile of {fmt.md(step.target.label)}",
                query_params={"id": fmt.to_param(step.target.id)},
                icon=":material/badge:",
            )


if goal is not None:
    steps_param = st.query_params.get("steps", "3")
    steps = (
        st.segmented_control(
            "Longest route",
            (2, 3, 4),
            default=int(steps_param) if steps_param in ("2", "3", "4") else 3,
            format_func=lambda n: f"{n} moves",
            key="path_steps",
        )
        or 3
    )
    if steps == 3:
        st.query_params.pop("steps", None)
    else:
        st.query_params["steps"] = str(steps)
    with session.guard(page="pathways", param="to"):
        paths = progression_paths(store, origin.id, goal.id, k=3, max_steps=steps)
    st.header(f"From {fmt.md(origin.label)} to {fmt.md(goal.label)}", anchor=False)
    role_actions(goal, key="path_goal_actions", current_role=False)
    if not paths:
        with session.guard(page="pathways", param="to"):
            why = explain_no_route(store, origin.id, goal.id, max_steps=steps)
        advice = (
            "Compare the two roles to see the whole gap, or set the closest role within reach as an intermediate goal."
            if steps == 4
            else "Allow longer routes, compare the two roles to see the whole gap, or choose a goal closer to the start."
        )
        st.warning(f"{fmt.md(why.reason)} {advice}", icon=":material/block:")
        if why.nearest is not None and why.nearest.id != origin.id:
            st.page_link(
                PAGES["pathways"],
                label=f"Route to {fmt.md(why.nearest.label)}, the closest role within reach",
                query_params={"from": fmt.to_param(origin.id), "to": fmt.to_param(why.nearest.id)},
                icon=":material/route:",
            )
        st.page_link(
            PAGES["compare"],
            label="Compare the two roles",
            query_params={"a": fmt.to_param(origin.id), "b": fmt.to_param(goal.id)},
            icon=":material/splitscreen:",
        )
    else:
        st.caption(
            f"{fmt.plural(len(paths), 'route')}, the easiest first. Each move is realistic: similar enough, bringing at "
            "least a minimum share of the next role's essential skills, and at most one job zone up or down; "
            "“already has” is the share of the next role's essential skills someone brings from the previous one "
            "(related skills count partly)."
        )
        spec = graph_view.path_graph(paths)
        height = 200 + 70 * max(0, max(len(p.steps) for p in paths) - 1) + 40 * len(paths)
        page_html = graph_view.render_html(
            graph_view.build_network(spec, height=height), spec, title=f"Routes from {origin.label} to {goal.label}"
        )
        clicked = clicked_role(graph_component(page_html, height=height, key="path_graph"), "path_graph")
        if clicked:
            st.switch_page(PAGES["profile"], query_params={"id": clicked})
        for number, path in enumerate(paths, start=1):
            with st.container(border=True):
                render_path(number, path, open_single=True)

    # The client's own skills (the counsellor's working copy) can lead further than the role.
    profile = cs.profile_skills()
    if profile and goal.source == origin.source:
        st.subheader(f"From the client's skills to {fmt.md(goal.label)}", anchor=False)
        with session.guard(page="pathways", param="to"):
            own = paths_from_profile(store, profile, goal.id, k=2, max_steps=steps, label="the client's skills")
        if own:
            st.caption(
                f"Routes that start from the {fmt.plural(len(profile), 'skill')} in the client's profile (My skills): the "
                "first move goes to a role whose essential skills the profile already covers at least at the minimum share."
            )
            for number, path in enumerate(own, start=1):
                with st.container(border=True):
                    render_path(number, path)
        else:
            st.caption(f"No route of at most {steps} realistic moves starts from the client's skills.")

st.header(f"Where {fmt.md(origin.label)} can grow", anchor=False)
with session.guard(page="pathways", param="from"):
    growth = growth_paths(store, origin.id, steps=2, limit=8)
if not growth:
    st.caption("No realistic move to a role needing more preparation was found within two moves.")
else:
    st.caption(
        "Roles needing more preparation (a higher O\\*NET job zone or ISCO skill level), reachable in one or two realistic "
        "moves; the easiest first."
    )
    for number, path in enumerate(growth, start=1):
        with st.container(border=True):
            render_path(number, path)
            st.page_link(
                PAGES["pathways"],
                label=f"Set {fmt.md(path.target.label)} as the goal",
                query_params={"from": fmt.to_param(origin.id), "to": fmt.to_param(path.target.id)},
                icon=":material/flag:",
            )
            role_actions(path.target, key=f"path_growth_actions_{number}", current_role=False)
