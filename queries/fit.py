"""The quick fit check: the person's interests (the six O*NET interest areas, RIASEC) set
against each role's O*NET interest profile, combined with skill coverage — every score
says which part comes from skills and which from interests.

Answers
-------
One answer per interest area (:data:`skillgraph.graph.model.INTEREST_AREAS`), on a 1–5 scale
(1 = not at all like me … 5 = very much like me) or as ``"dislike"`` / ``"neutral"`` /
``"like"`` (read as 1 / 3 / 5). Unanswered areas are left out; at least one is needed.

Interest part
-------------
A role's interest profile is O*NET's six occupational-interest scores (1–7). An O*NET
role has its own; an ESCO role takes the profile of its best crosswalk match (the O*NET
occupation its job zone comes from, else its highest-confidence SAME_AS match), as the
occupation profile does. Both scales are mapped to 0–1 (answer: (a − 1) / 4; score:
(s − 1) / 6) and

    interest_part = 1 − mean over answered areas of |answer − score|

so 1 means the role is strong exactly where the person's interests are and weak where
they are not. A role without interest data (no crosswalk match, or a match without
interest scores) has no interest part: it is marked, never guessed.

Skill part and the combination
------------------------------
``skill_part`` is coverage: the share of the role's essential requirements the skill set
brings, related skills counting partly (the one definition of :mod:`skillgraph.queries.credit`,
as :func:`skillgraph.queries.match_skills.match_skills` reports it). With both parts

    combined = skill_weight · skill_part + interest_weight · interest_part

with :data:`SKILL_WEIGHT` = 0.6 and :data:`INTEREST_WEIGHT` = 0.4 by default (skills
first: they are what an employer checks; interests say whether the work would suit).
Without a skill set the combined score is the interest part alone; for a role without
interest data there is no combined score — it is listed apart, by its skill part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import INTEREST_AREAS, Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.essentials import check_skill_ids, credit_vector, essential_matrix
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.search import check_occupation_ids

__all__ = [
    "AreaComparison",
    "RoleFit",
    "FitView",
    "normalise_answers",
    "interest_part",
    "holland_code",
    "role_interests",
    "role_fit",
    "fit_view",
    "SKILL_WEIGHT",
    "INTEREST_WEIGHT",
    "ANSWER_WORDS",
]

SKILL_WEIGHT = 0.6
INTEREST_WEIGHT = 0.4
#: Words accepted as answers, and the 1–5 value each stands for.
ANSWER_WORDS = {"dislike": 1, "neutral": 3, "like": 5}


@dataclass(frozen=True, slots=True)
class AreaComparison:
    """One interest area: the person's answer and the role's score."""

    area: str
    answer: int | None  # 1–5, None when not answered
    role_score: float | None  # O*NET 1–7, None without data

    @property
    def gap(self) -> float | None:
        """|answer − score| on the common 0–1 scale (None when either is missing)."""
        if self.answer is None or self.role_score is None:
            return None
        return abs((self.answer - 1) / 4 - (self.role_score - 1) / 6)


@dataclass(frozen=True)
class RoleFit:
    """How one role fits a person: the skill part, the interest part, and both together."""

    occupation: OccupationRef
    skill_part: float | None  # coverage 0–1; None when no skills were given
    matched: int  # essential requirements in the skill set
    essential_count: int
    interest_part: float | None  # 0–1; None when the role has no interest data
    interest_source: str  # O*NET code of the interest profile ('' when none)
    interest_source_label: str
    areas: tuple[AreaComparison, ...]
    combined: float | None  # None when the role has no interest data and skills were given
    weights: tuple[float, float]  # (skills, interests) as applied to this role

    @property
    def has_interest_data(self) -> bool:
        return self.interest_part is not None

    @property
    def role_code(self) -> str:
        """The role's Holland code (its three strongest areas), '' without data."""
        scores = tuple(a.role_score for a in self.areas)
        return holland_code(scores) if all(s is not None for s in scores) else ""


