"""The session brief as Markdown (every text from data or the session escaped)."""

from __future__ import annotations

import html
import re

from skillgraph.app.brief.data import Brief
from skillgraph.app.brief.wording import (
    ANSWER_LABELS,
    AREA_HINTS,
    GLOSSARY,
    STEP_LABELS,
    closeness,
    code_words,
    coverage_brief,
    coverage_line,
    format_date,
    interest_line,
    path_summary,
    role_line,
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
    """The brief as Markdown (every text from data or the session escaped), in the PDF's
    order, with every gap listed."""
    out = [f"# Session brief: {_md(brief.alias)}", ""]
    out.append(
        f"Prepared {_md(format_date(brief.generated_at))} · session {_md(brief.session_id or 'not saved')} · "
        f"last updated {_md(format_date(brief.updated_at))}"
    )
    out.append("")
    if brief.current_role:
        out.append(f"**Now:** {_md(brief.current_role.label)} ({_md(role_line(brief.current_role))})  ")
    if brief.strengths:
        out.append(
            f"**What {_md(brief.alias)} brings to the shortlisted roles:** " + "; ".join(_md(s) for s in brief.strengths) + "  "
        )
    if brief.person_code:
        out.append(f"**Strongest interests:** {_md(code_words(brief.person_code))}")
    out += ["", "**Shortlist:**", ""]
    out += [f"{n}. **{_md(r.occupation.label)}** — {_md(coverage_brief(r))}" for n, r in enumerate(brief.roles, start=1)]
    if brief.shortlist_note:
        out += ["", f"> {_md(brief.shortlist_note)}"]
    out += ["", "## The shortlisted roles", ""]
    for n, role in enumerate(brief.roles, start=1):
        out.append(f"### {n}. {_md(role.occupation.label)}")
        out.append("")
        out.append(f"{_md(role_line(role.occupation))} · {_md(closeness(role))}  ")
        out.append(f"**{_md(coverage_line(role))}** {_md(interest_line(role))}")
        out.append("")
        if role.reason.strip():
            out += [f"**Why this role:** {_md(role.reason)}", ""]
        if role.shared:
            out += [f"**What carries over ({len(role.shared)}):** " + "; ".join(_md(r.label) for r in role.shared), ""]
        if role.gaps:
            out += _gap_table("Gaps that matter most", role.top_gaps)
            if role.other_gaps:
                out += _gap_table(f"Other gaps ({len(role.other_gaps)})", role.other_gaps)
        else:
            out += ["_No gaps: the client has every essential skill of this role._", ""]
        if role.dismissed:
            out += [f"_{role.dismissed} gap(s) marked not relevant for this client are left out._", ""]
        lines = path_summary(role)
        if lines:
            out += ["**Route from the current role:**", ""]
            out += [f"- {_md(line)}" for line in lines]
            out.append("")
        elif brief.current_role is not None:
            out += [f"**Route:** {_md(role.path_note)}", ""]
    out += ["## Client profile", ""]
    basis = "the skills of the current role (none were chosen)" if brief.skills_from_role else "chosen in the session"
    out.append(f"### Skills and knowledge ({len(brief.skills)}, {basis})")
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
    else:
        out.append("_No interest answers saved._")
    out += ["", "### Counsellor notes", "", _md_block(brief.notes), ""]
    out += ["## How to read this brief", ""]
    out += [f"- **{_md(term)}**: {_md(text)}" for term, text in GLOSSARY]
    out += ["", "## Data and attributions", "", f"Data: {_md(versions_line(brief))}.", ""]
    out += [f"- **{_md(title)}**: {_md(text)}" for title, text in brief.attributions]
    out += ["", "_Prepared with skillgraph on this computer; nothing in this brief was sent anywhere._", ""]
    return "\n".join(out)


def _gap_table(title: str, gaps) -> list[str]:
    out = [f"| {_md(title)} | Step | Next action |", "|---|---|---|"]
    for gap in gaps:
        name = _md(gap.requirement.label)
        if gap.related:
            name += f" (next to: {_md(', '.join(gap.related))})"
        step = STEP_LABELS.get(gap.step, "") if gap.action_is_suggestion else "Counsellor"
        action = _md(gap.action) + (" _(suggested)_" if gap.action_is_suggestion else "")
        out.append(f"| {name} | {_md(step)} | {action} |")
    return [*out, ""]
