"""Session brief: the client's working copy (kept as it changes), saved as a named session
when the counsellor says so; the shortlist of 3–5 roles in order, each with the sentence
behind its number, the reason, the gaps that matter most with next actions (and the rest,
to mark as already held or not relevant); the brief to download as HTML, PDF or Markdown;
the session as a file to move or keep; deleting one session or everything."""

from __future__ import annotations

import streamlit as st

from skillgraph.app.brief import brief_filename, build_brief, render_html, render_markdown, render_pdf
from skillgraph.app.session_files import session_from_json, session_to_json
from skillgraph.app.sessions import MAX_ALIAS, MAX_NOTES, MAX_SHORTLIST, MAX_TEXT, SessionConflictError
from skillgraph.app.views import counsellor as cs
from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session, wording
from skillgraph.app.views.explain_view import memo
from skillgraph.app.views.registry import PAGES
from skillgraph.app.views.role_actions import role_actions
from skillgraph.graph.errors import SkillgraphError
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.search import search_occupations
from skillgraph.queries.similar_roles import similar_roles

store = session.store()
sessions = cs.session_store()

st.title("Session brief")
where = (
    f"in {fmt.md(sessions.location())} (readable by your user account only)"
    if sessions.kind == "SQLite"
    else f"in the service's database ({fmt.md(sessions.location())})"
)
st.caption(f"Sessions are kept {where}. Nothing is sent anywhere else. Use an alias: the client's real name is not needed.")

# -- open a session named in the address (a bookmark from before) ------------------------------------------
wanted = st.query_params.get("session")
if wanted:
    current = cs.open_session()
    if current is None or current.id != wanted:
        try:
            cs.open_saved(sessions.get(wanted))
        except SkillgraphError as e:
            st.error(fmt.md(str(e)), icon=":material/error:")
    st.query_params.pop("session", None)

work = cs.work()
saved = cs.open_session()
gen = cs.generation()  # in every widget key: a newly opened session never shows the previous one's text


def _open(session_id: str) -> None:
    cs.open_saved(sessions.get(session_id))
    st.session_state.pop("brief_files", None)


def _new() -> None:
    cs.start_new()
    st.session_state.pop("brief_files", None)


def _held(key: str) -> None:
    picked = list(st.session_state.get(key) or [])
    if picked:
        cs.add_skills(picked)
        st.toast(f"Added {fmt.plural(len(picked), 'skill')} to the profile")


def _dismissed(key: str, role_id: str) -> None:
    cs.update_entry(role_id, dismissed=tuple(st.session_state.get(key) or ()))


# -- the client ---------------------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Client", anchor=False)
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    alias = c1.text_input(
        "Client alias",
        value=work.alias,
        max_chars=MAX_ALIAS,
        key=f"brief_alias_{gen}",
        placeholder="initials or a nickname",
        help=f"At most {MAX_ALIAS} characters. No real name is needed.",
    )
    if alias != work.alias:
        cs.update(alias=alias)
    label = "Save changes" if saved else "Save as a session"
    if c2.button(label, type="primary", key="brief_save", icon=":material/save:", disabled=not cs.unsaved()):
        try:
            stored = cs.save_named(alias)
        except SessionConflictError as e:
            st.error(fmt.md(str(e)), icon=":material/sync_problem:")
            st.button(
                "Reopen the saved version (your changes since are dropped)", key="brief_reopen", on_click=_open, args=(saved.id,)
            )
        except SkillgraphError as e:
            st.error(fmt.md(str(e)), icon=":material/error:")
        else:
            st.toast(f"Saved the session of {stored.alias}")
            st.rerun()
    if saved and not cs.unsaved():
        st.caption(f":green[:material/check_circle:] Saved as **{fmt.md(saved.alias)}** (session {fmt.md(saved.id)}).")
    elif saved:
        st.caption(
            f":orange[:material/edit_note:] Changes since the last save of **{fmt.md(saved.alias)}** are kept for this tab, "
            "not yet in the saved session."
        )
    elif not work.is_empty:
        st.caption(":orange[:material/edit_note:] Not saved as a session yet: the work is kept for this tab until you save it.")

    role = store.node(work.current_role) if work.current_role else None
    st.markdown(
        f"**Current role:** {fmt.md(role['label']) if role else 'none yet'} · **Skills:** {len(work.skills)} · "
        f"**Interest answers:** {len(work.interests)} of 6"
    )
    links = st.columns(2)
    links[0].page_link(PAGES["skills"], label="Edit role and skills (My skills)", icon=":material/checklist:")
    links[1].page_link(PAGES["fit"], label="Edit interests (Quick fit check)", icon=":material/psychology:")
    notes = st.text_area(
        "Counsellor notes",
        value=work.notes,
        height=110,
        max_chars=MAX_NOTES,
        key=f"brief_notes_{gen}",
        help=f"At most {MAX_NOTES:,} characters. They appear in the brief.",
    )
    if notes != work.notes:
        cs.update(notes=notes)

