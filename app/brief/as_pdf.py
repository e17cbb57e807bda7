"""The session brief as PDF (reportlab): A4, the same sections as the HTML brief, the
shortlist picture drawn as vector graphics, and an embedded TrueType font (Bitstream
Vera, shipped inside reportlab) so the text is selectable and extractable.

Characters the font lacks are replaced by their closest plain form (é stays, → becomes
"->"), so nothing is silently dropped.
"""

from __future__ import annotations

import io
import os
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from skillgraph.app.brief.data import Brief
from skillgraph.app.brief.picture import brief_graph_drawing
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

__all__ = ["render_pdf"]

_FONT, _BOLD, _ITALIC = "SkillgraphVera", "SkillgraphVera-Bold", "SkillgraphVera-Italic"
_REPLACE = {"→": "->", "★": "*", "✓": "v", "≤": "<=", "≥": ">="}


@lru_cache(maxsize=1)
def _fonts() -> frozenset[int]:
    """Register the Vera family once; returns the code points the regular face covers."""
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    regular = TTFont(_FONT, os.path.join(folder, "Vera.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(_BOLD, os.path.join(folder, "VeraBd.ttf")))
    pdfmetrics.registerFont(TTFont(_ITALIC, os.path.join(folder, "VeraIt.ttf")))
    pdfmetrics.registerFont(TTFont(_FONT + "-BoldItalic", os.path.join(folder, "VeraBI.ttf")))
    addMapping(_FONT, 0, 0, _FONT)
    addMapping(_FONT, 1, 0, _BOLD)
    addMapping(_FONT, 0, 1, _ITALIC)
    addMapping(_FONT, 1, 1, _FONT + "-BoldItalic")
    return frozenset(regular.face.charToGlyph)


def _clean(text: str) -> str:
    covered = _fonts()
    out = []
    for ch in str(text):
        if ord(ch) in covered or ch in "\n\t":
            out.append(ch)
            continue
        if ch in _REPLACE:
            out.append(_REPLACE[ch])
            continue
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append(plain or "?")
    return "".join(out)


def _p(text: str) -> str:
    """Data text for a Paragraph: font-safe and XML-escaped (reportlab parses markup)."""
    return escape(_clean(text))


def render_pdf(brief: Brief) -> bytes:
    """Render ``brief`` to PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _fonts()
    ink = colors.HexColor("#1d2733")
    navy = colors.HexColor("#12355b")
    grey = colors.HexColor("#5a6776")
    base = ParagraphStyle("base", fontName=_FONT, fontSize=9.5, leading=13, textColor=ink)
    styles = {
        "h1": ParagraphStyle("h1", parent=base, fontName=_BOLD, fontSize=18, leading=22, textColor=navy, spaceAfter=2),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=_BOLD, fontSize=13, leading=16, textColor=navy, spaceBefore=10, spaceAfter=4
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=_BOLD, fontSize=11, leading=14, textColor=navy, spaceBefore=8, spaceAfter=2
        ),
        "body": ParagraphStyle("body", parent=base, spaceAfter=3),
        "meta": ParagraphStyle("meta", parent=base, fontSize=8.5, textColor=grey, spaceAfter=6),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=grey),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2, spaceAfter=1),
        "sub": ParagraphStyle("sub", parent=base, fontSize=8.5, leading=11, leftIndent=24, bulletIndent=14, textColor=grey),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER, fontSize=8, leading=10, textColor=grey),
    }

    def para(text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, styles[style])

    def table(rows, widths, header=True):
        t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#d5dde6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")))
        t.setStyle(TableStyle(commands))
        return t

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=_clean(f"Session brief: {brief.alias}"),
        author="skillgraph",
        subject="Career counselling session brief",
    )
    width = doc.width
    story = [
        para(f"Session brief: {_p(brief.alias)}", "h1"),
        para(
            f"Prepared {_p(format_date(brief.generated_at))} · session {_p(brief.session_id or 'not saved')} · "
            f"last updated {_p(format_date(brief.updated_at))}",
            "meta",
        ),
    ]
    summary = []
    if brief.current_role:
        summary.append(para(f"<b>Current role:</b> {_p(brief.current_role.label)} ({_p(role_facts(brief.current_role))})"))
    summary.append(para("<b>Shortlist:</b> " + "; ".join(_p(r.occupation.label) for r in brief.roles)))
    if brief.person_code:
        summary.append(para(f"<b>Strongest interests:</b> {_p(code_words(brief.person_code))}"))
    if brief.shortlist_note:
        summary.append(para(f"<i>{_p(brief.shortlist_note)}</i>"))
    box = Table([[summary]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f2f6fa")),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#c9d6e3")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    story += [box, Spacer(1, 6)]
    story.append(
        KeepTogether(
            [
                brief_graph_drawing(brief, width=width, font=_FONT, bold=_BOLD, clean=_clean),
                para(
                    "The current role in the centre, the shortlisted roles around it. A solid line gives the similarity of "
                    "the two roles (thicker = more alike); a dashed line: not among the current role's closest roles, reached "
                    "in the number of realistic steps shown; a dotted line: no realistic path found. Under each role: the "
                    "share of its essential skills the client has.",
                    "centre",
                ),
            ]
        )
    )

    story.append(para("Client profile", "h2"))
    basis = (
        "the skills of the current role (none were chosen in the session)" if brief.skills_from_role else "chosen in the session"
    )
    story.append(para(f"Skills ({len(brief.skills)}, {_p(basis)})", "h3"))
    for kind, title in ((NodeKind.SKILL, "Skills"), (NodeKind.KNOWLEDGE, "Knowledge")):
        items = [s for s in brief.skills if s.kind == kind]
        if items:
            story.append(para(f"<b>{title}:</b> " + "; ".join(_p(s.label) for s in items)))
    other = [s for s in brief.skills if s.kind not in (NodeKind.SKILL, NodeKind.KNOWLEDGE)]
    if other:
        story.append(para(f"{len(other)} saved skill(s) are not in the loaded data."))
    if not brief.skills:
        story.append(para("<i>No skills saved.</i>"))
    story.append(para("Interests", "h3"))
    if brief.interests:
        rows = [[para("<b>Area</b>", "cell"), para("<b>What it is about</b>", "cell"), para("<b>Answer (1–5)</b>", "cell")]]
        rows += [
            [para(_p(area), "cell"), para(_p(AREA_HINTS[area]), "cell"), para(f"{value} – {_p(ANSWER_LABELS[value])}", "cell")]
            for area, value in brief.interests
        ]
        story.append(table(rows, [0.22 * width, 0.5 * width, 0.28 * width]))
    else:
        story.append(para("<i>No interest answers saved.</i>"))
    story.append(para("Counsellor notes", "h3"))
    if brief.notes.strip():
        story += [para(_p(line) or "&nbsp;") for line in brief.notes.splitlines()]
    else:
        story.append(para("<i>None.</i>"))

    story.append(para("Shortlisted roles", "h2"))
    for n, role in enumerate(brief.roles, start=1):
        head = [
            para(f"{n}. {_p(role.occupation.label)}", "h3"),
            para(f"{_p(role_facts(role.occupation))} · {_p(closeness(role))}", "meta"),
            para(f"<b>Fit:</b> {_p(fit_line(role))}"),
            para(f"<b>Why this role:</b> {_p(role.reason) if role.reason.strip() else '<i>no reason written</i>'}"),
        ]
        story.append(KeepTogether(head))
        shared = "; ".join(_p(r.label) for r in role.shared) or "<i>none yet</i>"
        story.append(para(f"<b>Shared skills ({len(role.shared)}):</b> {shared}"))
        story.append(para(f"<b>Gaps and next actions ({len(role.gaps)})</b>"))
        if role.gaps:
            rows = [[para("<b>Gap</b>", "cell"), para("<b>Kind</b>", "cell"), para("<b>Next action</b>", "cell")]]
            for gap in role.gaps:
                name = _p(gap.requirement.label)
                if gap.related:
                    name += f'<br/><font color="#2e6b2e" size="7.5">related: {_p(", ".join(gap.related))}</font>'
                action = _p(gap.action) + (' <font color="#6b7785"><i>(suggested)</i></font>' if gap.action_is_suggestion else "")
                rows.append([para(name, "cell"), para(_p(gap.requirement.kind.lower()), "cell"), para(action, "cell")])
            story.append(table(rows, [0.34 * width, 0.11 * width, 0.55 * width]))
        else:
            story.append(para("<i>No gaps: the client has every essential skill of this role.</i>"))
        story.append(para("<b>Pathway from the current role</b>"))
        lines = path_lines(role)
        if lines:
            for head_line, steps in lines:
                story.append(Paragraph(_p(head_line), styles["bullet"], bulletText="•"))
                story += [Paragraph(_p(s), styles["sub"], bulletText="–") for s in steps]
        else:
            story.append(para(_p(role.path_note)))
        story.append(Spacer(1, 4))

    story.append(para("How to read this brief", "h2"))
    story.append(
        table(
            [[para(f"<b>{_p(t)}</b>", "cell"), para(_p(x), "cell")] for t, x in GLOSSARY],
            [0.2 * width, 0.8 * width],
            header=False,
        )
    )
    story.append(para("Data and attributions", "h2"))
    story.append(para(f"Data: {_p(versions_line(brief))}.", "small"))
    story += [para(f"<b>{_p(title)}:</b> {_p(text)}", "small") for title, text in brief.attributions]
    story.append(Spacer(1, 6))
    story.append(para("Prepared with skillgraph on this computer; nothing in this brief was sent anywhere.", "small"))

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 7.5)
        canvas.setFillColor(grey)
        canvas.drawString(16 * mm, 9 * mm, _clean(f"Session brief: {brief.alias}"))
        canvas.drawRightString(A4[0] - 16 * mm, 9 * mm, f"page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
