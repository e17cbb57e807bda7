"""The counsellor's working copy: one draft per browser session, kept server-side.

Everything a counsellor builds — the client's current role, the skill profile, the
interest answers, the shortlist with reasons, next actions and gaps marked not relevant,
the notes — lives in one :class:`skillgraph.app.sessions.Draft`. Every change is written
to the sessions store at once (:func:`update`), and the draft's id travels in the page
address (``?draft=…``, put back by :func:`restore` on every page), so a reload, a link to
another page or a second look tomorrow finds the work as it was. Saving it as a named
session is explicit (:func:`save_named`); :func:`unsaved` says whether there is work the
named session does not have, and :func:`render_status` shows it in the sidebar and asks the
browser to warn before the tab is closed. "Delete everything" removes the drafts too.

The working copy of a tab is never shared with other app users unless they have its
address; the draft id is a random 128-bit token.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from skillgraph.app.brief import ANSWER_LABELS
from skillgraph.app.sessions import (
    MAX_SHORTLIST,
    Draft,
    DraftGoneError,
    Session,
    SessionStoreBase,
    ShortlistEntry,
    content_digest,
    new_draft_id,
    open_session_store,
)
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session as app_session
from skillgraph.app.views.registry import PAGES
from skillgraph.graph.errors import SkillgraphError, UnknownOccupationError
from skillgraph.graph.model import INTEREST_AREAS
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.search import resolve_occupation

__all__ = [
    "DRAFT_PARAM",
    "restore",
    "work",
    "update",
    "profile_skills",
    "set_profile_skills",
    "add_skills",
    "remove_skill",
    "profile_role",
    "set_profile_role",
    "interest_answers",
    "set_interest_answers",
    "shortlist",
    "add_to_shortlist",
    "remove_from_shortlist",
    "move_in_shortlist",
    "update_entry",
    "open_session",
    "generation",
    "open_saved",
    "start_new",
    "save_named",
    "unsaved",
    "delete_everything",
    "render_status",
    "session_store",
    "skill_labels",
    "role_from_url",
    "ANSWER_OPTIONS",
    "AREA_QUESTIONS",
]

#: The query parameter that carries the draft id.
DRAFT_PARAM = "draft"

#: The 1–5 scale of the interest questions, in words.
ANSWER_OPTIONS = {answer: label.capitalize() for answer, label in ANSWER_LABELS.items()}

#: One question per RIASEC area (wording after O*NET's interest descriptions).
AREA_QUESTIONS = {
    "Realistic": "Working with your hands, tools, machines, plants or animals — practical, hands-on problems?",
    "Investigative": "Working with ideas — analysing, researching and solving problems by thinking them through?",
    "Artistic": "Creating things — designing, writing, self-expression, work without a fixed routine?",
    "Social": "Working with people — helping, teaching, advising or caring for others?",
    "Enterprising": "Leading and persuading — starting projects, making decisions, taking charge of results?",
    "Conventional": "Working with procedures and data — organising information, following set methods, detail?",
}

_DRAFT = "counsellor_draft"
_NOTICE = "counsellor_notice"
_GENERATION = "counsellor_generation"
_EMPTY = Session(alias="")


# -- the store ------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _store(home: str, url: str) -> SessionStoreBase:
    return open_session_store(app_session.settings())


def session_store() -> SessionStoreBase:
    """The sessions store the settings name (the SQLite file in ``SKILLGRAPH_HOME``, or
    PostgreSQL with ``SKILLGRAPH_SESSIONS_URL``)."""
    import os

    settings = app_session.settings()
    return _store(str(settings.home_dir), os.environ.get("SKILLGRAPH_SESSIONS_URL", ""))


# -- the draft ---------------------------------------------------------------------------------------


def _draft() -> Draft | None:
    return st.session_state.get(_DRAFT)


def restore() -> None:
    """Called on every run, before the page: bring back this tab's draft after a reload (from
    ``?draft=``), and keep its id in the address after a move to another page."""
    draft = _draft()
    wanted = st.query_params.get(DRAFT_PARAM)
    if draft is None and wanted:
        try:
            found = session_store().get_draft(wanted)
        except SkillgraphError as e:
            st.session_state[_NOTICE] = f"The working copy could not be read: {e}"
            found = None
        if found is None:
            st.session_state.setdefault(_NOTICE, "That working copy no longer exists (it was deleted). This tab starts afresh.")
            st.query_params.pop(DRAFT_PARAM, None)
        else:
            st.session_state[_DRAFT] = draft = found
    if draft is not None and st.query_params.get(DRAFT_PARAM) != draft.id:
        st.query_params[DRAFT_PARAM] = draft.id


def work() -> Session:
    """The working copy as it is now (an empty one before the first change)."""
    draft = _draft()
    return draft.session if draft is not None else _EMPTY


def _write(draft: Draft) -> None:
    try:
        stored = session_store().save_draft(draft)
    except DraftGoneError:
        _forget("Everything was deleted (in this or another tab), so this tab starts afresh.")
        return
    st.session_state[_DRAFT] = stored
    st.query_params[DRAFT_PARAM] = stored.id


def update(**changes) -> Session:
    """Change the working copy and save it at once (only when something changed)."""
    draft = _draft()
    current = work()
    changed = current.edit(**changes)
    if changed == current:
        return current
    if draft is None:
        draft = Draft(new_draft_id(), _EMPTY)
    _write(Draft(draft.id, changed, draft.saved_digest, draft.updated_at, draft.revision))
    return work()


def generation() -> int:
    """Changes whenever the working copy is replaced (another session opened, a new client,
    everything deleted): widget keys that carry it never show the previous client's text."""
    return st.session_state.get(_GENERATION, 0)


