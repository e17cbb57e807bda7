"""Quick fit check: six short interest questions (the O*NET interest areas), set against each
role's interest profile and combined with the skill profile — every score says what comes
from skills and what from interests."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session, wording
from skillgraph.app.views.explain_view import profile_comparison, render_held_missing
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.graph.model import INTEREST_AREAS
from skillgraph.queries.fit import INTEREST_WEIGHT, SKILL_WEIGHT, fit_view, role_fit

store = session.store()

st.title("Quick fit check")
st.markdown(
    "Six quick questions about what kind of work you enjoy. This is not a full assessment — it is a first look at "
    "which roles might suit you, next to what your skills already cover."
)

answers = cs.interest_answers()
with st.form("fit_questions", border=True):
    st.markdown("**How much would you enjoy …**")
    given = {}
    for area in INTEREST_AREAS:
        given[area] = st.radio(
            f"{area}: {cs.AREA_QUESTIONS[area]}",
            list(cs.ANSWER_OPTIONS),
            index=list(cs.ANSWER_OPTIONS).index(answers[area]) if area in answers else None,
            format_func=cs.ANSWER_OPTIONS.get,
            horizontal=True,
            key=f"fit_{area}",
        )
    if st.form_submit_button("Show my fit", type="primary", icon=":material/psychology:"):
        cs.set_interest_answers({a: v for a, v in given.items() if v is not None})  # read just below: no rerun

answers = cs.interest_answers()
if not answers:
    st.info("Answer at least one question, then press “Show my fit”.", icon=":material/info:")
    st.stop()
st.caption(f"{len(answers)} of 6 questions answered.")

skills = cs.profile_skills()
use_skills = st.toggle(
    f"Include my skill profile ({fmt.plural(len(skills), 'skill')})" if skills else "Include my skill profile (empty)",
    value=bool(skills),
    disabled=not skills,
    key="fit_use_skills",
    help="Build it on the My skills page.",
)
if not skills:
    st.page_link(PAGES["skills"], label="Build a skill profile first", icon=":material/checklist:")
chosen = skills if use_skills else []

# -- one role ------------------------------------------------------------------------------------------------
ref = cs.role_from_url(store, "fit")
if ref is not None:
    with session.guard():
        one = role_fit(store, ref.id, answers, chosen)
    with st.container(border=True):
        st.subheader(f"Could {fmt.md(ref.label)} fit the client?", anchor=False)
        st.caption(fmt.md(wording.code_aside(ref.source, ref.code, ref.isco_code)))
        c1, c2, c3 = st.columns(3)
        c1.metric(
            "From the skills",
            fmt.pct(one.skill_part) if one.skill_part is not None else "–",
            help="The share of the role's essential skills in the profile",
        )
        c2.metric(
            "From the interests",
            fmt.pct(one.interest_part) if one.interest_part is not None else "no data",
            help="How well the role's O*NET interest profile matches the answers",
        )
        c3.metric("Together", fmt.pct(one.combined) if one.combined is not None else "–")
        st.markdown(fmt.md(wording.fit_sentence(one.skill_part, one.interest_part, one.combined)))
        if chosen:
            with session.guard():
                comparison = profile_comparison(store, chosen, ref.id)
            near = {n.requirement.id for n in comparison.near_matches}
            render_held_missing(
                comparison.shared_essential,
                [n.requirement for n in comparison.near_matches],
                [r for r in comparison.missing_essential if r.id not in near],
                role=ref.label,
                total=comparison.target_essential_count,
            )
        if one.interest_part is None:
            st.caption("This role has no O\\*NET interest profile, so only the skill part can be shown.")
        else:
            st.markdown(fmt.md(wording.interest_sentence(one.interest_part, ref.label, one.interest_source_label)))
            if one.role_code:
                st.caption(f"The role's strongest interest areas: {fmt.md(wording.interest_code_words(one.role_code))}.")
        role_actions(ref, key="fit_one")
        if st.button("Check another role", key="fit_clear_role", type="tertiary", icon=":material/close:"):
            st.query_params.pop("role", None)
            st.rerun()
else:
    with st.expander("Check one role"):
        session.role_picker(store, param="role", label="Role", key="fit_role")

# -- every role ----------------------------------------------------------------------------------------------
with session.guard():
    view = fit_view(store, answers, chosen, limit=15)
st.header("Roles that fit", anchor=False)
if chosen:
    st.markdown(
        f"**Fit = {SKILL_WEIGHT:.0%} from skills + {INTEREST_WEIGHT:.0%} from interests.** The skill part is the share of "
        "a role's essential skills in your profile; the interest part compares your answers with the role's O\\*NET "
        "interest profile (100 % = the role is strong exactly where your interests are)."
    )
else:
    st.markdown(
        "**Fit = interests only** (no skill profile included): your answers compared with each role's O\\*NET interest profile."
    )
if view.person_code:
    st.caption(f"The client's strongest interests: {fmt.md(wording.interest_code_words(view.person_code))}.")
if not view.roles:
    st.info("No role with an interest profile shares a skill with the profile.", icon=":material/info:")
else:
    frame = {
        "Role": [f.occupation.label for f in view.roles],
        "Fit": [round((f.combined or 0) * 100) for f in view.roles],
    }
    if chosen:
        frame["From skills"] = [round((f.skill_part or 0) * 100) for f in view.roles]
    frame["From interests"] = [round((f.interest_part or 0) * 100) for f in view.roles]
    frame["Role's strongest interests"] = [wording.interest_code_words(f.role_code) for f in view.roles]
    st.dataframe(
        pd.DataFrame(frame),
        hide_index=True,
        width="stretch",
        column_config={
            "Fit": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%"),
            "From skills": st.column_config.ProgressColumn(
                min_value=0, max_value=100, format="%d %%", help="Share of the role's essential skills in your profile"
            ),
            "From interests": st.column_config.ProgressColumn(
                min_value=0, max_value=100, format="%d %%", help="How well the role's interest profile matches your answers"
            ),
        },
    )
if view.without_interest_data:
    st.subheader("Roles without interest data", anchor=False)
    st.caption(
        f"{fmt.plural(view.lacking_interest_data, 'role')} sharing skills with the profile have no O\\*NET interest "
        "profile (no crosswalk match). They are ranked by skills alone — not guessed."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Role": [f.occupation.label for f in view.without_interest_data],
                "From skills": [round((f.skill_part or 0) * 100) for f in view.without_interest_data],
                "Interests": ["no data"] * len(view.without_interest_data),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"From skills": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%")},
    )
if view.roles:
    with st.expander("Open one of these roles"):
        for n, f in enumerate(view.roles[:10]):
            st.page_link(
                PAGES["fit"],
                label=f"Could {fmt.md(f.occupation.label)} fit? — {fmt.pct(f.combined)}",
                query_params={"role": fmt.to_param(f.occupation.id)},
                icon=":material/psychology:",
            )
st.page_link(PAGES["brief"], label="Go to the session brief (the answers are kept)", icon=":material/description:")
