"""Compact lists of requirements grouped by skill group, and technology lists, used by the
similar-roles, pathways and compare pages (rendering only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from app.views import formatting as fmt
from queries.profile import SkillGroupSection, TechnologyItem

__all__ = ["groups_markdown", "render_groups", "render_technology_list"]


def groups_markdown(sections: Sequence[SkillGroupSection], notes: Mapping[str, str] | None = None, *, limit: int | None = None) -> str:
    """One Markdown block: each group's label in bold, its items as a bullet list.

    ``notes`` adds a short remark after an item (by requirement id); ``limit`` caps the
    number of items shown (the rest are counted).
    """
    notes = notes or {}
    blocks = []
    shown = 0
    total = sum(len(s.items) for s in sections)
    for section in sections:
        if limit is not None and shown >= limit:
            break
        lines = [f"**{fmt.md(section.group_label or 'other')}**"]
        for item in section.items:
            if limit is not None and shown >= limit:
                break
            note = notes.get(item.id)
            lines.append(f"- {fmt.md(item.label)}" + (f" — *{fmt.md(note)}*" if note else ""))
            shown += 1
        blocks.append("\n".join(lines))
    if limit is not None and total > shown:
        blocks.append(f"*… and {total - shown} more*")
    return "\n\n".join(blocks)


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
