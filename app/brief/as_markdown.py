"""The session brief as Markdown (every text from data or the session escaped)."""

from __future__ import annotations

import html
import re

from skillgraph.app.brief.data import Brief
from skillgraph.app.brief.wording import (
    ANSWER_LABELS,
    AREA_HINTS,
    GLOSSARY,
    closeness,
    code_words,
    fit_line,
    format_date,
    path_lines,
    role_facts,
    versions_line,
)
from skillgraph.graph.model import NodeKind

__all__ = ["render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _md(text: object) -> str:
    """Text shown literally in Markdown: HTML escaped, Markdown signs backslash-escaped."""
    escaped = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def _md_block(text: str) -> str:
    return "  \n".join(_md(line) for line in text.splitlines()) if text.strip() else "_None._"


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown (every text from data or the session escaped)."""
    out = [f"# Session brief: {_md(brief.alias)}", ""]
    out.append(
        f"Prepared {_md(format_date(brief.generated_at))} · session {_md(brief.session_id or 'not saved')} · "
        f"last updated {_md(format_date(brief.updated_at))}"
    )
    out.append("")
    if brief.current_role:
        out.append(f"**Current role:** {_md(brief.current_role.label)} ({_md(role_facts(brief.current_role))})  ")
    out.append("**Shortlist:** " + "; ".join(_md(r.occupation.label) for r in brief.roles))
    if brief.shortlist_note:
        out += ["", f"> {_md(brief.shortlist_note)}"]
    out += ["", "## Client profile", ""]
    basis = (
        "the skills of the current role (none were chosen in the session)" if brief.skills_from_role else "chosen in the session"
    )
    out.append(f"### Skills ({len(brief.skills)}, {basis})")
    out.append("")
    for kind, title in ((NodeKind.SKILL, "Skills"), (NodeKind.KNOWLEDGE, "Knowledge")):
        items = [s for s in brief.skills if s.kind == kind]
        if items:
            out.append(f"**{title}:** " + "; ".join(_md(s.label) for s in items))
            out.append("")
    other = [s for s in brief.skills if s.kind not in (NodeKind.SKILL, NodeKind.KNOWLEDGE)]
    if other:
        out += [f"**Not in the loaded data:** {len(other)}", ""]
    if not brief.skills:
        out += ["_No skills saved._", ""]
    out += ["### Interests", ""]
    if brief.interests:
        out += ["| Area | What it is about | Answer (1–5) |", "|---|---|---|"]
        for area, value in brief.interests:
            out.append(f"| {_md(area)} | {_md(AREA_HINTS[area])} | {value} – {_md(ANSWER_LABELS[value])} |")
        if brief.person_code:
            out += ["", f"Strongest interests: **{_md(code_words(brief.person_code))}**"]
    else:
        out.append("_No interest answers saved._")
    out += ["", "### Counsellor notes", "", _md_block(brief.notes), ""]
    out += ["## Shortlisted roles", ""]
    for n, role in enumerate(brief.roles, start=1):
        out.append(f"### {n}. {_md(role.occupation.label)}")
        out.append("")
        out.append(f"{_md(role_facts(role.occupation))} · {_md(closeness(role))}  ")
        out.append(f"**Fit:** {_md(fit_line(role))}")
        out.append("")
        out.append(f"**Why this role:** {_md(role.reason) if role.reason.strip() else '_no reason written_'}")
        out.append("")
        out.append(f"**Shared skills ({len(role.shared)}):** " + ("; ".join(_md(r.label) for r in role.shared) or "_none yet_"))
        out.append("")
        out.append(f"**Gaps and next actions ({len(role.gaps)}):**")
        out.append("")
        if role.gaps:
            out += ["| Gap | Kind | Next action |", "|---|---|---|"]
            for gap in role.gaps:
                name = _md(gap.requirement.label)
                if gap.related:
                    name += f" (related: {_md(', '.join(gap.related))})"
                action = _md(gap.action) + (" _(suggested)_" if gap.action_is_suggestion else "")
                out.append(f"| {name} | {_md(gap.requirement.kind.lower())} | {action} |")
        else:
            out.append("_No gaps: the client has every essential skill of this role._")
        out.append("")
        out.append("**Pathway from the current role:**")
        out.append("")
        lines = path_lines(role)
        if lines:
            for head, steps in lines:
                out.append(f"- {_md(head)}")
                out += [f"  - {_md(s)}" for s in steps]
        else:
            out.append(_md(role.path_note))
        out.append("")
    out += ["## How to read this brief", ""]
    out += [f"- **{_md(term)}**: {_md(text)}" for term, text in GLOSSARY]
    out += ["", "## Data and attributions", "", f"Data: {_md(versions_line(brief))}.", ""]
    out += [f"- **{_md(title)}**: {_md(text)}" for title, text in brief.attributions]
    out += ["", "_Prepared with skillgraph on this computer; nothing in this brief was sent anywhere._", ""]
    return "\n".join(out)
