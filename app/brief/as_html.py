"""The session brief as one self-contained printable HTML page: inline CSS, an inline SVG
picture, no script, no external address of any kind, every text from data or the session
escaped."""

from __future__ import annotations

import html

from skillgraph.app.brief.data import Brief
from skillgraph.app.brief.picture import brief_graph_svg
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
    path_lines,
    path_summary,
    role_line,
    versions_line,
)
from skillgraph.graph.model import NodeKind

__all__ = ["render_html"]

_CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1d2733;
       font-size: 10.5pt; line-height: 1.45; margin: 0 auto; max-width: 190mm; padding: 12px; background: #fff; }
h1 { font-size: 20pt; margin: 0 0 2px; color: #12355b; }
h2 { font-size: 14pt; color: #12355b; border-bottom: 2px solid #c9d6e3; padding-bottom: 2px; margin: 22px 0 8px; }
h3 { font-size: 12pt; margin: 16px 0 4px; color: #12355b; }
p { margin: 4px 0; }
.meta { color: #5a6776; font-size: 9pt; margin-bottom: 10px; }
.summary { background: #f2f6fa; border: 1px solid #c9d6e3; border-radius: 6px; padding: 8px 12px; }
.summary p { margin: 2px 0; }
.note { background: #fff6e0; border-left: 4px solid #e0a100; padding: 4px 8px; }
.figure { text-align: center; margin: 8px 0; break-inside: avoid; }
.figure svg { max-width: 100%; height: auto; }
.legend { font-size: 8.5pt; color: #5a6776; }
.role { border: 1px solid #c9d6e3; border-radius: 6px; padding: 6px 12px 10px; margin: 12px 0; break-inside: auto; }
.role h3 { margin-top: 6px; }
.facts { color: #5a6776; font-size: 9pt; }
.tags { margin: 2px 0 4px; }
.tag { display: inline-block; background: #e6f0e6; border: 1px solid #b9d3b9; border-radius: 10px; padding: 0 7px;
       margin: 1px 2px; font-size: 9pt; }
.tag.k { background: #eef0fa; border-color: #c4c9e8; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 6px; font-size: 9.5pt; }
th, td { border: 1px solid #d5dde6; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
tr { break-inside: avoid; }
.sugg { color: #6b7785; font-style: italic; font-size: 8.5pt; }
.rel { color: #2e6b2e; font-size: 8.5pt; }
.notes { white-space: pre-wrap; border: 1px solid #d5dde6; border-radius: 4px; padding: 6px 8px; background: #fbfcfd; }
ol.paths, ul.steps { margin: 2px 0 4px 18px; padding: 0; }
.attr { font-size: 8.5pt; color: #3f4a57; }
.foot { font-size: 8.5pt; color: #5a6776; margin-top: 14px; }
details summary { cursor: pointer; margin: 4px 0; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(brief: Brief) -> str:
    """The brief as one self-contained printable HTML page (see the module docstring).

    The same order as the PDF — what the client brings and the shortlist first, then each
    role with the gaps that matter most — with every gap and skill listed; the rest of the
    gaps sit in a collapsed section that opens with a click.
    """
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>Session brief: {_e(brief.alias)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Session brief: {_e(brief.alias)}</h1>",
        f'<p class="meta">Prepared {_e(format_date(brief.generated_at))} · session {_e(brief.session_id or "not saved")} · '
        f"last updated {_e(format_date(brief.updated_at))}</p>",
        '<div class="summary">',
    ]
    if brief.current_role:
        out.append(
            f'<p><b>Now:</b> {_e(brief.current_role.label)} <span class="facts">({_e(role_line(brief.current_role))})</span></p>'
        )
    if brief.strengths:
        out.append(
            f"<p><b>What {_e(brief.alias)} brings to the shortlisted roles:</b> "
            + "; ".join(_e(s) for s in brief.strengths)
            + "</p>"
        )
    if brief.person_code:
        out.append(f"<p><b>Strongest interests:</b> {_e(code_words(brief.person_code))}</p>")
    out.append("<p><b>Shortlist:</b></p><ol>")
    out += [f"<li><b>{_e(r.occupation.label)}</b> — {_e(coverage_brief(r))}</li>" for r in brief.roles]
    out.append("</ol></div>")
    if brief.shortlist_note:
        out.append(f'<p class="note">{_e(brief.shortlist_note)}</p>')
    out.append('<div class="figure">' + brief_graph_svg(brief) + "</div>")
    out.append(
        '<p class="legend">The current role in the centre, the shortlisted roles around it. A solid line is a '
        "realistic move now (thicker = more alike); a dashed line a route through other roles, with the number of "
        "realistic moves; a dotted line means no route was found. Under each role: the share of its essential "
        "skills the client has.</p>"
    )
    out.append("<h2>The shortlisted roles</h2>")
    for n, role in enumerate(brief.roles, start=1):
        out.append('<section class="role">')
        out.append(f"<h3>{n}. {_e(role.occupation.label)}</h3>")
        out.append(f'<p class="facts">{_e(role_line(role.occupation))} · {_e(closeness(role))}</p>')
        out.append(f"<p><b>{_e(coverage_line(role))}</b> {_e(interest_line(role))}</p>")
        if role.reason.strip():
            out.append(f"<p><b>Why this role:</b> {_e(role.reason)}</p>")
        if role.shared:
            out.append(
                f'<p><b>What carries over ({len(role.shared)})</b></p><p class="tags">'
                + "".join(
                    f'<span class="tag{" k" if r.kind == NodeKind.KNOWLEDGE else ""}">{_e(r.label)}</span>' for r in role.shared
                )
                + "</p>"
            )
        if role.gaps:
            out.append(_gap_table("Gaps that matter most", role.top_gaps))
            others = role.other_gaps
            if others:
                out.append(f"<details><summary><b>Other gaps ({len(others)})</b></summary>{_gap_table('Gap', others)}</details>")
        else:
            out.append("<p><i>No gaps: the client has every essential skill of this role.</i></p>")
        if role.dismissed:
            out.append(f'<p class="facts">{role.dismissed} gap(s) marked not relevant for this client are left out.</p>')
        lines = path_summary(role)
        if lines:
            out.append('<p><b>Route from the current role</b></p><ol class="paths">')
            for line, (_, steps) in zip(lines, path_lines(role)):
                out.append(f'<li>{_e(line)}<ul class="steps">' + "".join(f"<li>{_e(s)}</li>" for s in steps) + "</ul></li>")
            out.append("</ol>")
        elif brief.current_role is not None:
            out.append(f"<p><b>Route:</b> {_e(role.path_note)}</p>")
        out.append("</section>")
    out.append("<h2>Client profile</h2>")
    basis = "the skills of the current role (none were chosen)" if brief.skills_from_role else "chosen in the session"
    out.append(f"<h3>Skills and knowledge ({len(brief.skills)}, {_e(basis)})</h3>")
    for kind, title, css in ((NodeKind.SKILL, "Skills", "tag"), (NodeKind.KNOWLEDGE, "Knowledge", "tag k")):
        items = [s for s in brief.skills if s.kind == kind]
        if items:
            out.append(
                f'<p><b>{title}</b></p><p class="tags">'
                + "".join(f'<span class="{css}">{_e(s.label)}</span>' for s in items)
                + "</p>"
            )
    other = [s for s in brief.skills if s.kind not in (NodeKind.SKILL, NodeKind.KNOWLEDGE)]
    if other:
        out.append(f"<p>{len(other)} saved skill(s) are not in the loaded data.</p>")
    if not brief.skills:
        out.append("<p><i>No skills saved.</i></p>")
    out.append("<h3>Interests</h3>")
    if brief.interests:
        out.append("<table><tr><th>Area</th><th>What it is about</th><th>Answer (1–5)</th></tr>")
        for area, value in brief.interests:
            out.append(
                f"<tr><td>{_e(area)}</td><td>{_e(AREA_HINTS[area])}</td><td>{value} – {_e(ANSWER_LABELS[value])}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p><i>No interest answers saved.</i></p>")
    out.append("<h3>Counsellor notes</h3>")
    out.append(f'<div class="notes">{_e(brief.notes) if brief.notes.strip() else "<i>None.</i>"}</div>')
    out.append("<h2>How to read this brief</h2><table>")
    out += [f"<tr><th>{_e(term)}</th><td>{_e(text)}</td></tr>" for term, text in GLOSSARY]
    out.append("</table>")
    out.append("<h2>Data and attributions</h2>")
    out.append(f'<p class="attr">Data: {_e(versions_line(brief))}.</p>')
    out += [f'<p class="attr"><b>{_e(title)}:</b> {_e(text)}</p>' for title, text in brief.attributions]
    out.append('<p class="foot">Prepared with skillgraph on this computer; nothing in this brief was sent anywhere.</p>')
    out.append("</body></html>")
    return "\n".join(out)


def _gap_table(title: str, gaps) -> str:
    rows = [f'<table><tr><th style="width:34%">{_e(title)}</th><th style="width:12%">Step</th><th>Next action</th></tr>']
    for gap in gaps:
        related = f'<br><span class="rel">next to: {_e(", ".join(gap.related))}</span>' if gap.related else ""
        suggestion = ' <span class="sugg">(suggested)</span>' if gap.action_is_suggestion else ""
        step = STEP_LABELS.get(gap.step, "") if gap.action_is_suggestion else "Counsellor"
        rows.append(
            f"<tr><td>{_e(gap.requirement.label)}{related}</td><td>{_e(step)}</td><td>{_e(gap.action)}{suggestion}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)
