"""Session brief: the counsellor's saved sessions (list, open, edit, delete, delete
everything), the shortlist of 3–5 roles with reasons and next actions, and the brief to
download as HTML, PDF or Markdown. Sessions stay in a private file on this computer."""

from __future__ import annotations

import streamlit as st

from skillgraph.app.brief import brief_filename, build_brief, render_html, render_markdown, render_pdf
from skillgraph.app.sessions import MAX_SHORTLIST, SessionConflictError, ShortlistEntry
from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.app.views.registry import PAGES
from skillgraph.graph.errors import SkillgraphError
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.similar_roles import similar_roles

store = session.store()
sessions = cs.session_store()

st.title("Session brief")
st.caption(
    f"Sessions are saved only on this computer, in {fmt.md(sessions.path)} (readable by your user account only). "
    "Nothing is sent anywhere. Use an alias: the client's real name is not needed."
)

# -- open the session named in the URL ---------------------------------------------------------------------
wanted = st.query_params.get("session")
current = cs.open_session()
if wanted and (current is None or current.id != wanted):
    try:
        cs.set_open_session(sessions.get(wanted))
    except SkillgraphError as e:
        st.error(fmt.md(str(e)), icon=":material/error:")
        st.query_params.pop("session", None)
    current = cs.open_session()


def _open(session_id: str) -> None:
    cs.set_open_session(sessions.get(session_id))
    st.query_params["session"] = session_id
    st.session_state.pop("brief_files", None)


def _close() -> None:
    cs.set_open_session(None)
    st.query_params.pop("session", None)
    st.session_state.pop("brief_files", None)


# -- the list -----------------------------------------------------------------------------------------------
saved = sessions.list_sessions()
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Saved sessions", anchor=False)
    if not saved:
        st.caption("No saved session yet.")
    for item in saved:
        role = store.node(item.current_role) if item.current_role else None
        what = f"{fmt.md(role['label'])} · " if role else ""
        label = f"**{fmt.md(item.alias)}** — {what}{fmt.plural(item.shortlisted, 'role')} shortlisted · updated {fmt.md(item.updated_at[:16].replace('T', ' '))}"
        st.button(
            label,
            key=f"brief_open_{item.id}",
            on_click=_open,
            args=(item.id,),
            type="tertiary",
            icon=":material/folder_open:",
            disabled=current is not None and current.id == item.id,
        )
with right:
    st.subheader("New session", anchor=False)
    with st.form("brief_new", border=False, clear_on_submit=True):
        alias = st.text_input("Client alias", max_chars=80, placeholder="initials or a nickname")
        st.caption(
            f"Starts from the working profile: {fmt.plural(len(cs.profile_skills()), 'skill')}, "
            f"{len(cs.interest_answers())} interest answers"
            + (
                f", current role {fmt.md(store.node(cs.profile_role())['label'])}"
                if cs.profile_role() and store.node(cs.profile_role())
                else ""
            )
            + "."
        )
        if st.form_submit_button("Create", icon=":material/add:"):
            try:
                created = sessions.create(
                    alias,
                    current_role=cs.profile_role(),
                    skills=cs.profile_skills(),
                    interests=cs.interest_answers(),
                )
            except SkillgraphError as e:
                st.error(fmt.md(str(e)), icon=":material/error:")
            else:
                _open(created.id)
                st.rerun()

# -- the open session -----------------------------------------------------------------------------------------
current = cs.open_session()
if current is None:
    st.info("Open a saved session or create one to shortlist roles and export the brief.", icon=":material/info:")
