"""The graph as a Streamlit component: shows a page from :func:`skillgraph.app.views.graph_view.render_html`
and returns the occupation a person clicked, so the caller can open its profile.

The component is a static page served by Streamlit itself from ``app/static/graph_component``
(no build step, no network): it runs the graph page in a nested frame and forwards the
click messages the graph page posts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

__all__ = ["graph_component", "clicked_role"]

_PATH = Path(__file__).resolve().parent.parent / "static" / "graph_component"


@cache
def _component():
    return components.declare_component("skillgraph_graph", path=str(_PATH))


def graph_component(page_html: str, *, height: int, key: str) -> dict | None:
    """Render ``page_html``; the value is ``{"id": …, "at": ms}`` after a click on a role, with
    the occupation id in its URL form (:func:`skillgraph.app.views.formatting.to_param`)."""
    return _component()(html=page_html, height=height, key=key, default=None)


def clicked_role(value: dict | None, key: str) -> str | None:
    """The clicked occupation (URL form of its id) of a click not handled yet, else None."""
    if not value or not isinstance(value, dict) or not isinstance(value.get("id"), str):
        return None
    seen_key = f"{key}_handled"
    if st.session_state.get(seen_key) == value.get("at"):
        return None
    st.session_state[seen_key] = value.get("at")
    return value["id"]
