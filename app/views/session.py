"""What every page shares: the cached store, error display, the selection mirrored in the
URL (``st.query_params``) and the role picker.

Pages call :func:`store` (cached with ``st.cache_resource``; the store is never mutated),
read their selection with :func:`selected_role`, and wrap query calls in
:func:`guard` so a :class:`skillgraph.graph.errors.SkillgraphError` is shown as a message, with
suggestions where there are some, instead of a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import NoReturn

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views.registry import PAGES
from skillgraph.graph.errors import DataNotFoundError, SkillgraphError, StoreUnavailableError, UnknownOccupationError
from skillgraph.graph.settings import Settings
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.search import OccupationMatch, resolve_occupation, search_occupations

__all__ = [
    "settings",
    "store",
    "open_store_or_explain",
    "guard",
    "show_error",
    "selected_role",
    "role_picker",
    "remember_role",
    "last_role",
]


def settings() -> Settings:
    """Settings from the environment, read on every run (cheap), never at import."""
    return Settings.from_env()


def _settings_key(s: Settings) -> tuple[str, ...]:
    # Everything that selects the data, never the password.
    return (s.backend, str(s.data_dir or ""), str(s.cache_dir), s.neo4j_uri, s.neo4j_user, s.neo4j_database or "")


@st.cache_resource(show_spinner="Opening the skills graph … (the first start builds it from the official files, about 10 s)")
def _open(key: tuple[str, ...], _settings: Settings) -> GraphStore:
    from skillgraph.app.workspace import open_store

    return open_store(_settings)


def store() -> GraphStore:
    """The store the settings name, opened once per process and shared by every session.

    On missing data or an unreachable server the page shows what to do and stops.
    """
    current = settings()
    try:
        return _open(_settings_key(current), current)
    except SkillgraphError as e:
        explain_store_error(e)


def open_store_or_explain() -> GraphStore:
    """Alias of :func:`store` for the entry point (reads better there)."""
    return store()


def explain_store_error(error: SkillgraphError) -> NoReturn:
    """A full-page explanation of why no data can be shown, then stop the run."""
    if isinstance(error, DataNotFoundError):
        st.title("No data loaded yet")
        st.error(fmt.md(str(error)), icon=":material/folder_off:")
        st.markdown(
            "**How to get the data**\n\n"
            "1. O\\*NET and the ESCO→O\\*NET crosswalk: run `skillgraph download onet`.\n"
            "2. ESCO: download the CSV package (English, v1.1.x or v1.2.x) from the ESCO portal, "
            "which e-mails you a link, then run `skillgraph load --esco PATH.zip`.\n"
            "3. Or, if the official files are already in a folder laid out like `shared/data`, "
            "start the app with `SKILLGRAPH_DATA_DIR=/that/folder streamlit run streamlit_app.py`.\n\n"
            "Then reload this page."
        )
    elif isinstance(error, StoreUnavailableError):
        st.title("The graph database cannot be reached")
        st.error(fmt.md(str(error)), icon=":material/cloud_off:")
        st.markdown(
            "Start the database (e.g. `docker compose up -d neo4j`) or unset `SKILLGRAPH_BACKEND` to use the embedded store, then reload this page."
        )
    else:
        st.title("The data could not be opened")
        st.error(fmt.md(str(error)), icon=":material/error:")
    st.stop()


def show_error(error: SkillgraphError, *, page: str | None = None, param: str = "id") -> None:
    """Show ``error``'s message; for an unknown occupation, its suggestions as links."""
    if isinstance(error, UnknownOccupationError):
        st.error(f"No occupation matches {fmt.md(error.value)!s}.", icon=":material/search_off:")
        if error.suggestions:
            st.markdown("Did you mean one of these?")
            for ident, label in error.suggestions:
                st.page_link(
                    PAGES[page or "profile"],
                    label=fmt.md(label),
                    query_params={param: fmt.to_param(ident)},
                    icon=":material/arrow_forward:",
                )
        st.page_link(PAGES["find"], label="Search for a role instead", icon=":material/search:")
    else:
        st.error(fmt.md(str(error)), icon=":material/error:")


