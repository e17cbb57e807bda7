"""Wording every renderer of the brief shares: dates, percentages, role facts, closeness,
fit and path lines, interest codes, the glossary."""

from __future__ import annotations

import datetime as dt

from skillgraph.app.brief.data import Brief, BriefRole
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
]

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
        verdict = "a realistic move" if role.viable else "below the viability threshold"
        return f"{pct(role.similarity)} similar to the current role ({verdict})"
    if role.steps:
        return f"not among the current role's closest roles; reachable in {role.steps} viable steps"
    return "not among the current role's closest roles; no viable path found"


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
    """'EIC' → 'EIC (Enterprising, Investigative, Conventional)'."""
    names = {a[0]: a for a in INTEREST_AREAS}
    return f"{code} ({', '.join(names[c] for c in code)})" if code else ""


def versions_line(brief: Brief) -> str:
    return "; ".join(f"{k} {v}" for k, v in brief.versions)


GLOSSARY = (
    ("Shared skills", "essential skills and knowledge of the role that the client already has — the reasons the role fits."),
    (
        "Gaps",
        "essential skills and knowledge of the role the client does not have yet; “related” ones sit next to a skill the client has.",
    ),
    ("Similarity", "how alike the two roles' skill sets are (0–100 %); a move is realistic above the calibrated threshold."),
    (
        "Pathway",
        "a chain of realistic moves from the current role, the one with the least to learn first; each step counts the essential skills of the next role that the role before it does not list.",
    ),
    (
        "Interests",
        "the client's answers (1–5) set against O*NET's interest profile of the role: 100 % = the role is strong exactly where the client's interests are.",
    ),
)