@dataclass(frozen=True)
class FitView:
    """Roles by combined fit; roles without interest data apart, by skills alone."""

    roles: tuple[RoleFit, ...]
    without_interest_data: tuple[RoleFit, ...]
    answers: tuple[tuple[str, int], ...]  # the normalised answers, in RIASEC order
    skill_weight: float
    interest_weight: float
    source: str
    considered: int  # roles scored
    lacking_interest_data: int  # of those, how many have no interest profile

    @property
    def person_code(self) -> str:
        """The person's Holland code: the (up to three) areas answered highest, at least 4."""
        ranked = sorted(((v, -INTEREST_AREAS.index(a), a) for a, v in self.answers if v >= 4), reverse=True)
        return "".join(a[0] for _, _, a in ranked[:3])


def normalise_answers(answers: Mapping[str, Any]) -> dict[str, int]:
    """Answers as ``{area: 1–5}`` in RIASEC order; words and case-insensitive area names accepted.

    Raises InvalidArgumentError naming the allowed areas and values.

    Examples
    --------
    >>> normalise_answers({"enterprising": "like", "Realistic": 2})
    {'Realistic': 2, 'Enterprising': 5}
    """
    if not isinstance(answers, Mapping):
        raise InvalidArgumentError("answers must map interest areas to 1–5 or like/neutral/dislike")
    by_name = {a.lower(): a for a in INTEREST_AREAS}
    out: dict[str, int] = {}
    for key, value in answers.items():
        area = by_name.get(str(key).strip().lower())
        if area is None:
            raise InvalidArgumentError(f"Unknown interest area {key!r}; use one of {', '.join(INTEREST_AREAS)}")
        if value is None:
            continue
        if isinstance(value, str):
            number = ANSWER_WORDS.get(value.strip().lower())
            if number is None:
                raise InvalidArgumentError(f"Answer {value!r} for {area} is not one of {', '.join(ANSWER_WORDS)} (or 1–5)")
        elif isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 1 <= int(value) <= 5:
            number = int(value)
        else:
            raise InvalidArgumentError(f"Answer {value!r} for {area} must be 1–5 or one of {', '.join(ANSWER_WORDS)}")
        out[area] = number
    return {a: out[a] for a in INTEREST_AREAS if a in out}


def interest_part(answers: Mapping[str, int], scores: Sequence[float]) -> float:
    """1 − mean |answer − score| over the answered areas, both on 0–1 (see the module docstring).

    ``answers`` as returned by :func:`normalise_answers`; ``scores`` the six O*NET
    scores in RIASEC order.

    Examples
    --------
    >>> round(interest_part({"Enterprising": 5, "Realistic": 1}, (1.0, 4, 4, 4, 7.0, 4)), 3)
    1.0
    """
    if len(scores) != len(INTEREST_AREAS):
        raise InvalidArgumentError(f"An interest profile has {len(INTEREST_AREAS)} scores, got {len(scores)}")
    if not answers:
        raise InvalidArgumentError("Answer at least one interest question")
    gaps = [abs((answers[a] - 1) / 4 - (scores[i] - 1) / 6) for i, a in enumerate(INTEREST_AREAS) if a in answers]
    return 1.0 - sum(gaps) / len(gaps)


def holland_code(scores: Sequence[float]) -> str:
    """The initials of the three highest of six RIASEC scores (ties in RIASEC order).

    Examples
    --------
    >>> holland_code((1.72, 3.68, 1.83, 2.66, 6.02, 5.29))
    'ECI'
    """
    ranked = sorted(range(len(INTEREST_AREAS)), key=lambda i: (-scores[i], i))
    return "".join(INTEREST_AREAS[i][0] for i in ranked[:3])


