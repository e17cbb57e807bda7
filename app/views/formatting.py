"""Display helpers shared by the pages: escaping, numbers, labels, and the arrangement of
profile facts into what a person reads (an illustrative day, plain-language answers).

Everything that comes from the data goes through :func:`md` before it reaches a
Streamlit element that renders Markdown (titles, captions, labels of links, buttons and
expanders): data is shown as text, never as markup or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from skillgraph.graph.model import Source
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.profile import OccupationProfile, Requirement, TechnologyItem

__all__ = [
    "md",
    "pct",
    "score_pct",
    "plural",
    "truncate",
    "source_line",
    "role_caption",
    "job_zone_summary",
    "JOB_ZONE_PREPARATION",
    "to_param",
    "from_param",
    "DaySlot",
    "day_in_the_life",
    "key_skills",
    "technology_label",
    "HOT_ICON",
    "join_labels",
    "article",
    "role_phrase",
]

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping
# them all turns Markdown, HTML tags, entities and Streamlit's directives (:red[…],
# :material/…:, $LaTeX$) into plain text.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'/@%?;])")

ESCO_OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def md(text: object) -> str:
    """``text`` escaped for Streamlit Markdown, so it is displayed literally.

    Examples
    --------
    >>> md("<b>R&D</b> :red[x]")
    '\\\\<b\\\\>R\\\\&D\\\\<\\\\/b\\\\> \\\\:red\\\\[x\\\\]'
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def pct(value: float | None, *, none: str = "–") -> str:
    """0.4865 → '49 %'."""
    return none if value is None else f"{value * 100:.0f} %"


def score_pct(score: float | None) -> str:
    """A similarity score (0–1) as a percentage for people: 0.512 → '51 %'."""
    return pct(score)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 skill', '3 skills'."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def truncate(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def article(word: str) -> str:
    """'an' before a vowel sound as written ('an ICT project manager'), else 'a'."""
    first = word.strip()[:1].lower()
    if word[:3].isupper() and first in "aefhilmnorsx":  # acronyms read letter by letter: an ICT, an SQL
        return "an"
    return "an" if first in "aeiou" else "a"


def role_phrase(label: str, source: str) -> str:
    """How a sentence names the role, escaped: 'an ICT project manager' (ESCO titles are
    singular), 'Information Technology Project Managers' (O*NET titles are plural)."""
    return md(label) if source == Source.ONET else f"{article(label)} {md(label)}"


def source_line(ref: OccupationRef) -> str:
    """'ESCO · ISCO 1330' or 'O*NET · SOC 15-1299.09' (plain text; escape before Markdown)."""
    if ref.source == Source.ONET:
        return f"O*NET · SOC {ref.code}" if ref.code else "O*NET"
    return f"ESCO · ISCO {ref.isco_code}" if ref.isco_code else "ESCO"


def role_caption(ref: OccupationRef) -> str:
    """Source, code and job zone of a role, for a caption under its link."""
    parts = [source_line(ref)]
    if ref.job_zone:
        parts.append(f"job zone {ref.job_zone}")
    return " · ".join(parts)


#: What each O*NET job zone usually asks before starting, in plain words (after the
#: O*NET Job Zone Reference).
JOB_ZONE_PREPARATION: dict[int, str] = {
    1: "little or no preparation: some roles ask for a high-school diploma, and training takes a few days to a few months",
    2: "some preparation: usually a high-school diploma, some work experience helps, and training takes a few months to a year",
    3: "medium preparation: usually vocational training, an associate's degree or on-the-job experience, with one to two years of training",
    4: "considerable preparation: most roles ask for a bachelor's degree and several years of related work experience",
    5: "extensive preparation: most roles ask for a graduate degree (master's, doctorate or professional degree) and extensive experience",
}


def job_zone_summary(zone: int | None, name: str = "") -> str:
    """'Job zone 4 of 5 — Considerable Preparation Needed' or '' when unknown."""
    if not zone:
        return ""
    return f"Job zone {zone} of 5" + (f" — {name}" if name else "")


def to_param(occupation_id: str) -> str:
    """A shorter, still unique, id for URLs: ESCO occupation URIs become their UUID."""
    if occupation_id.startswith(ESCO_OCCUPATION_PREFIX):
        tail = occupation_id[len(ESCO_OCCUPATION_PREFIX) :]
        if _UUID.match(tail):
            return tail
    return occupation_id


def from_param(value: str) -> str:
    """The occupation id (or title) a URL value stands for: inverse of :func:`to_param`."""
    value = (value or "").strip()
    if _UUID.match(value):
        return ESCO_OCCUPATION_PREFIX + value.lower()
    return value


@dataclass(frozen=True, slots=True)
class DaySlot:
    """One moment of the illustrative day."""

    time: str
    period: str
    title: str
    detail: str = ""


_DAY = (
    ("09:00", "Morning"),
    ("10:30", "Mid-morning"),
    ("12:00", "Midday"),
    ("14:00", "Afternoon"),
    ("15:30", "Late afternoon"),
    ("17:00", "Wrap-up"),
)


def key_skills(profile: OccupationProfile, limit: int | None = None) -> list[Requirement]:
    """The essential skills a reader should see first.

    O*NET rates importance, so the most important come first. ESCO does not: the first
    skill of each skill group (largest groups first), then the second of each, and so
    on, so the list spans the role's areas instead of repeating one.
    """
    sections = profile.essential_skills
    if profile.occupation.source == Source.ONET:
        items = sorted(
            (item for section in sections for item in section.items),
            key=lambda r: (-(r.importance or 0.0), r.label.lower()),
        )
    else:
        items = []
        depth = max((len(s.items) for s in sections), default=0)
        for level in range(depth):
            items.extend(s.items[level] for s in sections if len(s.items) > level)
    return items if limit is None else items[:limit]


def day_in_the_life(profile: OccupationProfile, slots: int = 6) -> tuple[list[DaySlot], str]:
    """An illustrative day: the role's O*NET tasks (core tasks first) or, without an
    O*NET match, its key essential skills, spread over a working day as the seed shows.

    Returns the slots and what they are drawn from ('tasks' or 'skills'; '' if neither).
    """
    times = _DAY[:slots]
    if profile.tasks:
        return [DaySlot(t, p, task) for (t, p), task in zip(times, profile.tasks)], "tasks"
    skills = key_skills(profile, len(times))
    if skills:
        return [DaySlot(t, p, r.label, r.description) for (t, p), r in zip(times, skills)], "skills"
    return [], ""


#: Streamlit's bundled Material Symbols font draws this offline; emoji need a system font.
HOT_ICON = ":material/local_fire_department:"


def technology_label(item: TechnologyItem) -> str:
    """The technology's name for Markdown (escaped), with a flame when O*NET flags it hot."""
    return f"{HOT_ICON} {md(item.label)}" if item.hot else md(item.label)


def join_labels(labels: Iterable[str], limit: int | None = None, *, escape: bool = True) -> str:
    """'a, b and c' (escaped for Markdown unless ``escape=False``)."""
    items = [md(x) if escape else x for x in labels]
    if limit is not None and len(items) > limit:
        rest = len(items) - limit
        items = [*items[:limit], f"{rest} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def requirement_labels(items: Sequence[Requirement]) -> list[str]:
    return [r.label for r in items]