@contextlib.contextmanager
def guard(*, page: str | None = None, param: str = "id") -> Iterator[None]:
    """Show any SkillgraphError raised inside as a message and stop the page there."""
    try:
        yield
    except SkillgraphError as e:
        show_error(e, page=page, param=param)
        st.stop()


def remember_role(occupation_id: str) -> None:
    """The role last looked at, offered by pages opened without a selection."""
    st.session_state["skillgraph_last_role"] = occupation_id


def last_role() -> str | None:
    return st.session_state.get("skillgraph_last_role")


def selected_role(store: GraphStore, param: str = "id", *, page: str, fallback_to_last: bool = True) -> OccupationRef | None:
    """The occupation named by ``?param=`` (an id, a short ESCO id or a title).

    Without the parameter, the role last looked at in this session (written back to the
    URL so the view can be shared). An unknown value shows suggestions and stops.
    """
    raw = st.query_params.get(param)
    if not raw and fallback_to_last and last_role():
        raw = fmt.to_param(last_role())
        st.query_params[param] = raw
    if not raw:
        return None
    with guard(page=page, param=param):
        occupation_id = resolve_occupation(store, fmt.from_param(raw))
    props = store.node(occupation_id) or {}
    if fmt.to_param(occupation_id) != raw:
        st.query_params[param] = fmt.to_param(occupation_id)  # a title in the URL becomes the id
    return OccupationRef.from_props(props)


def _choose(param: str, occupation_id: str, text_key: str) -> None:
    st.query_params[param] = fmt.to_param(occupation_id)
    st.session_state[text_key] = ""


def role_picker(
    store: GraphStore,
    *,
    param: str,
    label: str,
    key: str,
    current: OccupationRef | None = None,
    source: str | None = None,
    limit: int = 8,
) -> None:
    """A search box whose matches are buttons; choosing one sets ``?param=`` and reruns.

    ``source`` keeps the matches to one taxonomy (when the other role fixes it).
    """
    text_key = f"{key}_search"
    placeholder = "Type a job title, e.g. nurse, data analyst, electrician"
    if current is not None:
        placeholder = f"Change: type another title (now {current.label})"
    text = st.text_input(label, key=text_key, placeholder=placeholder)
    if not text or not text.strip():
        return
    with guard():
        matches: list[OccupationMatch] = search_occupations(store, text, limit=limit, source=source)
    if not matches:
        st.info(f"No role matches “{fmt.md(text)}”. Try fewer or other words.", icon=":material/search_off:")
        return
    for match in matches:
        ref = OccupationRef(match.id, match.label, match.source, match.code, match.isco_code)
        hint = f" — matched “{fmt.md(match.matched_text)}”" if match.matched_field != "label" else ""
        st.button(
            f"{fmt.md(match.label)}  ·  {fmt.md(fmt.source_line(ref))}{hint}",
            key=f"{key}_pick_{match.id}",
            on_click=_choose,
            args=(param, match.id, text_key),
            type="tertiary",
            icon=":material/add_circle:",
        )


def meaning_ready(store: GraphStore, what: str = "Search by meaning") -> bool:
    """Make the language model's embeddings ready without blocking the page.

    Read from the cache when they are there (about a second); when they are missing, start
    the one-time build in the background and say so: queries meanwhile match by wording.
    Returns True when matching by meaning is available now.
    """
    from skillgraph.queries.embeddings import embedding_status, start_background_build, taxonomy_embeddings

    status = embedding_status(store)
    if status.state == "cached":
        with st.spinner(f"Loading {what.lower()} …"):
            taxonomy_embeddings(store, build=False)
        return True
    if status.state in ("missing", "building"):
        status = start_background_build(store)
    if status.state == "building":
        done = f" ({status.done * 100 // status.total} %)" if status.total else ""
        st.info(
            f"{what} is being prepared{done}: a one-time step of a few minutes. Until then, matches are found by their wording.",
            icon=":material/hourglass_top:",
        )
        return False
    return status.state == "ready"
