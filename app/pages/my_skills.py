"""My skills: build the client's skill profile (from the current role's skills, ticked in
place; by searching; or from a pasted CV paragraph or job ad, confirmed skill by skill),
then see the roles it covers best — in words, with what is held, related and missing —
and the few skills that would open the most roles. Everything is kept in the working
copy (saved as it changes)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session, wording
from skillgraph.app.views.explain_view import memo, render_held_missing
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.free_text import MAX_TEXT_LENGTH, match_free_text
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.search import MAX_QUERY_LENGTH, search_skills
from skillgraph.queries.skill_leverage import DEFAULT_BAR, skill_leverage

store = session.store()

st.title("My skills")
st.markdown(
    "Build the client's skill profile — from the skills of their current role, by searching, or from a pasted CV "
    "paragraph or job advertisement — then see which roles it already covers and what would open the most new ones. "
    "Everything is kept as you go, also across pages and reloads."
)

# -- the current role ------------------------------------------------------------------------------------
if st.query_params.get("role"):
    ref = cs.role_from_url(store, "skills")
    if ref is not None and ref.id != cs.profile_role():
        cs.set_profile_role(ref.id)
    st.query_params.pop("role", None)
role_id = cs.profile_role()
ref = None
if role_id and store.node(role_id):
    ref = OccupationRef.from_props(store.node(role_id))


def _use_role(occupation_id: str) -> None:
    cs.set_profile_role(occupation_id)


# Callbacks run before the page, so a click costs one run (no st.rerun()).
def _tick_all(ids: list[str]) -> None:
    added = cs.add_skills(ids)
    st.toast(f"Added {fmt.plural(added, 'skill')} to the profile")


def _untick(ids: list[str]) -> None:
    cs.set_profile_skills(s for s in cs.profile_skills() if s not in set(ids))


def _ticked(key: str, ids: list[str]) -> None:
    picked = list(st.session_state.get(key) or [])
    cs.set_profile_skills([s for s in cs.profile_skills() if s not in ids or s in picked] + picked)


def _add_ticked(ids: list[str]) -> None:
    added = cs.add_skills(ids)
    st.session_state.pop("skills_candidates", None)
    st.toast(f"Added {fmt.plural(added, 'skill')} to the profile")


def _kept(key: str) -> None:
    kept = set(st.session_state.get(key) or [])
    cs.set_profile_skills(s for s in cs.profile_skills() if s in kept)


start, search, paste = st.tabs(["From the current role", "Search skills", "Paste a CV or job ad"])

with start:
    viewed = session.last_role()
    if ref is None:
        if viewed and viewed != role_id and store.node(viewed):
            label = store.node(viewed)["label"]
            st.button(
                f"Use {fmt.md(label)} (the role viewed last) as the client's current role",
                key="skills_use_viewed",
                on_click=_use_role,
                args=(viewed,),
                type="primary",
                icon=":material/person_pin:",
            )
        session.role_picker(store, param="role", label="Or find the client's current role", key="skills_role")
    else:
        st.markdown(f"**Current role:** {fmt.md(ref.label)} · {fmt.md(wording.code_aside(ref.source, ref.code, ref.isco_code))}")
        if viewed and viewed != ref.id and store.node(viewed):
            st.button(
                f"Use {fmt.md(store.node(viewed)['label'])} (viewed last) instead",
                key="skills_use_viewed",
                on_click=_use_role,
                args=(viewed,),
                type="tertiary",
                icon=":material/swap_horiz:",
            )
        session.role_picker(store, param="role", label="Another role", key="skills_role", current=ref)
        rows = store.requirements([ref.id]).get(ref.id, [])
        labels = {r["id"]: r["label"] for r in rows}
        essential = [r["id"] for r in rows if r["relation"] == "essential"]
        optional = [r["id"] for r in rows if r["relation"] != "essential"]
        have = set(cs.profile_skills())
        st.caption(
            f"{fmt.md(ref.label)} lists {len(essential)} essential and {len(optional)} optional skills. "
            "Click the ones the client has (click again to take one away)."
        )
        c1, c2 = st.columns(2)
        c1.button(
            "Tick all its essential skills",
            key="skills_all_essential",
            icon=":material/done_all:",
            on_click=_tick_all,
            args=(essential,),
        )
        c2.button("Untick all", key="skills_none", icon=":material/remove_done:", on_click=_untick, args=(list(labels),))
        for title, ids, name in (("Essential skills", essential, "essential"), ("Optional skills", optional, "optional")):
            if not ids:
                continue
            held = [i for i in ids if i in have]
            # The key follows the ticked set, so skills added elsewhere show up here too.
            key = f"skills_{name}_{abs(hash((ref.id, tuple(held))))}"
            st.pills(
                f"{title} ({len(held)} of {len(ids)} ticked)",
                ids,
                selection_mode="multi",
                default=held,
                format_func=lambda i: fmt.md(labels[i]),  # pills render Markdown: labels are text
                key=key,
                on_change=_ticked,
                args=(key, ids),
            )

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
            owned = match.id in cs.profile_skills()
            hint = f" — matched “{fmt.md(match.matched_text)}”" if match.matched_field != "label" else ""
            st.button(
                f"{fmt.md(match.label)} · {fmt.md(match.kind.lower())}{hint}" + (" (in the profile)" if owned else ""),
                key=f"skills_add_{match.id}",
                on_click=cs.add_skills,
                args=([match.id],),
                disabled=owned,
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
        help=f"At most {MAX_TEXT_LENGTH:,} characters (about a page). The text itself is not kept; only the skills you add are.",
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
            st.button(
                f"Add {fmt.plural(len(ticked), 'ticked skill')} to the profile",
                key="skills_add_ticked",
                type="primary",
                disabled=not ticked,
                icon=":material/playlist_add:",
                on_click=_add_ticked,
                args=(ticked,),
            )

# -- the profile ------------------------------------------------------------------------------------------
st.header("Skill profile", anchor=False)
skills = cs.profile_skills()
if not skills:
    st.info("No skills yet: tick the current role's skills, search, or paste a text above.", icon=":material/info:")
    st.stop()
labels = cs.skill_labels(store, skills)
profile_key = f"skills_profile_{abs(hash(tuple(skills)))}"
st.pills(
    f"{fmt.plural(len(skills), 'skill')} in the profile — click one to take it out",
    skills,
    selection_mode="multi",
    default=skills,
    format_func=lambda i: fmt.md(labels.get(i, i)),  # pills render Markdown: labels are text
    key=profile_key,
    on_change=_kept,
    args=(profile_key,),
)
c1, c2, c3 = st.columns(3)
c1.page_link(PAGES["fit"], label="Quick fit check with these skills", icon=":material/psychology:")
c2.page_link(PAGES["brief"], label="Go to the session brief", icon=":material/description:")
c3.button("Clear the profile", key="skills_clear", icon=":material/delete_sweep:", on_click=cs.set_profile_skills, args=([],))

# -- roles it covers ----------------------------------------------------------------------------------------
st.header("Roles these skills cover best", anchor=False)
with session.guard():
    matches = memo("skills_matches", tuple(skills), lambda: match_skills(store, skills, limit=15))
if not matches:
    st.info("None of these skills is an essential skill of any role.", icon=":material/info:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Role": [m.occupation.label for m in matches],
                "Has of its essential skills": [round(m.coverage * 100) for m in matches],
                "In words": [
                    wording.coverage_short(len(m.matched), len(m.matched) + len(m.near) + len(m.missing)) for m in matches
                ],
                "Related": [len(m.near) for m in matches],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Role": st.column_config.TextColumn(width="large"),
            "Has of its essential skills": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%"),
            "In words": st.column_config.TextColumn(width="medium"),
            "Related": st.column_config.NumberColumn(help="Essential skills not held, but next to one the client has"),
        },
    )
    st.caption(
        "Ranked by the share of each role's essential skills the client has (roles with very few essential skills "
        "count a little less)."
    )
    for n, m in enumerate(matches[:8]):
        total = len(m.matched) + len(m.near) + len(m.missing)
        with st.expander(f"{fmt.md(m.occupation.label)} — has {len(m.matched)} of its {total} essential skills"):
            render_held_missing(m.matched, m.near, m.missing, role=m.occupation.label, total=total, expanded=True)
            st.page_link(
                PAGES["profile"],
                label="Open its profile",
                query_params={"id": fmt.to_param(m.occupation.id)},
                icon=":material/badge:",
            )
            role_actions(m.occupation, key=f"skills_role_{n}", current_role=False)

# -- skills that open the most roles ------------------------------------------------------------------------
st.header("Skills that would open the most roles", anchor=False)
bar = st.slider(
    "A role counts as open once the client has this share of its essential skills",
    30,
    80,
    int(DEFAULT_BAR * 100),
    step=10,
    format="%d %%",
    key="skills_bar",
)
with session.guard():
    leverage = memo("skills_leverage", (tuple(skills), bar), lambda: skill_leverage(store, skills, limit=5, bar=bar / 100))
st.caption(
    f"Open now: {fmt.plural(leverage.open_now, 'role')} (the client has at least {bar} % of their essential skills; roles "
    f"with fewer than {leverage.min_essential} essential skills are left out)."
)
if not leverage.skills:
    st.info("No single missing skill would change which roles are open.", icon=":material/info:")
else:
    for s in leverage.skills:
        opened = ", ".join(fmt.md(r.occupation.label) for r in s.opened_roles)
        if s.opens:
            line = f"**{fmt.md(s.label)}** ({fmt.md(s.kind.lower())}) would open {fmt.plural(s.opens, 'more role')}" + (
                f": {opened}" if opened else ""
            )
        else:
            line = f"**{fmt.md(s.label)}** ({fmt.md(s.kind.lower())}) opens no role on its own"
        line += f" — and brings {fmt.plural(s.roles_needing, 'partly covered role')} closer."
        st.markdown("- " + line)
