"""Similar roles: the roles nearest to one role, ranked over every role of the taxonomy with
filters, one entry per family of near-identical specialisations; and the best moves into
other fields. Each role expands into the skills it shares with the role, the related ones
and those still missing. Direction is explicit: from the chosen role (where someone is
now) to these roles (where they could go)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.app.views.compare_view import render_groups
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.queries.profile import group_requirements
from skillgraph.queries.similar_roles import similar_roles

GROUP_FILTERS = {"any": "Any group", "same": "Same major group", "other": "Other major groups"}

store = session.store()
ref = session.selected_role(store, "id", page="similar")

st.title("Similar roles")
if ref is None:
    st.markdown("Choose the role someone has now to see the roles closest to it.")
    session.role_picker(store, param="id", label="Current role", key="similar_pick")
    st.stop()
session.remember_role(ref.id)
param = fmt.to_param(ref.id)
st.markdown(f"From **{fmt.md(ref.label)}** to these roles — where the skills of someone in this role already take them.")
st.caption(fmt.md(fmt.role_caption(ref)))


def _int_param(name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(st.query_params.get(name, default))
    except ValueError:
        return default
    return min(max(value, low), high)


# -- filters, mirrored in the URL --------------------------------------------------------------
with st.container(border=True):
    c1, c2, c3, c4 = st.columns([2, 2, 3, 2], vertical_alignment="bottom")
    has_zone = ref.job_zone is not None
    zone = c1.toggle(
        "Job zone within ±1",
        value=has_zone and st.query_params.get("zone") == "1",
        disabled=not has_zone,
        help="Only roles needing about the same preparation (O\\*NET job zone one step up or down)."
        if has_zone
        else "This role has no O\\*NET job zone, so this filter is not available.",
        key="similar_zone",
    )
    group_key = st.query_params.get("group", "any")
    group = c2.selectbox(
        "ISCO major group" if ref.source == "ESCO" else "SOC major group",
        list(GROUP_FILTERS),
        index=list(GROUP_FILTERS).index(group_key) if group_key in GROUP_FILTERS else 0,
        format_func=GROUP_FILTERS.get,
        key="similar_group",
        help="Stay in the same broad family of occupations, or look only outside it.",
    )
    coverage = c3.slider(
        "Minimum share of their essential skills already held",
        0,
        100,
        _int_param("cov", 0, 0, 100),
        step=5,
        format="%d %%",
        key="similar_cov",
    )
    limit = c4.selectbox(
        "Show",
        (10, 20, 30),
        index=(10, 20, 30).index(_int_param("n", 10, 10, 30)) if _int_param("n", 10, 10, 30) in (10, 20, 30) else 0,
        format_func=lambda n: f"top {n}",
        key="similar_n",
    )
    d1, d2, d3 = st.columns([3, 3, 3], vertical_alignment="bottom")
    viable = d1.checkbox(
        "Only realistic moves",
        value=st.query_params.get("viable") == "1",
        key="similar_viable",
        help="Similar enough (above the calibrated threshold), bringing at least a minimum share of the role's "
        "essential skills, and at most one job zone up or down.",
    )
    other_fields = d2.checkbox(
        "Only moves into other fields",
        value=st.query_params.get("fields") == "other",
        key="similar_fields",
        help="Roles outside this role's family of specialisations and its ISCO minor group "
        "(SOC minor group for O\\*NET), realistic moves first.",
    )
    every = d3.checkbox(
        "Every specialisation",
        value=st.query_params.get("all") == "1",
        key="similar_all",
        help="List near-identical specialisations (e.g. every kind of shop manager) one by one instead of one per family.",
    )

for name, value, default in (
    ("zone", "1" if zone else "", ""),
    ("group", group, "any"),
    ("cov", str(coverage), "0"),
    ("n", str(limit), "10"),
    ("viable", "1" if viable else "", ""),
    ("fields", "other" if other_fields else "", ""),
    ("all", "1" if every else "", ""),
):
    if value and value != default:
        st.query_params[name] = value
    else:
        st.query_params.pop(name, None)

with session.guard(page="similar"):
    result = similar_roles(
        store,
        ref.id,
        limit=limit,
        same_major_group=None if group == "any" else group == "same",
        job_zone_within=1 if zone else None,
        min_coverage=coverage / 100,
        viable_only=viable,
        other_fields=other_fields,
        group_families=not every,
    )

if not result.roles:
    st.info(
        f"None of the {result.candidates:,} roles of {fmt.md(ref.source)} passes these filters. Loosen a filter to see more.",
        icon=":material/filter_alt_off:",
    )
    st.stop()
if other_fields:
    st.markdown(
        f"**Moves into other fields** — roles outside {fmt.md(ref.label)}'s own family and occupation group, "
        "realistic moves first, then the ones that ask the least new learning."
    )

has_label = "Already held"
table = pd.DataFrame(
    {
        "Rank": [r.rank for r in result.roles],
        "Role": [r.target.label for r in result.roles],
        "Related": [f"+{len(r.family)}" if r.family else "" for r in result.roles],
        "Realistic": ["yes" if r.viable else "no" for r in result.roles],
        "Group": [r.target.isco_code or r.target.code for r in result.roles],
        "Similarity": [round(r.score * 100) for r in result.roles],
        has_label: [None if r.coverage is None else round(r.coverage * 100) for r in result.roles],
        "Shared": [len(r.shared_essential) for r in result.roles],
        "To learn": [len(r.missing_essential) for r in result.roles],
        "Job zone": [str(r.target.job_zone) if r.target.job_zone else "–" for r in result.roles],
    }
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=38 + 35 * len(table),  # every row visible, no inner scrolling
    column_config={
        "Rank": st.column_config.NumberColumn(width="small", help="Rank by similarity among all roles, before filters"),
        "Role": st.column_config.TextColumn(width="large"),
        "Related": st.column_config.TextColumn(
            width="small", help="Near-identical specialisations of this role (its family), listed under “What each move takes”"
        ),
        "Realistic": st.column_config.TextColumn(
            width="small",
            help="A realistic move: similar enough, at least a minimum share of the role's essential skills already "
            "held, and at most one job zone up or down",
        ),
        "Group": st.column_config.TextColumn("ISCO group" if ref.source == "ESCO" else "SOC code", width="small"),
        "Similarity": st.column_config.ProgressColumn(
            min_value=0, max_value=100, format="%d %%", width="small", help="How alike the two roles are"
        ),
        has_label: st.column_config.ProgressColumn(
            min_value=0,
            max_value=100,
            format="%d %%",
            width="small",
            help=f"Share of the listed role's essential skills and knowledge someone in {ref.label} already has",
        ),
        "Shared": st.column_config.NumberColumn(width="small", help="Essential skills of the listed role already held"),
        "To learn": st.column_config.NumberColumn(width="small", help="Essential skills of the listed role still to acquire"),
        "Job zone": st.column_config.TextColumn(
            width="small", help="O\\*NET job zone (1–5): preparation needed; – when not rated"
        ),
    },
)
if not all(r.viable for r in result.roles):
    st.caption(
        "Not a realistic move in one step (too different, too little of its essentials held, or more than one "
        "job zone away): " + fmt.join_labels(r.target.label for r in result.roles if not r.viable) + "."
    )
basis = (
    "the two roles' skills and knowledge (shared rare skills count more than common ones)"
    if ref.source == "ESCO"
    else "skills, knowledge, technologies, tasks and titles"
)
st.caption(
    f"Similarity compares {basis}"
    + (", together with the O\\*NET description of each role's matching O\\*NET occupation" if ref.source == "ESCO" else "")
    + f". “{has_label}” reads from {fmt.md(ref.label)} to the listed role; a related skill (e.g. one step broader or "
    f"narrower) counts partly. A move is realistic when the similarity reaches {fmt.score_pct(result.threshold)} "
    f"(calibrated on roles of the same occupation group), at least {fmt.pct(result.min_step_coverage)} of the role's "
    "essential skills are already held, and the job zone changes by at most one. "
    f"{result.families:,} families of roles pass these filters."
)

st.subheader("What each move takes", anchor=False)
for role in result.roles:
    label = (
        f"{role.rank}\\. {fmt.md(role.target.label)} — {fmt.score_pct(role.score)} similar, "
        f"already has {fmt.pct(role.coverage)} of its essential skills"
    )
    with st.expander(label):
        links = st.columns(3)
        target = fmt.to_param(role.target.id)
        links[0].page_link(PAGES["profile"], label="Open profile", query_params={"id": target}, icon=":material/badge:")
        links[1].page_link(
            PAGES["compare"], label="Compare side by side", query_params={"a": param, "b": target}, icon=":material/splitscreen:"
        )
        links[2].page_link(
            PAGES["pathways"], label="Pathway to this role", query_params={"from": param, "to": target}, icon=":material/route:"
        )
        if role.family:
            st.caption(f"Related specialisations ({len(role.family)}): " + fmt.join_labels((f.label for f in role.family), 12))
        role_actions(role.target, key=f"similar_actions_{role.rank}", current_role=False)
        have, learn = st.columns(2, gap="large")
        with have:
            st.markdown(f"**Already has ({len(role.shared_essential)})**")
            render_groups(group_requirements(role.shared_essential), empty="None of its essential skills yet.")
            if role.shared_optional:
                st.caption("Also shares these optional skills: " + fmt.join_labels((r.label for r in role.shared_optional), 10))
        with learn:
            st.markdown(f"**To learn ({len(role.missing_essential)})**")
            near = {n.requirement.id: n for n in role.near_matches}
            render_groups(
                group_requirements(role.missing_essential),
                empty="Nothing: every essential skill is covered.",
                notes={i: "related: you have " + ", ".join(n.related[:2]) for i, n in near.items()},
            )
