""" "Use as the client's current role" and "Add to shortlist", wherever a role is shown.

One call per role (:func:`role_actions`) renders both as buttons; a click changes the
counsellor's working copy (:mod:`skillgraph.app.views.counsellor`, saved at once), shows a
confirmation, and the buttons then say what is true ("✓ The client's current role",
"✓ On the shortlist · 2 of 5") with a link to the Session brief. The shortlist's limit is
stated where it applies.
"""

from __future__ import annotations

import streamlit as st

from skillgraph.app.sessions import MAX_SHORTLIST
from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views.registry import PAGES
from skillgraph.queries.explain import OccupationRef

__all__ = ["role_actions", "CONFIRM_KEY"]

CONFIRM_KEY = "role_actions_confirmation"


def _use(role_id: str, label: str) -> None:
    cs.set_profile_role(role_id)
    st.session_state[CONFIRM_KEY] = (role_id, f"{label} is now the client's current role.")


def _add(role_id: str, label: str) -> None:
    added, message = cs.add_to_shortlist(role_id, label)
    st.session_state[CONFIRM_KEY] = (role_id, message)


def role_actions(ref: OccupationRef, *, key: str, current_role: bool = True, shortlist: bool = True) -> None:
    """The two buttons for ``ref`` (keys start with ``key``), and the confirmation of the
    last click on them."""
    role_id, label = ref.id, ref.label
    is_current = cs.profile_role() == role_id
    entries = cs.shortlist()
    listed = any(e.role_id == role_id for e in entries)
    full = len(entries) >= MAX_SHORTLIST
    cols = st.columns([1, 1, 1]) if current_role and shortlist else st.columns([1, 2])
    i = 0
    if current_role:
        cols[i].button(
            "✓ The client's current role" if is_current else "Use as the client's current role",
            key=f"{key}_use",
            on_click=_use,
            args=(role_id, label),
            disabled=is_current,
            icon=":material/person_pin:",
            help="The role the client has now: My skills starts from its skills, and every move is measured from it.",
        )
        i += 1
    if shortlist:
        if listed:
            text = f"✓ On the shortlist · {len(entries)} of {MAX_SHORTLIST}"
        elif full:
            text = f"Shortlist full ({MAX_SHORTLIST} of {MAX_SHORTLIST})"
        else:
            text = f"Add to shortlist ({len(entries)} of {MAX_SHORTLIST})"
        cols[i].button(
            text,
            key=f"{key}_shortlist",
            on_click=_add,
            args=(role_id, label),
            disabled=listed or full or is_current,
            icon=":material/playlist_add:" if not listed else ":material/playlist_add_check:",
            help=f"A shortlist holds at most {MAX_SHORTLIST} roles; reorder or remove them on the Session brief page.",
        )
        i += 1
    if listed or is_current:
        cols[i].page_link(PAGES["brief"], label="Open the session brief", icon=":material/description:")
    confirmation = st.session_state.get(CONFIRM_KEY)
    if confirmation and confirmation[0] == role_id:
        st.session_state.pop(CONFIRM_KEY, None)
        st.success(fmt.md(confirmation[1]), icon=":material/check_circle:")
