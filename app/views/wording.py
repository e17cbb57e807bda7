"""Plain words for the numbers a client sees — one place, so that every page, the fit
check and the brief say the same thing, and so the sentences can follow the engine's
definitions when they change (coverage with partial credit, occupation families).

Today's definitions (:mod:`skillgraph.queries.explain`): *coverage* is the share of a role's
essential skills and knowledge the client has; *related* (near matches) are missing
essential skills next to one the client has; *similarity* is how alike two roles' skill
sets are, and a move is *realistic* from the calibrated threshold up.

Nothing here imports Streamlit; texts are plain (escape them before Markdown).

>>> coverage_sentence(9, 15, "HR officer")
'The client already has 9 of the 15 essential skills of HR officer.'
>>> interest_code_words("ESC")
'Enterprising, Social and Conventional'
>>> similarity_sentence(0.31, "shop manager", "HR officer", threshold=0.14)
'Shop manager and HR officer have much in common (31 % similar): a realistic move.'
"""

from __future__ import annotations

from skillgraph.graph.model import INTEREST_AREAS

__all__ = [
    "coverage_sentence",
    "coverage_short",
    "similarity_sentence",
    "similarity_unknown_sentence",
    "interest_code_words",
    "interest_sentence",
    "fit_sentence",
    "job_zone_words",
    "code_aside",
    "realistic_words",
    "STEP_KINDS",
]

#: The kinds of step a gap's suggested action names (shown in the brief and on the page).
STEP_KINDS = {
    "course": "Course",
    "on-the-job": "On the job",
    "certificate": "Certificate",
    "evidence": "Show it",
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def coverage_sentence(held: int, total: int, role: str, *, who: str = "The client", related: int = 0) -> str:
    """'The client already has 9 of the 15 essential skills of HR officer.' — with
    ``related``, how many of the others sit next to a skill the client has (they count
    partly towards the share the app shows)."""
    if total <= 0:
        return f"{_cap(role)} lists no essential skills, so there is nothing to compare."
    more = ""
    if related > 0:
        more = f", and related skills for {related} more" if held else f", but related skills for {related} of them"
    if held <= 0:
        return f"{who} has none of the {total} essential skills of {role} yet{more}."
    if held >= total:
        return f"{who} already has all {total} essential skills of {role}."
    return f"{who} already has {held} of the {total} essential skills of {role}{more}."


def coverage_short(held: int, total: int) -> str:
    """'9 of 15 essential skills' (for table cells and headings)."""
    return f"{held} of {total} essential skills" if total else "no essential skills listed"


def realistic_words(score: float, threshold: float) -> str:
    """How big a move is, in words."""
    if score >= max(0.5, 2 * threshold):
        return "a close move"
    if score >= threshold:
        return "a realistic move"
    return "a big jump"


def similarity_sentence(score: float, a: str, b: str, *, threshold: float) -> str:
    """How alike two roles are, in a sentence with the number in brackets."""
    pct = f"{score * 100:.0f} %"
    verdict = realistic_words(score, threshold)
    if score >= threshold:
        return f"{_cap(a)} and {b} have much in common ({pct} similar): {verdict}."
    return (
        f"{_cap(a)} and {b} have little in common ({pct} similar): {verdict} — "
        f"moves count as realistic from {threshold * 100:.0f} %, how alike roles of one occupation group usually are."
    )


def similarity_unknown_sentence(a: str, b: str, *, listed: int = 30) -> str:
    """When ``b`` is not among the roles most like ``a`` (no score is kept for the pair)."""
    return (
        f"{_cap(b)} is not among the {listed} roles most like {a}: their skill sets are further apart than those — "
        "a big jump, best reached through a role in between (see Pathways)."
    )


def interest_code_words(code: str) -> str:
    """'ESC' → 'Enterprising, Social and Conventional' (the O*NET interest areas)."""
    names = {a[0]: a for a in INTEREST_AREAS}
    words = [names[c] for c in code if c in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def interest_sentence(part: float | None, role: str, source: str = "") -> str:
    """How well the client's interest answers match a role's O*NET interest profile."""
    if part is None:
        return f"There is no interest profile for {role} to compare the answers with."
    strength = "well" if part >= 0.7 else ("partly" if part >= 0.45 else "little")
    basis = f" (O*NET profile of {source})" if source and source != role else ""
    return f"The client's interests match what {role} involves {strength}: {part * 100:.0f} %{basis}."


def fit_sentence(skill_part: float | None, interest_part: float | None, combined: float | None) -> str:
    """What the combined fit is made of."""
    if combined is None:
        return "Only the skills can be compared for this role."
    if skill_part is None:
        return f"Fit {combined * 100:.0f} %, from the interests alone (no skill profile included)."
    if interest_part is None:
        return f"Fit {combined * 100:.0f} %, from the skills alone (no interest profile for this role)."
    return (
        f"Fit {combined * 100:.0f} %: {skill_part * 100:.0f} % from skills and {interest_part * 100:.0f} % from interests, "
        "weighted 60 : 40."
    )


_ZONE_WORDS = {
    1: "little or no preparation",
    2: "some preparation",
    3: "medium preparation",
    4: "considerable preparation",
    5: "extensive preparation",
}


def job_zone_words(zone: int | None) -> str:
    """'medium preparation (O*NET job zone 3 of 5)'; '' when not rated."""
    if not zone:
        return ""
    return f"{_ZONE_WORDS.get(zone, 'preparation')} (O*NET job zone {zone} of 5)"


def code_aside(source: str, code: str = "", isco_code: str = "") -> str:
    """Taxonomy codes as a quiet aside after a title: 'ESCO · ISCO-08 1420'."""
    if source == "O*NET":
        return f"O*NET-SOC {code}" if code else "O*NET"
    return f"ESCO · ISCO-08 {isco_code}" if isco_code else "ESCO"
