"""The brief as files: each format's bytes, written atomically, and a download name."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from skillgraph.app.brief.as_html import render_html
from skillgraph.app.brief.as_markdown import render_markdown
from skillgraph.app.brief.as_pdf import render_pdf
from skillgraph.app.brief.data import build_brief
from skillgraph.app.session_files import write_private
from skillgraph.app.sessions import Session
from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.store import GraphStore

__all__ = ["FORMATS", "export_brief", "write_brief", "brief_filename"]

FORMATS = ("html", "pdf", "md")


def export_brief(store: GraphStore, session: Session, fmt: str) -> bytes:
    """The brief of ``session`` in ``fmt`` (html, pdf or md) as bytes."""
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    brief = build_brief(store, session)
    if fmt == "pdf":
        return render_pdf(brief)
    text = render_html(brief) if fmt == "html" else render_markdown(brief)
    return text.encode("utf-8")


def write_brief(store: GraphStore, session: Session, fmt: str, out: Path) -> Path:
    """Write the brief to ``out``: through a private (0600) temporary file, renamed when
    complete and removed if anything fails — a client's brief is never left behind half
    written or readable by others."""
    data = export_brief(store, session, fmt)
    return write_private(Path(out), data)


def brief_filename(session: Session, fmt: str) -> str:
    """A file name for the download: ``brief-<alias>-<date>.<fmt>`` (safe characters only)."""
    alias = re.sub(r"[^A-Za-z0-9]+", "-", session.alias).strip("-").lower() or "client"
    return f"brief-{alias[:40]}-{dt.date.today().isoformat()}.{fmt}"
