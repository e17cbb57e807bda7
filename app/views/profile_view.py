"""Sections of the occupation profile page (rendering only: the facts come from queries)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views.registry import PAGES
from skillgraph.graph.model import Source
from skillgraph.queries.inbound import InboundRole
from skillgraph.queries.pathways import CareerPath, level_of
from skillgraph.queries.profile import OccupationProfile, Requirement, SkillGroupSection
from skillgraph.queries.similar_roles import SimilarRoles

__all__ = [
    "render_day",
    "render_requirement_groups",
    "render_requirements",
    "render_technologies",
    "render_similar",
    "render_growth",
    "render_faq",
    "TOP_TECHNOLOGIES",
]

TOP_TECHNOLOGIES = 24

#: ISCO-08 skill levels in plain words (ILO, ISCO-08 vol. 1, "skill level").
ISCO_SKILL_LEVELS = {
    1: "simple, routine physical or manual tasks; primary education is usually enough",
    2: "operating machinery and equipment, reading instructions and keeping records; usually completed secondary education",
    3: "complex technical and practical tasks; usually one to three years of study after secondary school",
    4: "complex problem-solving, decision-making and creativity; usually a university degree",
}


def _importance(item: Requirement) -> str:
    return f" · importance {item.importance:.1f}/5" if item.importance is not None else ""


def render_day(profile: OccupationProfile) -> None:
    """'A day in the life' as an illustrative timetable (tasks, or key skills)."""
    slots, basis = fmt.day_in_the_life(profile)
    if not slots:
        return
    occ = profile.occupation
    st.header("A day in the life", anchor="day")
    who = fmt.role_phrase(occ.label, occ.source)
    if basis == "tasks":
        st.caption(f"A typical day for {who}, drawn from the tasks O\\*NET lists for the role.")
    else:
        st.caption(
            f"A typical day for {who}, drawn from the role's key essential skills (no O\\*NET task list is matched to this role)."
        )
    for row_start in range(0, len(slots), 3):
        cols = st.columns(3)
        for col, slot in zip(cols, slots[row_start : row_start + 3]):
            with col.container(border=True):
                st.markdown(f"**{slot.time}** · {slot.period}")
                if slot.detail:
                    st.markdown(f"**{fmt.md(slot.title)}**")
                    st.caption(fmt.md(fmt.truncate(slot.detail, 220)))
                else:
                    st.markdown(fmt.md(slot.title))
    st.caption("Task order is illustrative. Individual days vary.")


def render_requirement_groups(sections: Sequence[SkillGroupSection], columns: int = 2, *, descriptions: bool = True) -> None:
    """Requirements grouped by skill group, in bordered cards over ``columns`` columns;
    without ``descriptions`` each card is a compact list of the skills."""
    cols = st.columns(columns, gap="medium")
    # Fill the shorter column next, so the two columns end at about the same height.
    heights = [0] * columns
    for section in sections:
        target = heights.index(min(heights))
        heights[target] += 1 + (2 if descriptions else 1) * len(section.items)
        with cols[target].container(border=True):
            group = f":blue[**{fmt.md(section.group_label or 'other')}**]"
            if not descriptions:
                st.markdown("\n".join([group, *(f"- {fmt.md(i.label)}{_importance(i)}" for i in section.items)]))
                continue
            st.markdown(group)
            for item in section.items:
                st.markdown(f"**{fmt.md(item.label)}**{_importance(item)}")
                if item.description:
                    st.caption(fmt.md(fmt.truncate(item.description, 260)))


def render_requirements(items: Sequence[Requirement], *, descriptions: bool = True, mark_essential: bool = False) -> None:
    """A list of skills or knowledge areas, with their descriptions or as a compact list."""
    if descriptions:
        for item in items:
            st.markdown(f"**{fmt.md(item.label)}**{_importance(item)}")
            if item.description:
                st.caption(fmt.md(fmt.truncate(item.description, 260)))
        return
    lines = []
    for item in items:
        suffix = " — *essential*" if mark_essential and item.relation == "essential" else ""
        lines.append(f"- {fmt.md(item.label)}{_importance(item)}{suffix}")
    st.markdown("\n".join(lines))


def render_technologies(profile: OccupationProfile) -> None:
    """Software and technologies: hot and in-demand first as badges, the rest in a table."""
    st.header("Software & technologies", anchor="technologies")
    techs = profile.technologies
    if not techs:
        if profile.occupation.source == Source.ESCO and not profile.crosswalk:
            st.caption("Not available: this role has no matching O\\*NET occupation, where the technology lists come from.")
        else:
            st.caption("None listed for this role.")
        return
    wanted = [t for t in techs if t.in_demand]
    others = [t for t in techs if not t.in_demand]
    st.caption(
        f"Examples from O\\*NET's technology lists. {fmt.HOT_ICON} hot technology: often named in employers' job postings "
        "across all occupations."
    )
    if wanted:
        st.markdown("**Asked for most in this role's job postings**")
        st.markdown(_badges(wanted, "orange"))
    if others:
        shown = others[: max(8, TOP_TECHNOLOGIES - len(wanted))]
        hot_first = "hot ones first, then " if any(t.hot for t in shown) else ""
        heading = "Also used in the role" if wanted else "Used in the role"
        st.markdown(f"**{heading}** :gray[({len(shown)} of {len(others)}, {hot_first}A–Z)]")
        st.markdown(_badges(shown, "blue"))
    if len(techs) > TOP_TECHNOLOGIES:
        with st.expander(f"All {len(techs)} software and technologies"):
            frame = pd.DataFrame(
                {
                    "Technology": [t.label for t in techs],
                    "Kind": [t.commodity_title for t in techs],
                    "Hot technology": [t.hot for t in techs],
                    "Asked for in this role's postings": [t.in_demand for t in techs],
                }
            )
            st.dataframe(frame, hide_index=True, width="stretch", height=320)
    if profile.tools:
        with st.expander(f"Tools and equipment ({len(profile.tools)})"):
            st.markdown(", ".join(fmt.md(t.label) for t in profile.tools))


def _badges(items, colour: str) -> str:
    return " ".join(f":{colour}-badge[{fmt.technology_label(t)}]" for t in items)


def render_similar(similar: SimilarRoles, param: dict[str, str], *, other_fields: SimilarRoles | None = None) -> None:
    """The closest roles (one per family) and the best moves into other fields, each
    linking to its profile."""
    st.subheader("Similar roles", anchor=False)
    origin = similar.origin
    if not similar.roles:
        st.caption("No similar roles were found for this role.")
        return
    st.caption(
        f"From {fmt.md(origin.label)} to these roles: how alike they are, and how much of each role's "
        "essential skills someone in this role already has (related skills count partly)."
    )
    _role_links(similar)
    if other_fields is not None and other_fields.roles:
        st.markdown("**Moves into other fields**")
        st.caption("Outside this role's own family and occupation group: realistic moves first, the least to learn first.")
        _role_links(other_fields)
    st.page_link(
        PAGES["similar"], label="All similar roles, with filters and skill gaps", query_params=param, icon=":material/list:"
    )


def _role_links(similar: SimilarRoles) -> None:
    for role in similar.roles:
        st.page_link(
            PAGES["profile"],
            label=fmt.md(role.target.label),
            query_params={"id": fmt.to_param(role.target.id)},
            icon=":material/arrow_forward:",
        )
        family = f" · and {fmt.plural(len(role.family), 'related specialisation')}" if role.family else ""
        st.caption(
            f"{fmt.score_pct(role.score)} similar · already has {fmt.pct(role.coverage)} of its essential skills"
            + ("" if role.viable else " · not a realistic move in one step")
            + family
        )


def render_growth(paths: Sequence[CareerPath], origin_id: str) -> None:
    """Growth paths: realistic moves to roles needing more preparation."""
    st.subheader("Growth pathways", anchor=False)
    if not paths:
        st.caption("No realistic move to a role needing more preparation was found within two steps.")
        return
    direct = all(len(p.steps) == 1 for p in paths)
    st.caption(
        ("Realistic next moves" if direct else "Realistic moves, in one or two steps,")
        + " towards roles that need more preparation; the easiest first."
    )
    for path in paths:
        target = path.target
        st.page_link(
            PAGES["profile"],
            label=fmt.md(target.label),
            query_params={"id": fmt.to_param(target.id)},
            icon=":material/trending_up:",
        )
        via = [o.label for o in path.occupations[1:-1]]
        origin = path.steps[0].origin
        (oz, ol), (tz, tl) = level_of(origin), level_of(target)
        level = (
            f"job zone {oz} → {tz}"
            if oz and tz and tz != oz
            else (f"ISCO skill level {ol} → {tl}" if ol and tl and tl != ol else "")
        )
        learn = len(path.steps[-1].to_acquire)
        last = " at the last move" if via else ""
        parts = [
            ("via " + " → ".join(fmt.md(v) for v in via)) if via else "direct move",
            f"{fmt.score_pct(path.steps[-1].score)} similar{last}",
        ]
        if level:
            parts.append(level)
        parts.append(f"{fmt.plural(learn, 'essential skill')} to acquire{last}")
        st.caption(" · ".join(parts))
    st.page_link(
        PAGES["pathways"],
        label="Plan a pathway from this role",
        query_params={"from": fmt.to_param(origin_id)},
        icon=":material/route:",
    )


def render_faq(profile: OccupationProfile, inbound: Sequence[InboundRole]) -> None:
    """Common questions, answered from the data."""
    occ = profile.occupation
    name = fmt.role_phrase(occ.label, occ.source)
    st.header("Common questions", anchor="faq")

    with st.expander(f"What skills matter most for {name}?", expanded=True):
        skills = fmt.key_skills(profile, 6)
        lines = []
        if skills:
            if occ.source == Source.ONET:
                lines.append("The skills O\\*NET rates most important: " + fmt.join_labels(s.label for s in skills) + ".")
            else:
                areas = [s.group_label for s in profile.essential_skills[:3] if s.group_label]
                count = sum(len(s.items) for s in profile.essential_skills)
                lines.append(
                    f"ESCO lists {fmt.plural(count, 'essential skill')} for the role, across "
                    f"{fmt.plural(len(profile.essential_skills), 'area')}; the largest are "
                    + fmt.join_labels(areas)
                    + ". The key ones: "
                    + fmt.join_labels(s.label for s in skills)
                    + "."
                )
        knowledge = [k.label for k in profile.knowledge if k.relation == "essential"]
        if knowledge:
            lines.append("Essential knowledge: " + fmt.join_labels(knowledge, 6) + ".")
        wanted = [t.label for t in profile.technologies if t.hot and t.in_demand]
        if wanted:
            lines.append("Software employers ask for most: " + fmt.join_labels(wanted, 8) + ".")
        st.markdown("\n\n".join(lines) if lines else "No essential skills are listed for this role.")

    with st.expander("Which roles do people move into this role from?"):
        if inbound:
            st.markdown(
                "Roles whose closest matches include this one, starting with those that already cover most of its "
                "essential skills:"
            )
            for role in inbound:
                st.page_link(
                    PAGES["profile"],
                    label=fmt.md(role.origin.label),
                    query_params={"id": fmt.to_param(role.origin.id)},
                    icon=":material/arrow_forward:",
                )
                st.caption(f"already has {fmt.pct(role.coverage)} of the essential skills · {fmt.score_pct(role.score)} similar")
        else:
            st.markdown("No other role lists this one among its closest matches, so there is no common route in.")

    with st.expander("What is the typical entry level?"):
        lines = []
        if profile.job_zone:
            lines.append(
                f"**{fmt.md(fmt.job_zone_summary(profile.job_zone, profile.job_zone_name))}.** "
                f"This means {fmt.JOB_ZONE_PREPARATION[profile.job_zone]}."
            )
        if profile.education:
            share = f", {profile.education_share:.0f} % of workers" if profile.education_share else ""
            lines.append(
                f"Most common education level among people in the role: **{fmt.md(profile.education)}**{share} (O\\*NET)."
            )
        if profile.isco_skill_level:
            lines.append(
                f"ISCO-08 places the role at skill level {profile.isco_skill_level} of 4: "
                f"{ISCO_SKILL_LEVELS[profile.isco_skill_level]}."
            )
        st.markdown("\n\n".join(lines) if lines else "No entry-level information is published for this role.")

    if profile.crosswalk:
        other = "O\\*NET (US)" if occ.source == Source.ESCO else "ESCO (Europe)"
        with st.expander(f"How is this role described in {other}?"):
            for match in profile.crosswalk[:6]:
                note = " (through a broader occupation)" if match.inherited else ""
                st.page_link(
                    PAGES["profile"],
                    label=fmt.md(match.label),
                    query_params={"id": fmt.to_param(match.id)},
                    icon=":material/open_in_new:",
                )
                if note or match.code:
                    st.caption(fmt.md(" ".join(x for x in (match.code, note) if x)))
            if len(profile.crosswalk) > 6:
                st.caption(f"and {len(profile.crosswalk) - 6} more")
