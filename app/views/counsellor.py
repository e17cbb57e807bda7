"""What the counsellor pages share: the working profile of this browser session (skills,
current role, interest answers, the saved session being edited) and small display helpers.

The profile lives in ``st.session_state`` — per browser tab, never shared between app
users — until the counsellor saves it as a session (:mod:`skillgraph.app.sessions`).
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from skillgraph.app.brief import ANSWER_LABELS
from skillgraph.app.sessions import Session, SessionStore
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session as app_session
from skillgraph.app.views.registry import PAGES
from skillgraph.graph.errors import SkillgraphError, UnknownOccupationError
from skillgraph.graph.model import INTEREST_AREAS
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.search import resolve_occupation

__all__ = [
    "profile_skills",
    "set_profile_skills",
    "add_skills",
    "remove_skill",
    "profile_role",
    "set_profile_role",
    "interest_answers",
    "set_interest_answers",
    "open_session",
    "set_open_session",
    "session_store",
    "skill_labels",
    "role_from_url",
    "ANSWER_OPTIONS",
    "AREA_QUESTIONS",
]


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

_SKILLS = "counsellor_skills"
_ROLE = "counsellor_role"
_INTERESTS = "counsellor_interests"
_OPEN = "counsellor_open_session"


def profile_skills() -> list[str]:
    """The skill ids of the working profile, in the order they were added."""
    return list(st.session_state.get(_SKILLS, []))


def set_profile_skills(ids: Iterable[str]) -> None:
    st.session_state[_SKILLS] = list(dict.fromkeys(ids))


def add_skills(ids: Iterable[str]) -> int:
    """Add ``ids`` to the profile; returns how many were new."""
    current = profile_skills()
    new = [i for i in ids if i not in current]
    set_profile_skills(current + new)
    return len(new)


def remove_skill(skill_id: str) -> None:
    set_profile_skills(s for s in profile_skills() if s != skill_id)


def profile_role() -> str:
    """The current role of the working profile ('' when none)."""
    return st.session_state.get(_ROLE, "")


def set_profile_role(occupation_id: str) -> None:
    st.session_state[_ROLE] = occupation_id or ""


def interest_answers() -> dict[str, int]:
    """The interest answers given so far, area → 1–5, in RIASEC order."""
    answers = st.session_state.get(_INTERESTS, {})
    return {a: answers[a] for a in INTEREST_AREAS if a in answers}


def set_interest_answers(answers: dict[str, int]) -> None:
    st.session_state[_INTERESTS] = dict(answers)


def open_session() -> Session | None:
    """The saved session being edited in this tab, if any."""
    return st.session_state.get(_OPEN)


def set_open_session(value: Session | None) -> None:
    """Open ``value`` (or close): its role, skills and interests become the working profile."""
    st.session_state[_OPEN] = value
    if value is not None:
        set_profile_role(value.current_role)
        set_profile_skills(value.skills)
        set_interest_answers(value.interest_answers)


def session_store() -> SessionStore:
    """The sessions file of this machine (``SKILLGRAPH_HOME``)."""
    return SessionStore.from_settings(app_session.settings())


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