def role_interests(
    store: GraphStore, occupation_id: str, props: dict[str, Any] | None = None
) -> tuple[tuple[float, ...], str, str]:
    """(interest scores, O*NET code, O*NET title) of a role; ``((), '', '')`` without data.

    An ESCO role uses the O*NET occupation its job zone comes from, else its
    highest-confidence crosswalk match (as :func:`skillgraph.queries.profile.occupation_profile`).
    """
    props = props if props is not None else (store.node(occupation_id) or {})
    if props.get("source") == Source.ONET:
        scores = tuple(props.get("interests") or ())
        return (scores, occupation_id, props.get("label", "")) if len(scores) == len(INTEREST_AREAS) else ((), "", "")
    code = props.get("job_zone_source") or ""
    if not code:
        matches = store.onet_matches(occupation_id)
        code = matches[0]["id"] if matches else ""
    if not code:
        return (), "", ""
    details = store.node(code) or {}
    scores = tuple(details.get("interests") or ())
    if len(scores) != len(INTEREST_AREAS):
        return (), "", ""
    return scores, code, details.get("label", "")


def _areas(answers: Mapping[str, int], scores: Sequence[float]) -> tuple[AreaComparison, ...]:
    return tuple(
        AreaComparison(area, answers.get(area), float(scores[i]) if scores else None) for i, area in enumerate(INTEREST_AREAS)
    )


def _one_per_family(
    store: GraphStore, source: str, ranked: list[RoleFit], group: bool, other_fields_from: str | None
) -> list[RoleFit]:
    """``ranked`` with only the first role of each family (when ``group``) and only roles
    outside the family and minor group of ``other_fields_from`` (when given)."""
    if not group and other_fields_from is None:
        return ranked
    from skillgraph.queries.occupation_table import occupation_table

    table = occupation_table(store, source)
    outside = None
    if other_fields_from is not None:
        check_occupation_ids(store, [other_fields_from])
        origin = table.position.get(other_fields_from)
        outside = table.other_field(origin) if origin is not None else None
    out, families = [], set()
    for fit in ranked:
        at = table.position.get(fit.occupation.id)
        if at is None:
            continue
        if outside is not None and not outside[at]:
            continue
        family = int(table.family[at])
        if group and family in families:
            continue
        families.add(family)
        out.append(fit)
    return out


def _check_weights(skill_weight: float, interest_weight: float) -> None:
    for name, value in (("skill_weight", skill_weight), ("interest_weight", interest_weight)):
        if not isinstance(value, (int, float)) or value < 0:
            raise InvalidArgumentError(f"{name} must be a number ≥ 0, got {value!r}")
    if skill_weight + interest_weight <= 0:
        raise InvalidArgumentError("skill_weight and interest_weight cannot both be 0")


def _combine(skill: float | None, interest: float | None, sw: float, iw: float) -> tuple[float | None, tuple[float, float]]:
    if interest is None:
        return None, (1.0, 0.0) if skill is not None else (0.0, 0.0)
    if skill is None:
        return interest, (0.0, 1.0)
    total = sw + iw
    return (sw * skill + iw * interest) / total, (sw / total, iw / total)


def role_fit(
    store: GraphStore,
    occupation_id: str,
    answers: Mapping[str, Any],
    skill_ids: Sequence[str] = (),
    *,
    skill_weight: float = SKILL_WEIGHT,
    interest_weight: float = INTEREST_WEIGHT,
) -> RoleFit:
    """The fit of one role ("could ICT project manager fit you?").

    Raises UnknownOccupationError / UnknownSkillError for unknown ids and
    InvalidArgumentError for invalid answers or weights.
    """
    _check_weights(skill_weight, interest_weight)
    normal = normalise_answers(answers)
    if not normal:
        raise InvalidArgumentError("Answer at least one interest question")
    props = check_occupation_ids(store, [occupation_id])[occupation_id]
    ids = check_skill_ids(store, skill_ids, allow_empty=True)
    ref = OccupationRef.from_props(props)
    scores, code, title = role_interests(store, occupation_id, props)
    interest = interest_part(normal, scores) if scores else None
    skill = None
    matched = 0
    em = essential_matrix(store, ref.source)
    position = em.occupation_position.get(occupation_id)
    total = int(em.essential_counts[position]) if position is not None else 0
    if ids:
        matched = int(em.matched(ids)[position]) if position is not None else 0
        covered = float((em.matrix[position] @ credit_vector(store, em, ids))[0]) if position is not None else 0.0
        skill = covered / total if total else 0.0
    combined, weights = _combine(skill, interest, skill_weight, interest_weight)
    return RoleFit(ref, skill, matched, total, interest, code, title, _areas(normal, scores), combined, weights)


