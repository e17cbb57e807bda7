"""Terminal rendering for the CLI (rich tables and text); no domain logic.

Nothing from the data reaches the terminal as a control sequence: the loaders strip
control characters, and everything printed goes through :func:`safe_text` too (the
:class:`SafeConsole` the CLI prints with applies it to every string; :func:`table` to
every cell), which writes a control or bidirectional-override character as a visible
escape (``\\x1b``, ``\\u202e``). JSON output keeps its meaning: those characters become
``\\uXXXX`` escapes, which JSON reads back as the same characters.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from skillgraph.graph.store import StoreMeta
from skillgraph.queries.profile import OccupationProfile, Requirement

__all__ = [
    "to_jsonable",
    "print_json",
    "meta_tables",
    "profile_text",
    "table",
    "pct",
    "num",
    "safe_text",
    "SafeConsole",
    "crosswalk_lines",
    "print_notes",
]

# C0 controls but tab and line feed, DEL, C1, the bidirectional embeddings, overrides and
# isolates, and the Unicode line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# What json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    r"""``text`` with each terminal control character written as a visible escape.

    Examples
    --------
    >>> safe_text("red\x1b[31m and \u202ereversed")
    'red\\x1b[31m and \\u202ereversed'
    >>> safe_text("two\nlines\tkept")
    'two\nlines\tkept'
    """
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


class SafeConsole(Console):
    """A rich Console whose ``print`` and ``out`` pass every string through :func:`safe_text`."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(safe_text(o) if isinstance(o, str) else o for o in objects), **kwargs)

    def out(self, *objects: Any, **kwargs: Any) -> None:
        super().out(*(safe_text(o) if isinstance(o, str) else o for o in objects), **kwargs)


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums, tuples and NaN turned into plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def print_json(console: Console, value: Any) -> None:
    """Print ``value`` as indented JSON (plain, so it can be piped); characters that would
    act on a terminal are written as JSON ``\\uXXXX`` escapes."""
    text = json.dumps(to_jsonable(value), indent=2, ensure_ascii=False)
    console.out(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text), highlight=False)


def pct(value: float | None) -> str:
    """0.4865 → '49 %'; None → '–'."""
    return "–" if value is None else f"{value * 100:.0f} %"


def num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], **kwargs) -> Table:
    """A rich table whose cell texts are escaped (data never becomes markup or a terminal
    control sequence)."""
    t = Table(title=escape(safe_text(title)) if title else None, title_justify="left", **kwargs)
    for column in columns:
        t.add_column(column)
    for row in rows:
        t.add_row(*(escape(safe_text(str(cell))) for cell in row))
    return t


def meta_tables(meta: StoreMeta) -> list[Table]:
    """Counts per node and edge kind, versions and skips of a store."""
    out = [
        table("Nodes", ("kind", "count"), ((k, f"{v:,}") for k, v in meta.node_counts.items())),
        table("Edges", ("kind", "count"), ((k, f"{v:,}") for k, v in meta.edge_counts.items())),
        table("Data", ("source", "version"), meta.versions.items()),
    ]
    if meta.skipped:
        out.append(table("Skipped while loading", ("reason", "records"), ((r, f"{c:,}") for r, c in meta.skipped)))
    return out


def crosswalk_lines(meta: StoreMeta) -> list[str]:
    """The load notes about the ESCO–O*NET crosswalk: what each maps, and the total."""
    return [n for n in meta.notes if n.startswith("Crosswalk ") or "ESCO occupations mapped to O*NET" in n]


