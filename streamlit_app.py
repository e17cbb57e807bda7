"""skillgraph — the Streamlit app: find a role, read its profile, explore the graph around
it, and plan moves to similar roles.

Run with ``streamlit run streamlit_app.py``. This file only routes: it sets the page up,
opens the store once per process (``st.cache_resource`` in :mod:`skillgraph.app.views.session`),
shows what data is loaded in the sidebar, and hands over to the selected page.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import streamlit as st

from skillgraph.app.views import counsellor, session, warmup
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views.registry import REGISTRY, SECTIONS

started = time.perf_counter()  # for SKILLGRAPH_LOG_RUN_TIMES (below)

# A local image: a ":material/…:" page icon would make the browser fetch the favicon from Google's servers.
ICON = Path(__file__).parent / "app" / "static" / "favicon.png"

st.set_page_config(
    page_title="skillgraph — careers explorer",
    page_icon=str(ICON),
    layout="wide",
    initial_sidebar_state="expanded",
)

store = session.store()  # explains missing data / an unreachable server and stops
warmup.start(store)  # the queries' per-store caches, built in the background

pages = {
    section: [
        st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path or None, default=not p.url_path)
        for p in REGISTRY
        if p.section == section
    ]
    for section in SECTIONS
}
page = st.navigation(pages)
counsellor.restore()  # the counsellor's working copy after a reload, its id kept in the address

with st.sidebar:
    meta = store.meta()
    versions = " · ".join(f"{fmt.md(name)} {fmt.md(version)}" for name, version in meta.versions.items() if name != "crosswalk")
    store_name = "embedded, in memory" if meta.backend == "memory" else f"{meta.backend} at {meta.address}"
    st.caption(f"Data: {versions or 'none'}  \nStore: {fmt.md(store_name)}")
    status = st.empty()

with status.container():
    counsellor.render_status(guard=False)  # as the run starts (a page may stop early)
try:
    page.run()
finally:
    if os.environ.get("SKILLGRAPH_LOG_RUN_TIMES"):  # bench/browser.py: the server's share of each step
        print(f"skillgraph-run {page.url_path or 'find'} {time.perf_counter() - started:.3f}", file=sys.stderr, flush=True)
# After the page, which may have changed the working copy; with the browser's leave guard.
with status.container():
    counsellor.render_status()