# -- saved sessions -----------------------------------------------------------------------------------------
listed = sessions.list_sessions()
with st.expander(f"Saved sessions ({len(listed)}) · start a new client · import a file", expanded=work.is_empty and bool(listed)):
    if cs.unsaved():
        st.warning(
            "The current work has unsaved changes: save them first, or they are replaced when you open another session.",
            icon=":material/warning:",
        )
    for item in listed:
        r = store.node(item.current_role) if item.current_role else None
        what = f"{fmt.md(r['label'])} · " if r else ""
        st.button(
            f"**{fmt.md(item.alias)}** — {what}{fmt.plural(item.shortlisted, 'role')} shortlisted · "
            f"updated {fmt.md(item.updated_at[:16].replace('T', ' '))}",
            key=f"brief_open_{item.id}",
            on_click=_open,
            args=(item.id,),
            type="tertiary",
            icon=":material/folder_open:",
            disabled=saved is not None and saved.id == item.id,
        )
    if not listed:
        st.caption("No saved session yet.")
    st.button("Start a new client (empty profile)", key="brief_new", on_click=_new, icon=":material/person_add:")
    upload = st.file_uploader(
        "Import a session file (.json, exported from skillgraph)", type=["json"], key="brief_import", max_upload_size=5
    )
    if upload is not None and st.session_state.get("brief_imported") != upload.file_id:
        try:
            incoming = session_from_json(upload.getvalue(), store)
            stored = sessions.save(incoming)
        except SkillgraphError as e:
            st.error(fmt.md(str(e)), icon=":material/error:")
        else:
            st.session_state["brief_imported"] = upload.file_id
            cs.open_saved(stored)
            st.toast(f"Imported the session of {stored.alias}")
            st.rerun()

# -- the shortlist --------------------------------------------------------------------------------------------
entries = cs.shortlist()
st.header(f"Shortlist · {len(entries)} of at most {MAX_SHORTLIST} roles", anchor=False)
if len(entries) < 3:
    st.caption(
        "3–5 roles make a good shortlist. Add roles with “Add to shortlist” on a profile, the similar roles, a pathway, "
        "a comparison, the fit check or the graph — or from the suggestions below."
    )


def _add_found(role_id: str, label: str) -> None:
    added, message = cs.add_to_shortlist(role_id, label)
    st.toast(message)
    st.session_state["brief_add_role_search"] = ""


wanted_title = st.text_input(
    "Add a role to the shortlist by its title",
    key="brief_add_role_search",
    placeholder="Type a job title, e.g. human resources officer, warehouse manager",
)
if wanted_title and wanted_title.strip():
    with session.guard():
        found_roles = search_occupations(store, wanted_title, limit=6)
    if not found_roles:
        st.info(f"No role matches “{fmt.md(wanted_title)}”. Try fewer or other words.", icon=":material/search_off:")
    for match in found_roles:
        st.button(
            f"{fmt.md(match.label)}  ·  {fmt.md(wording.code_aside(match.source, match.code, match.isco_code))}",
            key=f"brief_add_pick_{match.id}",
            on_click=_add_found,
            args=(match.id, match.label),
            type="tertiary",
            icon=":material/playlist_add:",
            disabled=any(e.role_id == match.id for e in entries) or match.id == work.current_role,
        )

with st.expander("Suggested roles to add", expanded=not entries):
    options: list[str] = []
    with session.guard():
        if work.skills:
            options += [
                m.occupation.id for m in memo("brief_match", work.skills, lambda: match_skills(store, list(work.skills), limit=8))
            ]
        if work.current_role:
            options += [
                r.target.id
                for r in memo("brief_similar", work.current_role, lambda: similar_roles(store, work.current_role, limit=8).roles)
            ]
    taken = {e.role_id for e in entries} | {work.current_role}
    options = [o for o in dict.fromkeys(options) if o not in taken][:10]
    if not options:
        st.caption("Build the skill profile or choose the current role on My skills to see suggestions.")
    for n, option in enumerate(options):
        props = store.node(option) or {"id": option, "label": option, "source": ""}
        ref = OccupationRef.from_props(props)
        st.markdown(f"**{fmt.md(ref.label)}** · {fmt.md(wording.code_aside(ref.source, ref.code, ref.isco_code))}")
        role_actions(ref, key=f"brief_suggest_{n}", current_role=False)
