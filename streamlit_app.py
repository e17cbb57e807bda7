"""skillgraph — the Streamlit app: find a role, read its profile, explore the graph around
it, and plan moves to similar roles.

Run with ``streamlit run streamlit_app.py``. This file only routes: it sets the page up,
opens the store once per process (``st.cache_resource`` in :mod:`skillgraph.app.views.session`),
shows what data is loaded in the sidebar, and hands over to the selected page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session

# A local image: a ":material/…:" page icon would make the browser fetch the favicon from Google's servers.
ICON = Path(__file__).parent / "app" / "static" / "favicon.png"

st.set_page_config(
    page_title="skillgraph — careers explorer",
    page_icon=str(ICON),
    layout="wide",
    initial_sidebar_state="expanded",
)

store = session.store()  # explains missing data / an unreachable server and stops

pages = {
    "Explore": [
        st.Page(session.PAGES["find"], title="Find a role", icon=":material/search:", default=True),
        st.Page(session.PAGES["profile"], title="Occupation profile", icon=":material/badge:", url_path="profile"),
        st.Page(session.PAGES["graph"], title="Explore the graph", icon=":material/hub:", url_path="graph"),
    ],
    "Plan a move": [
        st.Page(session.PAGES["similar"], title="Similar roles", icon=":material/compare_arrows:", url_path="similar"),
        st.Page(session.PAGES["pathways"], title="Pathways", icon=":material/route:", url_path="pathways"),
        st.Page(session.PAGES["compare"], title="Compare two roles", icon=":material/splitscreen:", url_path="compare"),
    ],
    "Counsellor": [
        st.Page("app/pages/my_skills.py", title="My skills", icon=":material/checklist:", url_path="my-skills"),
        st.Page("app/pages/fit_check.py", title="Quick fit check", icon=":material/psychology:", url_path="fit"),
        st.Page("app/pages/session_brief.py", title="Session brief", icon=":material/description:", url_path="brief"),
    ],
    "About": [
        st.Page(session.PAGES["about"], title="Data & about", icon=":material/info:", url_path="about"),
    ],
}
page = st.navigation(pages)

with st.sidebar:
    meta = store.meta()
    versions = " · ".join(f"{fmt.md(name)} {fmt.md(version)}" for name, version in meta.versions.items() if name != "crosswalk")
    store_name = "embedded, in memory" if meta.backend == "memory" else f"{meta.backend} at {meta.address}"
    st.caption(f"Data: {versions or 'none'}  \nStore: {fmt.md(store_name)}")

page.run()
