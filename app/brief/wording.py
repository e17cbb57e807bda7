"""Wording every renderer of the brief shares: dates, percentages, role facts, closeness,
fit and path lines, interest codes, the glossary."""

from __future__ import annotations

import datetime as dt

from skillgraph.app.brief.data import Brief, BriefRole
from skillgraph.app.views.wording import (
    code_aside,
    coverage_sentence,
    interest_code_words,
    interest_sentence,
    job_zone_words,
)
from skillgraph.graph.model import INTEREST_AREAS, Source
from skillgraph.queries.explain import OccupationRef

__all__ = [
    "ANSWER_LABELS",
    "AREA_HINTS",
    "GLOSSARY",
    "format_date",
    "pct",
    "role_facts",
    "closeness",
    "fit_line",
    "path_lines",
    "code_words",
    "versions_line",
    "role_line",
    "coverage_line",
    "coverage_brief",
    "interest_line",
    "interests_summary",
    "path_summary",
    "cut",
    "STEP_LABELS",
]

#: How each kind of suggested step is named in the brief.
STEP_LABELS = {"course": "Course", "on-the-job": "On the job", "certificate": "Certificate", "evidence": "Show it"}

#: What each 1–5 interest answer means.
ANSWER_LABELS = {1: "not at all", 2: "a little", 3: "somewhat", 4: "quite a lot", 5: "very much"}

#: One line on what each interest area is about (O*NET's descriptions, shortened).
AREA_HINTS = {
    "Realistic": "hands-on work with tools, machines, plants or animals",
    "Investigative": "ideas, analysis and solving problems",
    "Artistic": "creating, designing, self-expression",
    "Social": "helping, teaching and caring for people",
    "Enterprising": "leading, persuading, starting up projects",
    "Conventional": "procedures, data, order and detail",
}


def format_date(stamp: str) -> str:
    """An ISO time stamp as "01 December 2026" (the stamp itself when it is not one)."""
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%d %B %Y")
    except (TypeError, ValueError):
        return stamp or "–"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def role_facts(ref: OccupationRef) -> str:
    """'ESCO 1330.7 · ISCO 1330 · job zone 4' (no ids: they are web addresses)."""
    parts = [ref.source]
    if ref.source == Source.ESCO:
        if ref.code:
            parts[0] += f" {ref.code}"
        if ref.isco_code:
            parts.append(f"ISCO {ref.isco_code}")
    elif ref.code:
        parts[0] += f" {ref.code}"
    if ref.job_zone:
        parts.append(f"job zone {ref.job_zone}")
    return " · ".join(parts)


def closeness(role: BriefRole) -> str:
    """How the role relates to the current one, in words."""
    if role.similarity is not None:
        verdict = "a realistic move" if role.viable else "a big jump"
        return f"{pct(role.similarity)} similar to the current role: {verdict}"
    if role.steps:
        return f"further from the current role: reachable in {role.steps} realistic moves"
    return "further from the current role: no route of realistic moves found"


def cut(text: str, limit: int = 160) -> str:
    """``text`` at most ``limit`` characters, cut at a word with "…" (labels in the PDF)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head[limit // 2 :] else head) + "…"


def role_line(ref: OccupationRef) -> str:
    """The title's quiet companion: taxonomy and code, then the preparation in words."""
    parts = [code_aside(ref.source, ref.code, ref.isco_code)]
    if ref.job_zone:
        parts.append(job_zone_words(ref.job_zone))
    return " · ".join(parts)


def coverage_line(role: BriefRole, who: str = "The client") -> str:
    related = sum(1 for g in role.gaps if g.related)
    return coverage_sentence(len(role.shared), role.essential_count, role.occupation.label, who=who, related=related)


def coverage_brief(role: BriefRole) -> str:
    """'has 9 of its 15 essential skills' (the shortlist at a glance)."""
    if not role.essential_count:
        return "lists no essential skills"
    return f"has {len(role.shared)} of its {role.essential_count} essential skills"


def interest_line(role: BriefRole) -> str:
    if role.interest_part is not None:
        return interest_sentence(role.interest_part, role.occupation.label, role.interest_source)
    if role.interest_source or role.role_code:
        return "No interest answers were saved to compare with this role."
    return "There is no O*NET interest profile for this role."


def interests_summary(brief: Brief) -> str:
    """'Enterprising: very much · Social: quite a lot · …' (strongest first)."""
    ranked = sorted(brief.interests, key=lambda t: (-t[1], INTEREST_AREAS.index(t[0])))
    return " · ".join(f"{area}: {ANSWER_LABELS[value]}" for area, value in ranked)


def path_summary(role: BriefRole) -> list[str]:
    """One line per route: the roles on the way and what there is to learn."""
    out = []
    for path in role.paths:
        names = " → ".join(o.label for o in path.occupations)
        learn = sum(len(s.to_acquire) for s in path.steps)
        moves = len(path.steps)
        out.append(
            f"{names} ({moves} move{'s' if moves != 1 else ''}, {learn} essential skill{'s' if learn != 1 else ''} to learn on the way)"
        )
    return out


def fit_line(role: BriefRole) -> str:
    parts = [
        f"has {pct(role.coverage)} of its skills ({len(role.shared)} of {role.essential_count} essential skills and knowledge)"
    ]
    if role.interest_part is not None:
        code = f", role's interest code {role.role_code}" if role.role_code else ""
        parts.append(f"interest match {pct(role.interest_part)} (O*NET profile of {role.interest_source}{code})")
    elif role.interest_source or role.role_code:
        parts.append("interests: no answers saved")
    else:
        parts.append("interests: no O*NET interest data for this role")
    return "; ".join(parts)


def path_lines(role: BriefRole) -> list[tuple[str, list[str]]]:
    """(headline, step lines) of each path."""
    out = []
    for n, path in enumerate(role.paths, start=1):
        names = " → ".join(o.label for o in path.occupations)
        head = f"Path {n} ({len(path.steps)} step{'s' if len(path.steps) != 1 else ''}): {names}"
        steps = [
            f"{s.origin.label} → {s.target.label}: {pct(s.score)} similar, {len(s.to_acquire)} essential skill"
            f"{'s' if len(s.to_acquire) != 1 else ''} to acquire"
            for s in path.steps
        ]
        out.append((head, steps))
    return out


def code_words(code: str) -> str:
    """'EIC' → 'Enterprising, Investigative and Conventional' (the O*NET interest areas)."""
    return interest_code_words(code)


def versions_line(brief: Brief) -> str:
    return "; ".join(f"{k} {v}" for k, v in brief.versions)


GLOSSARY = (
    ("What carries over", "essential skills and knowledge of the role that the client already has — why the role fits."),
    (
        "Gaps",
        "essential skills of the role the client does not have yet, the ones that matter most first; “probably covered” "
        "ones sit next to a skill the client has. Suggested steps are marked: the counsellor confirms or replaces them.",
    ),
    (
        "Similar",
        "how alike two roles' skill sets are (0–100 %); a move counts as realistic from the level at which roles of one "
        "occupation group are usually alike.",
    ),
    ("Route", "a chain of realistic moves from the current role, the one with the least to learn first."),
    (
        "Interests",
        "the client's answers (1–5) set against O*NET's interest profile of the role: 100 % = the role is strong exactly "
        "where the client's interests are.",
    ),
)
