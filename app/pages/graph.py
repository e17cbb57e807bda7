"""Explore the graph: a role, its similar roles and, optionally, its essential skills,
knowledge and technologies, as an interactive network. Clicking a role opens its profile."""

from __future__ import annotations

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import graph_view, session
from skillgraph.app.views.graph_component import clicked_role, graph_component
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.similar_roles import similar_roles

HEIGHT = 640

store = session.store()
ref = session.selected_role(store, "id", page="graph")

st.title("Explore the graph")
if ref is None:
    st.markdown("Choose a role to see what is around it: similar roles and the skills they share.")
    session.role_picker(store, param="id", label="Find a role", key="graph_pick")
    st.stop()
session.remember_role(ref.id)


def _flag(name: str, default: bool) -> bool:
    value = st.query_params.get(name)
    return default if value is None else value == "1"


def _int(name: str, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(st.query_params.get(name, default)), low), high)
    except ValueError:
        return default


st.markdown(f"Around **{fmt.md(ref.label)}**: the roles closest to it and the essential skills they share.")
with st.container(border=True):
    c1, c2, c3, c4, c5 = st.columns([2, 2, 2, 3, 3], vertical_alignment="bottom")
    skills = c1.toggle("Skills", value=_flag("skills", True), key="graph_skills")
    knowledge = c2.toggle("Knowledge", value=_flag("knowledge", False), key="graph_knowledge")
    technologies = c3.toggle("Technologies", value=_flag("tech", False), key="graph_tech")
    roles = c4.slider(
        "Similar roles (or groups)",
        3,
        20,
        _int("roles", 8, 3, 20),
        key="graph_roles",
        help="Near-identical roles of one occupation group are drawn as one node, the closest of them named.",
    )
    max_nodes = c5.slider(
        "Most nodes shown",
        graph_view.MIN_NODES,
        graph_view.MAX_NODES,
        _int("max", 30, graph_view.MIN_NODES, graph_view.MAX_NODES),
        step=5,
        key="graph_max",
        help="Fewer nodes keep the picture readable; the role and its closest roles are kept first.",
    )

for name, value, default in (("skills", skills, True), ("knowledge", knowledge, False), ("tech", technologies, False)):
    if value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = "1" if value else "0"
for name, value, default in (("roles", roles, 8), ("max", max_nodes, 30)):
    if value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = str(value)

with session.guard(page="graph"):
    profile = occupation_profile(store, ref.id)
    similar = similar_roles(store, ref.id, limit=30)  # grouped below: a group may hold several

spec = graph_view.neighbourhood(
    profile,
    similar,
    include_skills=skills,
    include_knowledge=knowledge,
    include_technologies=technologies,
    max_nodes=max_nodes,
    max_roles=roles,
    collapse_families=True,
    layout=True,
)
page_html = graph_view.render_html(graph_view.build_network(spec, height=HEIGHT), spec, title=f"Around {ref.label}")
clicked = clicked_role(graph_component(page_html, height=HEIGHT, key="graph_view"), "graph_view")
if clicked:
    st.switch_page(PAGES["profile"], query_params={"id": clicked})

summary = f"Showing {len(spec.nodes)} of {spec.available} nodes"
if spec.capped:
    summary += " — raise “Most nodes shown” to see the rest"
st.caption(
    summary + ". Edge width shows how similar two roles are; roles of one occupation group are one node (“+ N related”). "
    "Skills, knowledge and technologies show their names when you point at them."
)

left, right = st.columns([3, 2])
with left:
    st.download_button(
        "Download this graph (HTML, works offline)",
        page_html,
        file_name="skillgraph-graph.html",
        mime="text/html",
        icon=":material/download:",
        on_click="ignore",
    )
with right:
    shown_roles = [n for n in spec.nodes if n.kind == "role"]
    if shown_roles:
        # The same roles as the graph, for keyboard users and screen readers, with the shortlist at hand.
        with st.popover("Roles in the graph: open, shortlist", icon=":material/list:"):
            number = 0
            for node in shown_roles:
                for member_id, member_label in node.members or ((node.opens, node.tooltip.split("\n", 1)[0]),):
                    st.page_link(PAGES["profile"], label=fmt.md(member_label), query_params={"id": fmt.to_param(member_id)})
                    member = store.node(member_id)
                    if member:
                        role_actions(OccupationRef.from_props(member), key=f"graph_menu_{number}", current_role=False)
                    number += 1