def _next_generation() -> None:
    st.session_state[_GENERATION] = generation() + 1


def _forget(notice: str = "") -> None:
    _next_generation()
    st.session_state.pop(_DRAFT, None)
    st.query_params.pop(DRAFT_PARAM, None)
    if notice:
        st.session_state[_NOTICE] = notice


# -- profile ------------------------------------------------------------------------------------------


def profile_skills() -> list[str]:
    """The skill ids of the working profile, in the order they were added."""
    return list(work().skills)


def set_profile_skills(ids: Iterable[str]) -> None:
    update(skills=tuple(dict.fromkeys(ids)))


def add_skills(ids: Iterable[str]) -> int:
    """Add ``ids`` to the profile; returns how many were new."""
    current = profile_skills()
    new = [i for i in dict.fromkeys(ids) if i not in current]
    if new:
        set_profile_skills(current + new)
    return len(new)


def remove_skill(skill_id: str) -> None:
    set_profile_skills(s for s in profile_skills() if s != skill_id)


def profile_role() -> str:
    """The current role of the working profile ('' when none)."""
    return work().current_role


def set_profile_role(occupation_id: str) -> None:
    """Make ``occupation_id`` the client's current role (and take it off the shortlist)."""
    occupation_id = occupation_id or ""
    update(current_role=occupation_id, shortlist=tuple(e for e in work().shortlist if e.role_id != occupation_id))


def interest_answers() -> dict[str, int]:
    """The interest answers given so far, area → 1–5, in RIASEC order."""
    answers = work().interest_answers
    return {a: answers[a] for a in INTEREST_AREAS if a in answers}


def set_interest_answers(answers: dict[str, int]) -> None:
    update(interests=tuple((a, int(answers[a])) for a in INTEREST_AREAS if a in answers))


# -- shortlist ----------------------------------------------------------------------------------------


def shortlist() -> list[ShortlistEntry]:
    return list(work().shortlist)


def add_to_shortlist(role_id: str, label: str = "") -> tuple[bool, str]:
    """Put a role on the shortlist; returns (added, a sentence saying what happened)."""
    name = label or role_id
    entries = shortlist()
    if any(e.role_id == role_id for e in entries):
        return False, f"{name} is already on the shortlist ({len(entries)} of {MAX_SHORTLIST})."
    if role_id == profile_role():
        return False, f"{name} is the client's current role, so it cannot be on the shortlist."
    if len(entries) >= MAX_SHORTLIST:
        return False, f"The shortlist is full ({MAX_SHORTLIST} roles). Remove one on the Session brief page first."
    update(shortlist=tuple([*entries, ShortlistEntry(role_id)]))
    return True, f"Added {name} to the shortlist ({len(entries) + 1} of {MAX_SHORTLIST})."


def remove_from_shortlist(role_id: str) -> None:
    update(shortlist=tuple(e for e in shortlist() if e.role_id != role_id))


def move_in_shortlist(role_id: str, step: int) -> None:
    """Move a role up (step -1) or down (+1) the shortlist."""
    entries = shortlist()
    index = next((i for i, e in enumerate(entries) if e.role_id == role_id), None)
    if index is None:
        return
    target = min(max(index + step, 0), len(entries) - 1)
    entries.insert(target, entries.pop(index))
    update(shortlist=tuple(entries))


def update_entry(role_id: str, **changes) -> None:
    """Change one shortlisted role's reason, next actions or dismissed gaps."""
    update(shortlist=tuple(replace(e, **changes) if e.role_id == role_id else e for e in shortlist()))


