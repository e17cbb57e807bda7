"""Find a role: one search over ESCO titles, ESCO alternative labels and O*NET alternate
titles, by meaning and by wording (typos are fine); every result opens its profile.

When the language model's index of the titles is not built yet, the page starts building
it in the background and says so; meanwhile results are matched by wording."""

from __future__ import annotations

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.app.views.registry import PAGES
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.search import MAX_QUERY_LENGTH, cut_query, search_occupations

SOURCES = {"All": None, "ESCO (Europe)": "ESCO", "O\\*NET (US)": "O*NET"}
EXAMPLES = ("ICT project manager", "nurse", "data scientist", "electrician", "primary school teacher", "chef")

store = session.store()

st.title("Find a role")
st.markdown(
    "Search any job title — an official title or one people use day to day. Small typos are fine. "
    "Open a role to see its skills, what a day looks like, similar roles and where it can lead."
)


def _set_query(value: str) -> None:
    st.session_state["find_q"] = value


if "find_q" not in st.session_state:
    # A title from the address is cut like one typed (the box takes MAX_QUERY_LENGTH characters).
    st.session_state["find_q"] = cut_query(st.query_params.get("q", ""))[0]

left, right = st.columns([3, 2], vertical_alignment="bottom")
with left:
    text = st.text_input(
        "Job title",
        key="find_q",
        placeholder="e.g. IT project manager, nurse, welder",
        max_chars=MAX_QUERY_LENGTH,
        help=f"A job title as people say it, up to {MAX_QUERY_LENGTH} characters.",
    )
with right:
    source_name = st.radio(
        "Taxonomy",
        list(SOURCES),
        horizontal=True,
        key="find_source",
        help="ESCO is the European classification of occupations and skills; O\\*NET the US one.",
    )

text, was_cut = cut_query(text or "")
if was_cut:
    st.caption(f"Only the first {MAX_QUERY_LENGTH} characters are searched.")
if text:
    st.query_params["q"] = text
else:
    st.query_params.pop("q", None)

if not text:
    st.markdown("**Try:**")
    cols = st.columns(len(EXAMPLES))
    for col, example in zip(cols, EXAMPLES):
        col.button(example, key=f"example_{example}", on_click=_set_query, args=(example,), width="stretch")
    st.divider()
    a, b, c = st.columns(3)
    with a:
        st.subheader(":material/badge: Profiles", anchor=False)
        st.caption("Essential skills by area, knowledge, software, typical education and an illustrative day.")
    with b:
        st.subheader(":material/compare_arrows: Similar roles", anchor=False)
        st.caption("Where your skills already take you — and what you would still need to learn.")
    with c:
        st.subheader(":material/route: Pathways", anchor=False)
        st.caption("Step-by-step routes from one role to another, one realistic move at a time.")
    st.stop()

# Search by meaning needs the model's index of the titles: built once per data version (a few
# minutes), in the background, so the page answers by wording meanwhile instead of waiting.
session.meaning_ready(store)
with session.guard():
    matches = search_occupations(store, text, limit=15, source=SOURCES[source_name])

if not matches:
    st.info(f"No role matches “{fmt.md(text)}”. Try fewer words or another title.", icon=":material/search_off:")
    st.stop()

st.caption(f"{fmt.plural(len(matches), 'role')} matching “{fmt.md(text)}”, best first")
for match in matches:
    ref = OccupationRef(match.id, match.label, match.source, match.code, match.isco_code)
    with st.container(border=True):
        st.page_link(
            PAGES["profile"],
            label=f"**{fmt.md(match.label)}**",
            query_params={"id": fmt.to_param(match.id)},
            icon=":material/badge:",
        )
        details = fmt.source_line(ref)
        if match.source == "ESCO" and match.code:
            details += f" · code {match.code}"
        line = fmt.md(details)
        if match.matched_field != "label":
            kind = "alternate title" if match.matched_field == "alt_title" else "also known as"
            line += f" · {kind}: “{fmt.md(match.matched_text)}”"
        st.caption(line)
