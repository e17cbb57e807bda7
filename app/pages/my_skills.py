"""My skills: build a skill profile (from a current role's skills, by searching, or from a
pasted CV paragraph or job ad, confirmed skill by skill), then see the roles it covers best
with their gaps, and the few skills that would open the most roles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.app.views.registry import PAGES
from skillgraph.queries.free_text import MAX_TEXT_LENGTH, match_free_text
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.search import MAX_QUERY_LENGTH, search_skills
from skillgraph.queries.skill_leverage import DEFAULT_BAR, skill_leverage

store = session.store()

st.title("My skills")
st.markdown(
    "Build a skill profile — from the skills of a current role, by searching, or from a pasted CV paragraph or "
    "job advertisement — then see which roles it already covers and what would open the most new ones."
)

# -- the current role ------------------------------------------------------------------------------------
if not st.query_params.get("role") and cs.profile_role():
    st.query_params["role"] = fmt.to_param(cs.profile_role())
ref = cs.role_from_url(store, "skills")
if ref is not None and ref.id != cs.profile_role():
    cs.set_profile_role(ref.id)

start, search, paste = st.tabs(["From a current role", "Search skills", "Paste a CV or job ad"])

with start:
    if ref is None:
        session.role_picker(store, param="role", label="Current role", key="skills_role")
    else:
        st.markdown(f"**Current role:** {fmt.md(ref.label)} · {fmt.md(fmt.source_line(ref))}")
        session.role_picker(store, param="role", label="Another role", key="skills_role", current=ref)
        rows = store.requirements([ref.id]).get(ref.id, [])
        options = [r["id"] for r in rows]
        labels = {r["id"]: r["label"] + ("" if r["relation"] == "essential" else " (optional)") for r in rows}
        essential = [r["id"] for r in rows if r["relation"] == "essential"]
        held = [s for s in cs.profile_skills() if s in labels]
        st.caption(
            f"{fmt.md(ref.label)} lists {len(essential)} essential and {len(options) - len(essential)} optional skills. "
            "Tick the ones that apply."
        )
        c1, c2 = st.columns(2)
        if c1.button("Tick all its essential skills", key="skills_all_essential", icon=":material/done_all:"):
            cs.add_skills(essential)
            st.rerun()
        if c2.button("Untick all", key="skills_none", icon=":material/remove_done:"):
            cs.set_profile_skills(s for s in cs.profile_skills() if s not in labels)
            st.rerun()
        # The key follows the ticked set, so skills added elsewhere show up here too.
        chosen = st.multiselect(
            "Skills of this role that apply",
            options,
            default=held,
            format_func=lambda i: labels[i],
            key=f"skills_from_role_{abs(hash((ref.id, tuple(sorted(held)))))}",
        )
        if set(chosen) != set(held):
            cs.set_profile_skills([s for s in cs.profile_skills() if s not in labels or s in chosen] + chosen)
            st.rerun()

with search:
    text = st.text_input(
        "Find a skill",
        key="skills_search",
        placeholder="e.g. manage budgets, Python, risk analysis",
        max_chars=MAX_QUERY_LENGTH,
    )
    if text and text.strip():
        session.meaning_ready(store)
        with session.guard():
            found = search_skills(store, text, limit=8)
        if not found:
            st.info(f"No skill matches “{fmt.md(text)}”.", icon=":material/search_off:")
        for match in found:
            have = match.id in cs.profile_skills()
            hint = f" — matched “{fmt.md(match.matched_text)}”" if match.matched_field != "label" else ""
            st.button(
                f"{fmt.md(match.label)} · {fmt.md(match.kind.lower())}{hint}" + (" (in your profile)" if have else ""),
                key=f"skills_add_{match.id}",
                on_click=cs.add_skills,
                args=([match.id],),
                disabled=have,
                type="tertiary",
                icon=":material/add_circle:",
            )

with paste:
    pasted = st.text_area(
        "Paste a CV paragraph or a job advertisement",
        key="skills_paste",
        height=160,
        max_chars=MAX_TEXT_LENGTH,
        placeholder="Managed budgets of up to EUR 2m, performed risk analysis at each stage gate …",
    )
    if st.button("Find skills in this text", key="skills_find", icon=":material/manage_search:") and pasted.strip():
        session.meaning_ready(store, "Matching by meaning")
        with session.guard():
            st.session_state["skills_candidates"] = match_free_text(store, pasted)
    result = st.session_state.get("skills_candidates")
    if result is not None:
        if not result.candidates:
            st.info("No ESCO skill was recognised in this text. Try the search tab.", icon=":material/search_off:")
        else:
            how = "by meaning and wording" if result.method == "semantic" else "by wording"
            st.caption(
                f"{fmt.plural(len(result.candidates), 'skill')} recognised {how} in {result.words} words. "
                "Untick what does not apply, then add the rest."
            )
            if result.corrected:
                st.caption("Read as: " + "; ".join(f"{fmt.md(a)} → {fmt.md(b)}" for a, b in result.corrected))
            ticked = []
            for c in result.candidates:
                label = f"**{fmt.md(c.label)}** — “{fmt.md(c.matched_text)}” ({c.confidence * 100:.0f} % sure)"
                if st.checkbox(label, value=c.confidence >= 0.7, key=f"skills_cand_{c.id}"):
                    ticked.append(c.id)
            if st.button(
                f"Add {fmt.plural(len(ticked), 'ticked skill')} to the profile",
                key="skills_add_ticked",
                type="primary",
                disabled=not ticked,
                icon=":material/playlist_add:",
            ):
                added = cs.add_skills(ticked)
                st.session_state.pop("skills_candidates", None)
                st.toast(f"Added {fmt.plural(added, 'skill')}")
                st.rerun()

# -- the profile ------------------------------------------------------------------------------------------
st.header("Skill profile", anchor=False)
skills = cs.profile_skills()
if not skills:
    st.info("No skills yet: tick a role's skills, search, or paste a text above.", icon=":material/info:")
    st.stop()
labels = cs.skill_labels(store, skills)
kept = st.multiselect(
    f"{fmt.plural(len(skills), 'skill')} in the profile (remove one with its ×)",
    skills,
    default=skills,
    format_func=lambda i: labels.get(i, i),
    key=f"skills_profile_{abs(hash(tuple(skills)))}",
)
if set(kept) != set(skills):
    cs.set_profile_skills(kept)
    st.rerun()
c1, c2, c3 = st.columns(3)
c1.page_link(PAGES["fit"], label="Quick fit check with these skills", icon=":material/psychology:")
c2.page_link(PAGES["brief"], label="Save in a session brief", icon=":material/description:")
if c3.button("Clear the profile", key="skills_clear", icon=":material/delete_sweep:"):
    cs.set_profile_skills([])
    st.rerun()

# -- roles it covers ----------------------------------------------------------------------------------------
st.header("Roles these skills cover best", anchor=False)
with session.guard():
    matches = match_skills(store, skills, limit=15)
if not matches:
    st.info("None of these skills is an essential skill of any role.", icon=":material/info:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Role": [m.occupation.label for m in matches],
                "Has of its essentials": [round(m.coverage * 100) for m in matches],
                "Has": [len(m.matched) for m in matches],
                "Related": [len(m.near) for m in matches],
                "To learn": [len(m.missing) for m in matches],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Has of its essentials": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%"),
            "Related": st.column_config.NumberColumn(help="Essential skills not held, but next to one that is"),
        },
    )
    st.caption(
        "Ranked by the share of each role's essential skills the profile has (roles with very few essential skills count a little less)."
    )
    for m in matches[:8]:
        with st.expander(f"{fmt.md(m.occupation.label)} — has {fmt.pct(m.coverage)} of its essential skills"):
            st.page_link(
                PAGES["profile"],
                label="Open profile",
                query_params={"id": fmt.to_param(m.occupation.id)},
                icon=":material/badge:",
            )
            st.markdown("**Has:** " + (fmt.join_labels((r.label for r in m.matched), 12) or "–"))
            if m.near:
                st.markdown("**Related skills already there for:** " + fmt.join_labels((r.label for r in m.near), 12))
            st.markdown("**To learn:** " + (fmt.join_labels((r.label for r in m.missing), 15) or "nothing"))

# -- skills that open the most roles ------------------------------------------------------------------------
st.header("Skills that would open the most roles", anchor=False)
bar = st.slider(
    "A role counts as open from this share of its essential skills",
    30,
    80,
    int(DEFAULT_BAR * 100),
    step=10,
    format="%d %%",
    key="skills_bar",
)
with session.guard():
    leverage = skill_leverage(store, skills, limit=5, bar=bar / 100)
st.caption(
    f"Open now: {fmt.plural(leverage.open_now, 'role')} (at least {bar} % of their essential skills; roles with fewer than "
    f"{leverage.min_essential} essential skills are left out). For each missing skill: how many more roles it would open, "
    "and how much coverage it adds across the roles the profile already partly covers."
)
if not leverage.skills:
    st.info("No missing skill would change any role's coverage.", icon=":material/info:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Skill": [s.label for s in leverage.skills],
                "Kind": [s.kind.lower() for s in leverage.skills],
                "Would open": [s.opens for s in leverage.skills],
                "Coverage gain": [round(s.coverage_gain, 2) for s in leverage.skills],
                "Needed by": [s.roles_needing for s in leverage.skills],
                "Roles it opens": [", ".join(r.occupation.label for r in s.opened_roles) or "–" for s in leverage.skills],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Would open": st.column_config.NumberColumn(help="Roles that would reach the bar with this skill added"),
            "Coverage gain": st.column_config.NumberColumn(help="Coverage added, summed over partly covered roles that need it"),
            "Needed by": st.column_config.NumberColumn(help="Partly covered roles that list it as essential"),
        },
    )