# -- named sessions ---------------------------------------------------------------------------------


def open_session() -> Session | None:
    """The saved session this working copy belongs to (as last saved or opened), if any."""
    session = work()
    return session if session.id else None


def unsaved() -> bool:
    """Is there work that no named session holds yet?"""
    draft = _draft()
    return draft is not None and draft.unsaved


def open_saved(saved: Session) -> None:
    """Make the saved session ``saved`` this tab's working copy."""
    draft = _draft()
    draft_id = draft.id if draft is not None else new_draft_id()
    revision = draft.revision if draft is not None else 0
    if work().id != saved.id or work() != saved:
        _next_generation()
    _write(Draft(draft_id, saved, content_digest(saved), revision=revision))


def start_new() -> None:
    """An empty working copy (the previous one is removed from the store)."""
    draft = _draft()
    if draft is not None:
        try:
            session_store().delete_draft(draft.id)
        except SkillgraphError:
            pass
    _forget()


def save_named(alias: str | None = None) -> Session:
    """Save the working copy as a named session (created the first time, then updated:
    SessionConflictError when someone saved it since it was opened)."""
    session = work()
    if alias is not None:
        session = session.edit(alias=alias)
    stored = session_store().save(session)
    open_saved(stored)
    return stored


def delete_everything() -> list[str]:
    """Remove every saved session and draft of the store, and this tab's working copy."""
    removed = session_store().delete_all()
    _forget()
    return removed


# -- status --------------------------------------------------------------------------------------------


def render_status(*, guard: bool = True) -> None:
    """In the sidebar: where the work is, whether it is saved, and (``guard``) the browser's
    warning before a tab with unsaved work is closed."""
    notice = st.session_state.get(_NOTICE, "")
    if notice:
        st.warning(fmt.md(notice), icon=":material/info:")
        if guard:
            st.session_state.pop(_NOTICE, None)
    session = work()
    draft = _draft()
    if draft is None or session.is_empty:
        if guard:
            _leave_guard(False)
        return
    name = fmt.md(session.alias) if session.alias.strip() else "not named yet"
    parts = [f"**Client:** {name}"]
    if session.shortlist:
        parts.append(f"{len(session.shortlist)} of {MAX_SHORTLIST} shortlisted")
    if session.skills:
        parts.append(fmt.plural(len(session.skills), "skill"))
    st.caption(" · ".join(parts))
    if draft.unsaved:
        st.caption(
            ":orange[:material/edit_note: Unsaved changes] — kept for this tab; save them as a session to keep them for good."
        )
        st.page_link(PAGES["brief"], label="Save on Session brief", icon=":material/save:")
    else:
        st.caption(":green[:material/check_circle: Saved]")
    if guard:
        _leave_guard(draft.unsaved)


@functools.cache
def _guard_component():
    path = Path(__file__).resolve().parent.parent / "static" / "leave_guard"
    return components.declare_component("skillgraph_leave_guard", path=str(path))


def _leave_guard(active: bool) -> None:
    """Ask the browser to confirm before leaving the app while there is unsaved work (a
    tiny component served from ``app/static/leave_guard``; it loads nothing)."""
    _guard_component()(unsaved=bool(active), key="skillgraph_leave_guard", default=None)


# -- helpers for the pages --------------------------------------------------------------------------


def skill_labels(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    """Preferred label of each skill id (ids missing from the data keep their id's tail)."""
    ids = list(ids)
    found = store.nodes(ids)
    return {i: found[i]["label"] if i in found else i.rsplit("/", 1)[-1] for i in ids}


def role_from_url(store: GraphStore, page: str, param: str = "role") -> OccupationRef | None:
    """The occupation named by ``?param=`` on a counsellor page; an unknown one is reported
    with close titles as links back to ``page`` and dropped from the URL."""
    raw = st.query_params.get(param)
    if not raw:
        return None
    try:
        occupation_id = resolve_occupation(store, fmt.from_param(raw))
    except UnknownOccupationError as e:
        st.error(f"No occupation matches {fmt.md(e.value)}.", icon=":material/search_off:")
        for ident, label in e.suggestions:
            st.page_link(
                PAGES[page], label=fmt.md(label), query_params={param: fmt.to_param(ident)}, icon=":material/arrow_forward:"
            )
        return None
    except SkillgraphError as e:
        st.error(fmt.md(str(e)), icon=":material/error:")
        return None
    if fmt.to_param(occupation_id) != raw:
        st.query_params[param] = fmt.to_param(occupation_id)
    return OccupationRef.from_props(store.node(occupation_id) or {"id": occupation_id, "label": occupation_id, "source": ""})