def fit_view(
    store: GraphStore,
    answers: Mapping[str, Any],
    skill_ids: Sequence[str] = (),
    *,
    limit: int = 20,
    source: str = Source.ESCO,
    skill_weight: float = SKILL_WEIGHT,
    interest_weight: float = INTEREST_WEIGHT,
    min_essential: int = 5,
    group_families: bool = True,
    other_fields_from: str | None = None,
) -> FitView:
    """Roles ranked by combined fit (see the module docstring), one per family of
    near-identical specialisations unless ``group_families`` is False.

    With ``skill_ids``, the roles considered are those sharing at least one essential
    requirement with the skill set; without, every role with an interest profile.
    Roles with fewer than ``min_essential`` essential requirements are left out when
    skills count (their coverage moves in big steps).

    Parameters
    ----------
    answers : mapping
        Interest area → 1–5 or like/neutral/dislike (at least one area).
    skill_ids : sequence of str, optional
    limit : int
        At most this many roles in each list (1–200).
    other_fields_from : str, optional
        Only roles outside this occupation's family and ISCO (SOC) minor group (moves into
        other fields, e.g. from the person's current role).

    Raises
    ------
    UnknownSkillError, UnknownOccupationError, InvalidArgumentError
    """
    if not isinstance(limit, int) or not 1 <= limit <= 200:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 200, got {limit!r}")
    if not isinstance(min_essential, int) or not 1 <= min_essential <= 50:
        raise InvalidArgumentError(f"min_essential must be an integer from 1 to 50, got {min_essential!r}")
    _check_weights(skill_weight, interest_weight)
    normal = normalise_answers(answers)
    if not normal:
        raise InvalidArgumentError("Answer at least one interest question")
    ids = check_skill_ids(store, skill_ids, allow_empty=True)
    em = essential_matrix(store, source)
    counts = em.essential_counts
    if ids:
        matched = em.matched(ids)
        covered = em.matrix @ credit_vector(store, em, ids)
        considered = np.flatnonzero((covered > 0) & (counts >= min_essential))
    else:
        matched = np.zeros(len(em.occupation_ids), dtype=np.int64)
        covered = np.zeros(len(em.occupation_ids))
        considered = np.arange(len(em.occupation_ids))
    occupation_ids = [em.occupation_ids[i] for i in considered]
    props = store.nodes(occupation_ids)
    scored: list[RoleFit] = []
    apart: list[RoleFit] = []
    for i, occupation_id in zip(considered, occupation_ids, strict=True):
        scores, code, title = role_interests(store, occupation_id, props[occupation_id])
        interest = interest_part(normal, scores) if scores else None
        total = int(counts[i])
        skill = (float(covered[i]) / total if total else 0.0) if ids else None
        combined, weights = _combine(skill, interest, skill_weight, interest_weight)
        fit = RoleFit(
            OccupationRef.from_props(props[occupation_id]),
            skill,
            int(matched[i]),
            total,
            interest,
            code,
            title,
            _areas(normal, scores),
            combined,
            weights,
        )
        (scored if interest is not None else apart).append(fit)
    scored.sort(
        key=lambda f: (-round(f.combined or 0.0, 12), -(f.skill_part or 0.0), f.occupation.label.lower(), f.occupation.id)
    )
    apart.sort(key=lambda f: (-(f.skill_part or 0.0), f.occupation.label.lower(), f.occupation.id))
    scored = _one_per_family(store, source, scored, group_families, other_fields_from)
    apart = _one_per_family(store, source, apart, group_families, other_fields_from)
    return FitView(
        roles=tuple(scored[:limit]),
        without_interest_data=tuple(apart[:limit]) if ids else (),
        answers=tuple(normal.items()),
        skill_weight=float(skill_weight),
        interest_weight=float(interest_weight),
        source=str(source),
        considered=len(occupation_ids),
        lacking_interest_data=len(apart),
    )
