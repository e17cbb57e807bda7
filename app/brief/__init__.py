"""The session brief: what a counsellor prints or sends after preparing a session.

- :mod:`.data` — :func:`build_brief` gathers a :class:`Brief` from a saved session and the store;
- :mod:`.wording` — the sentences and labels every renderer shares;
- :mod:`.as_markdown`, :mod:`.as_html`, :mod:`.as_pdf` — one renderer per format;
- :mod:`.picture` — the shortlist picture (inline SVG for HTML, vector drawing for PDF);
- :mod:`.export` — a format's bytes, the file written atomically, the download name.
"""

from skillgraph.app.brief.as_html import render_html
from skillgraph.app.brief.as_markdown import render_markdown
from skillgraph.app.brief.as_pdf import render_pdf
from skillgraph.app.brief.data import ATTRIBUTIONS, Brief, BriefGap, BriefRole, SkillItem, build_brief, suggested_action
from skillgraph.app.brief.export import FORMATS, brief_filename, export_brief, write_brief
from skillgraph.app.brief.wording import ANSWER_LABELS

__all__ = [
    "FORMATS",
    "ATTRIBUTIONS",
    "ANSWER_LABELS",
    "SkillItem",
    "BriefGap",
    "BriefRole",
    "Brief",
    "build_brief",
    "suggested_action",
    "render_markdown",
    "render_html",
    "render_pdf",
    "export_brief",
    "write_brief",
    "brief_filename",
]
