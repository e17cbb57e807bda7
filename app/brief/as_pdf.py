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
    GLOSSARY,
    STEP_LABELS,
    closeness,
    code_words,
    coverage_brief,
    coverage_line,
    cut,
    format_date,
    interest_line,
    interests_summary,
    path_summary,
    role_line,
    versions_line,
)
from skillgraph.graph.model import NodeKind

__all__ = ["render_pdf", "PDF_LIMITS"]

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


#: What the PDF shows at most (the HTML and Markdown versions list everything).
PDF_LIMITS = {"label": 160, "shared": 12, "other_gaps": 14, "skills": 60, "paths": 2}
_SAFE_LIMITS = {"label": 80, "shared": 6, "other_gaps": 8, "skills": 30, "paths": 1}


def render_pdf(brief: Brief) -> bytes:
    """Render ``brief`` to PDF bytes: short (a 4-role brief fits on 4 A4 pages), leading
    with what the client can do. Long labels are cut and long lists shortened with a note
    (the HTML and Markdown hold everything); should the layout still fail, the brief is
    drawn again with tighter limits and without the picture rather than not at all."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        return _render(brief, PDF_LIMITS, picture=True)
    except LayoutError:
        return _render(brief, _SAFE_LIMITS, picture=False)


def _render(brief: Brief, limits: dict[str, int], *, picture: bool) -> bytes:
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
    base = ParagraphStyle("base", fontName=_FONT, fontSize=9, leading=12, textColor=ink)
    styles = {
        "h1": ParagraphStyle("h1", parent=base, fontName=_BOLD, fontSize=17, leading=21, textColor=navy, spaceAfter=1),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=_BOLD, fontSize=12.5, leading=15, textColor=navy, spaceBefore=8, spaceAfter=3
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=_BOLD, fontSize=11, leading=14, textColor=navy, spaceBefore=7, spaceAfter=1
        ),
        "body": ParagraphStyle("body", parent=base, spaceAfter=2.5),
        "lead": ParagraphStyle("lead", parent=base, fontSize=9.5, leading=12.5, spaceAfter=2.5),
        "meta": ParagraphStyle("meta", parent=base, fontSize=8, leading=10, textColor=grey, spaceAfter=3),
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=grey),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.3, leading=10.3),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2, spaceAfter=1),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER, fontSize=7.5, leading=9.5, textColor=grey),
    }

    def para(text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, styles[style])

    def label(text: str) -> str:
        return _p(cut(text, limits["label"]))

    def labels(items, limit: int, more: str = "") -> str:
        items = list(items)
        shown = "; ".join(label(i) for i in items[:limit])
        if len(items) > limit:
            shown += f"; <i>and {len(items) - limit} more{more}</i>"
        return shown

    def table(rows, widths, header=True):
        t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#d5dde6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")))
        t.setStyle(TableStyle(commands))
        return t

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=13 * mm,
        bottomMargin=14 * mm,
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
    # -- what the client brings, and the shortlist in one look -------------------------------------
    summary = []
    who = _p(brief.alias)
    if brief.current_role:
        summary.append(
            para(
                f"<b>Now:</b> {label(brief.current_role.label)} <font color='#5a6776'>({_p(role_line(brief.current_role))})</font>"
            )
        )
    if brief.strengths:
        summary.append(para(f"<b>What {who} brings to the shortlisted roles:</b> {labels(brief.strengths, 8)}", "lead"))
    if brief.person_code:
        summary.append(para(f"<b>Strongest interests:</b> {_p(code_words(brief.person_code))}"))
    summary.append(para("<b>Shortlist:</b>"))
    summary += [
        Paragraph(f"<b>{label(r.occupation.label)}</b> — {_p(coverage_brief(r))}", styles["bullet"], bulletText=f"{n}.")
        for n, r in enumerate(brief.roles, start=1)
    ]
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
    story += [box, Spacer(1, 4)]
    if picture:
        story.append(
            KeepTogether(
                [
                    brief_graph_drawing(brief, width=width * 0.78, font=_FONT, bold=_BOLD, clean=_clean),
                    para(
                        "The current role in the centre, the shortlisted roles around it. Solid line: a realistic move now "
                        "(thicker = more alike); dashed: a route through other roles, with the number of realistic moves; "
                        "dotted: no route found. Under each role: the share of its essential skills the client has.",
                        "centre",
                    ),
                ]
            )
        )

    # -- each role ---------------------------------------------------------------------------------------
    story.append(para("The shortlisted roles", "h2"))
    for n, role in enumerate(brief.roles, start=1):
        head = [
            para(f"{n}. {label(role.occupation.label)}", "h3"),
            para(f"{_p(role_line(role.occupation))} · {_p(closeness(role))}", "meta"),
            para(f"<b>{_p(coverage_line(role))}</b> {_p(interest_line(role))}", "lead"),
        ]
        if role.reason.strip():
            head.append(para(f"<b>Why this role:</b> {_p(role.reason)}"))
        story.append(KeepTogether(head))
        if role.shared:
            story.append(
                para(f"<b>What carries over ({len(role.shared)}):</b> {labels((r.label for r in role.shared), limits['shared'])}")
            )
        top = role.top_gaps
        if top:
            rows = [
                [para("<b>Gaps that matter most</b>", "cell"), para("<b>Step</b>", "cell"), para("<b>Next action</b>", "cell")]
            ]
            for gap in top:
                name = label(gap.requirement.label)
                if gap.related:
                    name += f'<br/><font color="#2e6b2e" size="7">next to: {label(", ".join(gap.related))}</font>'
                step = STEP_LABELS.get(gap.step, "") if gap.action_is_suggestion else "Counsellor"
                action = _p(gap.action) + (' <font color="#6b7785"><i>(suggested)</i></font>' if gap.action_is_suggestion else "")
                rows.append([para(name, "cell"), para(_p(step), "cell"), para(action, "cell")])
            story.append(table(rows, [0.33 * width, 0.12 * width, 0.55 * width]))
        elif not role.gaps:
            story.append(para("<i>No gaps: the client has every essential skill of this role.</i>"))
        others = role.other_gaps
        if others:
            story.append(
                para(
                    f"<b>Other gaps ({len(others)}):</b> "
                    + labels((g.requirement.label for g in others), limits["other_gaps"], " — see the HTML version"),
                    "body",
                )
            )
        if role.dismissed:
            story.append(para(f"<i>{role.dismissed} gap(s) marked not relevant for this client are left out.</i>", "small"))
        lines = path_summary(role)[: limits["paths"]]
        if lines:
            story.append(para("<b>Route from the current role:</b> " + " <b>or</b> ".join(label(line) for line in lines)))
        elif brief.current_role is not None:
            story.append(para(f"<b>Route:</b> {_p(role.path_note)}"))

    # -- the client's profile ------------------------------------------------------------------------------
    story.append(para("Client profile", "h2"))
    basis = "the skills of the current role (none were chosen)" if brief.skills_from_role else "chosen in the session"
    known = [s for s in brief.skills if s.kind in (NodeKind.SKILL, NodeKind.KNOWLEDGE)]
    if known:
        story.append(
            para(
                f"<b>Skills and knowledge ({len(brief.skills)}, {_p(basis)}):</b> "
                + labels((s.label for s in known), limits["skills"], " — the HTML and Markdown versions list every one")
            )
        )
    other = len(brief.skills) - len(known)
    if other:
        story.append(para(f"{other} saved skill(s) are not in the loaded data."))
    if not brief.skills:
        story.append(para("<i>No skills saved.</i>"))
    story.append(
        para(
            f"<b>Interests (answers 1–5):</b> {_p(interests_summary(brief))}"
            if brief.interests
            else "<i>No interest answers saved.</i>"
        )
    )
    story.append(para("<b>Counsellor notes</b>"))
    if brief.notes.strip():
        story += [para(_p(line) or "&nbsp;") for line in brief.notes.splitlines()]
    else:
        story.append(para("<i>None.</i>"))

    story.append(para("How to read this brief", "h2"))
    story += [para(f"<b>{_p(t)}:</b> {_p(x)}", "small") for t, x in GLOSSARY]
    story.append(para("Data and attributions", "h2"))
    story.append(para(f"Data: {_p(versions_line(brief))}.", "small"))
    story += [para(f"<b>{_p(title)}:</b> {_p(text)}", "small") for title, text in brief.attributions]
    story.append(para("Prepared with skillgraph on this computer; nothing in this brief was sent anywhere.", "small"))

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 7.5)
        canvas.setFillColor(grey)
        canvas.drawString(15 * mm, 8 * mm, _clean(cut(f"Session brief: {brief.alias}", 90)))
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, f"page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