brief = None
if entries:
    with session.guard(), st.spinner("Reading the shortlisted roles …"):
        key = (work.current_role, work.skills, work.interests, tuple(entries))
        brief = memo("brief_content", key, lambda: build_brief(store, work.edit(alias=work.alias or "Client")))
    for n, (entry, role_brief) in enumerate(zip(entries, brief.roles)):
        occ = role_brief.occupation
        with st.container(border=True):
            head, buttons = st.columns([5, 2], vertical_alignment="center")
            head.markdown(f"#### {n + 1}. {fmt.md(occ.label)}")
            b1, b2, b3 = buttons.columns(3)
            b1.button(
                "",
                key=f"brief_up_{n}",
                icon=":material/arrow_upward:",
                on_click=cs.move_in_shortlist,
                args=(entry.role_id, -1),
                disabled=n == 0,
                help="Move up",
            )
            b2.button(
                "",
                key=f"brief_down_{n}",
                icon=":material/arrow_downward:",
                on_click=cs.move_in_shortlist,
                args=(entry.role_id, 1),
                disabled=n == len(entries) - 1,
                help="Move down",
            )
            b3.button(
                "",
                key=f"brief_remove_{n}",
                icon=":material/close:",
                on_click=cs.remove_from_shortlist,
                args=(entry.role_id,),
                help="Take off the shortlist",
            )
            closeness = (
                wording.similarity_sentence(role_brief.similarity, brief.current_role.label, occ.label, threshold=brief.threshold)
                if role_brief.similarity is not None and brief.current_role
                else ""
            )
            st.caption(fmt.md(" · ".join(p for p in (wording.code_aside(occ.source, occ.code, occ.isco_code), closeness) if p)))
            st.markdown(
                f"**{fmt.md(wording.coverage_sentence(len(role_brief.shared), role_brief.essential_count, occ.label, related=sum(1 for g in role_brief.gaps if g.related)))}**"
                + (f" Carries over: {fmt.join_labels((r.label for r in role_brief.shared), 10)}." if role_brief.shared else "")
            )
            reason = st.text_input(
                "Why this role",
                value=entry.reason,
                max_chars=MAX_TEXT,
                key=f"brief_reason_{gen}_{entry.role_id}",
                placeholder="e.g. already recruits and trains staff; wants regular hours",
                help=f"At most {MAX_TEXT:,} characters.",
            )
            if reason != entry.reason:
                cs.update_entry(entry.role_id, reason=reason)
            top = role_brief.top_gaps
            if top:
                st.markdown(f"**The {len(top)} gaps that matter most** — write the next step, or keep the suggestion in grey")
                actions = dict(entry.next_actions)
                for gap in top:
                    step = wording.STEP_KINDS.get(gap.step, "")
                    related = f" — next to {', '.join(gap.related)}" if gap.related else ""
                    value = st.text_input(
                        fmt.md(f"{gap.requirement.label} ({step.lower()}{related})"),
                        value=actions.get(gap.requirement.id, ""),
                        max_chars=MAX_TEXT,
                        placeholder=gap.action if gap.action_is_suggestion else None,
                        key=f"brief_action_{gen}_{entry.role_id}_{gap.requirement.id}",
                    )
                    if value.strip() != actions.get(gap.requirement.id, ""):
                        actions[gap.requirement.id] = value.strip()
                        cs.update_entry(entry.role_id, next_actions=tuple((k, v) for k, v in actions.items() if v))
            elif not role_brief.gaps:
                st.caption("No gaps: the client has every essential skill of this role.")
            gap_ids = {g.requirement.id: g.requirement.label for g in role_brief.gaps}
            dismissed_labels = dict(cs.skill_labels(store, entry.dismissed))
            with st.expander(
                f"All gaps ({len(role_brief.gaps)}) — mark what the client already has, or what is not relevant"
                + (f" · {len(entry.dismissed)} marked not relevant" if entry.dismissed else "")
            ):
                if role_brief.other_gaps:
                    st.markdown("**Other gaps:** " + fmt.join_labels(g.requirement.label for g in role_brief.other_gaps))
                held_key = f"brief_held_{gen}_{entry.role_id}_{len(work.skills)}"
                st.pills(
                    "Already has (adds the skill to the profile)",
                    list(gap_ids),
                    selection_mode="multi",
                    format_func=lambda i: fmt.md(gap_ids[i]),  # pills render Markdown: labels are text
                    key=held_key,
                    on_change=_held,
                    args=(held_key,),
                )
                choices = {**gap_ids, **dismissed_labels}
                dismiss_key = f"brief_dismiss_{gen}_{entry.role_id}_{abs(hash(entry.dismissed))}"
                st.pills(
                    "Not relevant for this client (left out of the brief)",
                    list(choices),
                    selection_mode="multi",
                    default=list(entry.dismissed),
                    format_func=lambda i: fmt.md(choices[i]),
                    key=dismiss_key,
                    on_change=_dismissed,
                    args=(dismiss_key, entry.role_id),
                )

