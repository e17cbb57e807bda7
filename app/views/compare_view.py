"""Compact lists of requirements grouped by skill group, and technology lists, used by the
similar-roles, pathways and compare pages (rendering only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.queries.profile import SkillGroupSection, TechnologyItem

__all__ = ["groups_markdown", "render_groups", "render_technology_list"]


def groups_markdown(
    sections: Sequence[SkillGroupSection], notes: Mapping[str, str] | None = None, *, limit: int | None = None
) -> str:
    """One Markdown list, a line per skill group: the group in bold, then its items.

    ``notes`` adds a short remark after an item (by requirement id); ``limit`` caps the
    number of items shown (the rest are counted).
    """
    notes = notes or {}
    lines = []
    shown = 0
    total = sum(len(s.items) for s in sections)
    for section in sections:
        items = []
        for item in section.items:
            if limit is not None and shown >= limit:
                break
            note = notes.get(item.id)
            items.append(fmt.md(item.label) + (f" :gray[*({fmt.md(note)})*]" if note else ""))
            shown += 1
        if items:
            lines.append(f"- **{fmt.md(section.group_label or 'other')}:** " + "; ".join(items))
    if limit is not None and total > shown:
        lines.append(f"- *… and {total - shown} more*")
    return "\n".join(lines)


def render_groups(
    sections: Sequence[SkillGroupSection],
    *,
    empty: str = "None.",
    notes: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> None:
    """:func:`groups_markdown` as one element, or ``empty`` in grey."""
    if not sections:
        st.caption(empty)
        return
    st.markdown(groups_markdown(sections, notes, limit=limit))


def render_technology_list(items: Sequence[TechnologyItem], *, limit: int = 15, empty: str = "None.") -> None:
    """Technologies as one line, hot ones marked, the first ``limit`` then a count."""
    if not items:
        st.caption(empty)
        return
    shown = ", ".join(fmt.technology_label(t) for t in items[:limit])
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    st.markdown(shown + more)
