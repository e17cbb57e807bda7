"""Quick fit check: six short interest questions (the O*NET interest areas), set against each
role's interest profile and combined with the skill profile — every score says what comes
from skills and what from interests."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.app.views.registry import PAGES
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
        cs.set_interest_answers({a: v for a, v in given.items() if v is not None})
        st.rerun()

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
        st.subheader(f"Could {fmt.md(ref.label)} fit you?", anchor=False)
        c1, c2, c3 = st.columns(3)
        c1.metric(
            "From your skills",
            fmt.pct(one.skill_part) if one.skill_part is not None else "–",
            help=f"{one.matched} of its {one.essential_count} essential skills",
        )
        c2.metric("From your interests", fmt.pct(one.interest_part) if one.interest_part is not None else "no data")
        c3.metric("Together", fmt.pct(one.combined) if one.combined is not None else "–")
        if one.interest_part is None:
            st.caption("This role has no O\\*NET interest profile, so only the skill part can be shown.")
        else:
            st.caption(f"Interest profile from O\\*NET: {fmt.md(one.interest_source_label)} (code {fmt.md(one.role_code)}).")
        if st.button("Clear this role", key="fit_clear_role", type="tertiary"):
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
    st.caption(f"Your strongest interests: {fmt.md(view.person_code)}")
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
    frame["Role's interest code"] = [f.role_code for f in view.roles]
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
st.page_link(PAGES["brief"], label="Save the answers in a session brief", icon=":material/description:")