# -- the brief ------------------------------------------------------------------------------------------------
st.header("The brief", anchor=False)
if brief is None:
    st.caption("Shortlist at least one role to prepare the brief.")
else:
    if st.button("Prepare the brief for download", key="brief_prepare", icon=":material/description:"):
        final = build_brief(store, cs.work().edit(alias=cs.work().alias or "Client"))
        files, failed = {}, {}
        renderers = {
            "html": lambda: render_html(final).encode("utf-8"),
            "pdf": lambda: render_pdf(final),
            "md": lambda: render_markdown(final).encode("utf-8"),
        }
        with st.spinner("Preparing the brief …"):
            for name, render in renderers.items():
                try:  # one format's failure never blocks the others
                    files[name] = render()
                except Exception as e:  # the error is shown; the other formats are still offered
                    failed[name] = f"{type(e).__name__}: {e}"
        st.session_state["brief_files"] = (files, failed)
    prepared = st.session_state.get("brief_files")
    if prepared:
        files, failed = prepared
        work_now = cs.work().edit(alias=cs.work().alias or "client")
        d1, d2, d3 = st.columns(3)
        for col, name, label_, mime, icon in (
            (d1, "html", "HTML (print from the browser)", "text/html", ":material/html:"),
            (d2, "pdf", "PDF", "application/pdf", ":material/picture_as_pdf:"),
            (d3, "md", "Markdown", "text/markdown", ":material/article:"),
        ):
            if name in files:
                col.download_button(
                    label_,
                    files[name],
                    brief_filename(work_now, name),
                    mime,
                    key=f"brief_dl_{name}",
                    icon=icon,
                    on_click="ignore",
                )
            else:
                col.error(f"The {name.upper()} version could not be made: {fmt.md(failed[name])}", icon=":material/error:")
        st.caption("The brief shows the work as it is now, saved or not. Prepare it again after changes.")

# -- the session as a file, deleting ------------------------------------------------------------------------------
st.divider()
left, right = st.columns(2, gap="large")
with left:
    if not work.is_empty:
        versions = {k: str(v) for k, v in store.meta().versions.items()}
        st.download_button(
            "Download this session as a file (JSON)",
            session_to_json(work.edit(alias=work.alias or "client"), versions=versions).encode("utf-8"),
            brief_filename(work.edit(alias=work.alias or "client"), "json").replace("brief-", "session-"),
            "application/json",
            key="brief_export",
            icon=":material/download:",
            on_click="ignore",
            help="To move the client's session to another computer or keep a backup; import it under Saved sessions.",
        )
    if saved:
        with st.expander("Delete this session"):
            sure = st.checkbox(f"Yes, delete the saved session of {fmt.md(saved.alias)}", key="brief_delete_sure")
            if st.button("Delete", key="brief_delete", disabled=not sure, icon=":material/delete:"):
                with session.guard():
                    sessions.delete(saved.id)
                cs.start_new()
                st.rerun()
with right:
    with st.expander("Delete everything"):
        st.markdown(
            "Removes every saved session and every working copy (of every tab) from "
            + ("this computer, with the sessions file itself" if sessions.kind == "SQLite" else "the service's database")
            + ", and clears this tab. This cannot be undone. Briefs you downloaded are ordinary files: delete those yourself."
        )
        typed = st.text_input("Type DELETE to confirm", key="brief_delete_all_text")
        if st.button(
            "Delete everything", key="brief_delete_all", disabled=typed.strip() != "DELETE", icon=":material/delete_forever:"
        ):
            removed = cs.delete_everything()
            st.session_state.pop("brief_files", None)
            st.session_state["brief_deleted"] = "; ".join(removed) or "nothing was stored"
            st.rerun()
if "brief_deleted" in st.session_state:
    st.success(f"Deleted: {fmt.md(st.session_state.pop('brief_deleted'))}. No session is left.", icon=":material/check_circle:")