def print_notes(console: Console, title: str, notes: Iterable[str]) -> None:
    """``title`` then one bullet per note, wrapped at the terminal's width with a hanging
    indent (long paths and URIs fold instead of being cut; data escaped)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for note in notes:
        grid.add_row("•", escape(safe_text(note)))
    console.print(f"[bold]{escape(title)}[/]")
    console.print(grid)


def _requirement_line(item: Requirement) -> str:
    extra = []
    if item.relation == "optional":
        extra.append("optional")
    if item.importance is not None:
        extra.append(f"importance {item.importance:.2f}")
    if item.reuse_level:
        extra.append(item.reuse_level)
    suffix = f"  ({', '.join(extra)})" if extra else ""
    return f"    • {item.label}{suffix}"


def profile_text(profile: OccupationProfile, *, show_all: bool = False, crosswalk: str = "") -> str:
    """The occupation profile as plain text, sections as in the seed profile.

    ``crosswalk`` names the ESCO–O*NET crosswalk(s) of the loaded data (its ``versions``
    entry), for the sources line."""
    o = profile.occupation
    lines = [o.label, "=" * len(o.label)]
    ident = f"{o.source} · {o.id}"
    if o.code:
        ident += f" · code {o.code}"
    lines.append(ident)
    lines.append("")
    if o.description:
        lines += ["Summary", f"  {o.description}", ""]
    if o.alt_labels:
        shown = o.alt_labels if show_all else o.alt_labels[:12]
        more = "" if len(shown) == len(o.alt_labels) else f" … (+{len(o.alt_labels) - len(shown)} more)"
        lines += ["Also known as", "  " + "; ".join(shown) + more, ""]
    facts = []
    if profile.isco_groups:
        unit = profile.isco_groups[0]
        facts.append(f"ISCO group: {unit.code} {unit.label}")
    if profile.job_zone:
        facts.append(f"Job zone: {profile.job_zone} – {profile.job_zone_name}")
    if profile.education:
        share = f" ({profile.education_share:.0f} % of respondents)" if profile.education_share is not None else ""
        facts.append(f"Typical education: {profile.education}{share}")
    if profile.crosswalk:
        label = "O*NET match" if o.source == "ESCO" else "ESCO occupations mapped here"
        shown = ", ".join(
            f"{m.label} ({m.id if m.source == 'O*NET' else m.source}, confidence {m.confidence:g}{', inherited' if m.inherited else ''})"
            for m in profile.crosswalk[:5]
        )
        facts.append(f"{label}: {shown}")
    if profile.broader:
        facts.append("Broader occupation: " + ", ".join(b.label for b in profile.broader))
    if facts:
        lines += ["Key facts"] + [f"  {f}" for f in facts] + [""]
    if profile.essential_skills:
        lines.append(f"Essential skills ({sum(len(s.items) for s in profile.essential_skills)}), by skill group")
        for section in profile.essential_skills:
            lines.append(f"  {section.group_label}")
            lines += [_requirement_line(i) for i in section.items]
        lines.append("")
    if profile.knowledge:
        lines.append(f"Knowledge areas ({len(profile.knowledge)})")
        lines += [_requirement_line(i) for i in profile.knowledge]
        lines.append("")
    if profile.cross_sector:
        lines.append(f"Cross-sector and transversal skills ({len(profile.cross_sector)})")
        lines += [_requirement_line(i) for i in profile.cross_sector]
        lines.append("")
    if profile.optional_skills:
        lines.append(f"Optional skills ({len(profile.optional_skills)})")
        shown = profile.optional_skills if show_all else profile.optional_skills[:15]
        lines += [_requirement_line(i) for i in shown]
        if len(shown) < len(profile.optional_skills):
            lines.append(f"    … {len(profile.optional_skills) - len(shown)} more (--all)")
        lines.append("")
    if profile.technologies:
        hot = [t for t in profile.technologies if t.hot]
        rest = [t for t in profile.technologies if not t.hot]
        lines.append(
            f"Software and technologies ({len(profile.technologies)}; ★ = hot technology, O*NET {', '.join(sorted({t.via for t in profile.technologies}))})"
        )
        if hot:
            lines.append("  " + "; ".join("★ " + t.label for t in hot))
        if rest:
            lines.append("  " + "; ".join(t.label for t in rest))
        lines.append("")
    if profile.tools and show_all:
        lines.append(f"Tools ({len(profile.tools)})")
        lines.append("  " + "; ".join(t.label for t in profile.tools))
        lines.append("")
    if profile.tasks:
        lines.append(f"Typical tasks (O*NET {profile.tasks_source})")
        shown = profile.tasks if show_all else profile.tasks[:6]
        lines += [f"    • {t}" for t in shown]
        lines.append("")
    sources = ["ESCO (© European Union)"] if o.source == "ESCO" else []
    if o.source == "O*NET" or profile.crosswalk:
        sources.append("O*NET 29.3 (USDOL/ETA, CC BY 4.0)")
    if o.source == "ESCO" and profile.crosswalk:
        sources.append(f"ESCO–O*NET crosswalk ({crosswalk or 'Nesta, MIT'})")
    lines.append("Sources: " + "; ".join(sources))
    return "\n".join(lines)