else:
    key = f"{current.id}_{current.revision}"
    st.divider()
    st.header(f"Session: {fmt.md(current.alias)}", anchor=False)
    role_id = cs.profile_role()
    role = store.node(role_id) if role_id else None
    skills = cs.profile_skills()
    answers = cs.interest_answers()
    st.markdown(
        f"**Current role:** {fmt.md(role['label']) if role else 'none'} · **Skills:** {len(skills)} · "
        f"**Interest answers:** {len(answers)} of 6"
    )
    links = st.columns(2)
    links[0].page_link(PAGES["skills"], label="Edit role and skills (My skills)", icon=":material/checklist:")
    links[1].page_link(PAGES["fit"], label="Edit interests (Quick fit check)", icon=":material/psychology:")

    alias = st.text_input("Client alias", value=current.alias, max_chars=80, key=f"brief_alias_{key}")
    notes = st.text_area("Counsellor notes", value=current.notes, height=120, key=f"brief_notes_{key}")

    # Roles to choose from: the shortlist, the roles the skills cover best, the current role's nearest.
    options: list[str] = [e.role_id for e in current.shortlist]
    with session.guard():
        if skills:
            options += [i for m in match_skills(store, skills, limit=15) for i in (m.occupation.id, *(f.id for f in m.family))]
        if role_id:
            options += [
                i for r in similar_roles(store, role_id, limit=15).roles for i in (r.target.id, *(f.id for f in r.family))
            ]
    options += st.session_state.get("brief_extra_roles", [])
    options = [o for o in dict.fromkeys(options) if o != role_id]
    names = {o: (store.node(o) or {}).get("label", o) for o in options}
    st.subheader("Shortlist", anchor=False)
    chosen = st.multiselect(
        f"Choose 3–{MAX_SHORTLIST} roles",
        options,
        default=[e.role_id for e in current.shortlist if e.role_id in names],
        format_func=names.get,
        max_selections=MAX_SHORTLIST,
        key=f"brief_shortlist_{key}",
        help="Offered: the roles the skills cover best and the roles closest to the current role. Search for any other below.",
    )
    with st.expander("Add another role to the choices"):
        session.role_picker(store, param="add_role", label="Search a role", key="brief_add_role")
        extra = st.query_params.get("add_role")
        if extra:
            st.session_state["brief_extra_roles"] = [*st.session_state.get("brief_extra_roles", []), fmt.from_param(extra)]
            st.query_params.pop("add_role", None)
            st.rerun()
    if 0 < len(chosen) < 3:
        st.warning("A shortlist of 3–5 roles is recommended.", icon=":material/warning:")

    previous = {e.role_id: e for e in current.shortlist}
    entries = []
    draft = current.edit(
        alias=alias,
        notes=notes,
        current_role=role_id,
        skills=tuple(skills),
        interests=tuple(answers.items()),
        shortlist=tuple(previous.get(r, ShortlistEntry(r)) for r in chosen),
    )
    gaps = {}
    if chosen:
        with session.guard():
            gaps = {r.occupation.id: r.gaps for r in build_brief(store, draft).roles}
    for role_choice in chosen:
        old = previous.get(role_choice, ShortlistEntry(role_choice))
        with st.container(border=True):
            st.markdown(f"**{fmt.md(names[role_choice])}**")
            reason = st.text_input(
                "Why this role",
                value=old.reason,
                key=f"brief_reason_{key}_{role_choice}",
                placeholder="e.g. already leads sprint planning; wants more client contact",
            )
            actions = []
            role_gaps = gaps.get(role_choice, ())
            with st.expander(f"Gaps and next actions ({len(role_gaps)})"):
                st.caption("Leave a field empty to keep the suggested action shown in grey.")
                for gap in role_gaps:
                    suggestion = gap.action if gap.action_is_suggestion else ""
                    value = st.text_input(
                        fmt.md(gap.requirement.label) + (f" (related: {fmt.md(', '.join(gap.related))})" if gap.related else ""),
                        value=old.actions.get(gap.requirement.id, ""),
                        placeholder=suggestion or None,
                        key=f"brief_action_{key}_{role_choice}_{gap.requirement.id}",
                    )
                    if value.strip():
                        actions.append((gap.requirement.id, value.strip()))
            entries.append(ShortlistEntry(role_choice, reason, tuple(actions)))
    draft = draft.edit(shortlist=tuple(entries))

    c1, c2 = st.columns(2)
    if c1.button("Save the session", type="primary", key=f"brief_save_{key}", icon=":material/save:"):
        try:
            stored = sessions.save(draft)
        except SessionConflictError as e:
            st.error(fmt.md(str(e)), icon=":material/sync_problem:")
            st.button("Reopen the saved version", key="brief_reopen", on_click=_open, args=(current.id,))
        except SkillgraphError as e:
            st.error(fmt.md(str(e)), icon=":material/error:")
        else:
            cs.set_open_session(stored)
            st.session_state.pop("brief_files", None)
            st.toast("Session saved")
            st.rerun()
    c2.button("Close", key="brief_close", on_click=_close, icon=":material/close:")

    st.subheader("Brief", anchor=False)
    if not draft.shortlist:
        st.caption("Shortlist at least one role to prepare the brief.")
    elif st.button("Prepare the brief for download", key=f"brief_prepare_{key}", icon=":material/description:"):
        with session.guard(), st.spinner("Preparing the brief …"):
            brief = build_brief(store, draft)
            st.session_state["brief_files"] = {
                "html": render_html(brief).encode("utf-8"),
                "pdf": render_pdf(brief),
                "md": render_markdown(brief).encode("utf-8"),
            }
    files = st.session_state.get("brief_files")
    if files:
        d1, d2, d3 = st.columns(3)
        d1.download_button(
            "HTML (print from the browser)",
            files["html"],
            brief_filename(draft, "html"),
            "text/html",
            key="brief_dl_html",
            icon=":material/html:",
        )
        d2.download_button(
            "PDF",
            files["pdf"],
            brief_filename(draft, "pdf"),
            "application/pdf",
            key="brief_dl_pdf",
            icon=":material/picture_as_pdf:",
        )
        d3.download_button(
            "Markdown", files["md"], brief_filename(draft, "md"), "text/markdown", key="brief_dl_md", icon=":material/article:"
        )
        st.caption("The brief shows what is on screen, saved or not. Save the session to keep it.")

    with st.expander("Delete this session"):
        sure = st.checkbox(f"Yes, delete the session of {fmt.md(current.alias)}", key=f"brief_delete_sure_{key}")
        if st.button("Delete", key=f"brief_delete_{key}", disabled=not sure, icon=":material/delete:"):
            with session.guard():
                sessions.delete(current.id)
            _close()
            st.rerun()

st.divider()
with st.expander("Delete everything"):
    st.markdown(
        "Removes every saved session and the sessions file itself (with its journal files) from this computer, "
        "and clears the working profile of this tab. This cannot be undone."
    )
    typed = st.text_input("Type DELETE to confirm", key="brief_delete_all_text")
    if st.button(
        "Delete everything", key="brief_delete_all", disabled=typed.strip() != "DELETE", icon=":material/delete_forever:"
    ):
        removed = sessions.delete_all()
        _close()
        cs.set_profile_skills([])
        cs.set_profile_role("")
        cs.set_interest_answers({})
        st.session_state["brief_deleted"] = len(removed)
        st.rerun()
if "brief_deleted" in st.session_state:
    st.success(
        f"Deleted: {fmt.plural(st.session_state.pop('brief_deleted'), 'file')}. No session is left on this computer.",
        icon=":material/check_circle:",
    )
