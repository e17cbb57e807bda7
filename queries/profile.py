"""Everything about one occupation, arranged like the seed profile.

Sections (how requirements are sorted into them):

* **essential skills**, grouped by skill group: essential skill/competence concepts
  (ESCO) or O*NET skill elements with importance ≥ 3, except transversal ones;
* **optional skills**: the optional ones of the same kind;
* **knowledge areas**: knowledge concepts whose reuse level is sector- or
  occupation-specific (ESCO) or O*NET knowledge elements; essential first;
* **cross-sector and transversal**: ESCO knowledge that is cross-sector or transversal,
  and transversal skills ("quality standards" for an ICT project manager);
* **software and technologies** and **tools** from O*NET (for an ESCO occupation through
  the crosswalk), hot technologies first;
* job zone, typical education, tasks ("a day in the life") and interests, for an ESCO
  occupation taken from its best-matching O*NET occupation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skillgraph.graph.model import JOB_ZONE_NAMES, NodeKind, Occupation, Source, isco_skill_level
from skillgraph.graph.store import GraphStore
from skillgraph.queries.search import check_occupation_ids

__all__ = [
    "Requirement",
    "SkillGroupSection",
    "TechnologyItem",
    "RelatedOccupation",
    "OccupationProfile",
    "occupation_profile",
    "group_requirements",
]

_GENERIC_REUSE = {"cross-sector", "transversal"}


@dataclass(frozen=True, slots=True)
class Requirement:
    """A skill or knowledge concept an occupation requires."""

    id: str
    label: str
    kind: str  # Skill | Knowledge
    relation: str  # essential | optional
    reuse_level: str = ""
    skill_type: str = ""
    description: str = ""
    group_id: str = ""
    group_label: str = ""
    importance: float | None = None  # O*NET importance, 1–5
    level: float | None = None  # O*NET level, 0–7

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Requirement:
        return cls(
            id=row["id"],
            label=row["label"],
            kind=row["kind"],
            relation=row["relation"],
            reuse_level=row.get("reuse_level") or "",
            skill_type=row.get("skill_type") or "",
            description=row.get("description") or "",
            group_id=row.get("group_id") or "",
            group_label=row.get("group_label") or "",
            importance=row.get("importance"),
            level=row.get("level"),
        )


@dataclass(frozen=True, slots=True)
class SkillGroupSection:
    """Requirements that share a skill group, as the seed lists them."""

    group_id: str
    group_label: str
    items: tuple[Requirement, ...]


@dataclass(frozen=True, slots=True)
class TechnologyItem:
    """A technology or tool example of an occupation."""

    id: str
    label: str
    category: str  # software | tool
    commodity_title: str
    hot: bool
    in_demand: bool
    via: str  # O*NET code it comes from


@dataclass(frozen=True, slots=True)
class RelatedOccupation:
    """An occupation linked to this one (hierarchy or crosswalk)."""

    id: str
    label: str
    code: str = ""
    source: str = ""
    confidence: float | None = None
    inherited: bool = False


@dataclass(frozen=True)
class OccupationProfile:
    """The profile of one occupation (see the module docstring for the sections)."""

    occupation: Occupation
    essential_skills: tuple[SkillGroupSection, ...]
    optional_skills: tuple[Requirement, ...]
    knowledge: tuple[Requirement, ...]
    cross_sector: tuple[Requirement, ...]
    technologies: tuple[TechnologyItem, ...]
    tools: tuple[TechnologyItem, ...]
    isco_groups: tuple[RelatedOccupation, ...]  # unit group first, up to the major group
    broader: tuple[RelatedOccupation, ...]
    narrower: tuple[RelatedOccupation, ...]
    crosswalk: tuple[RelatedOccupation, ...]  # O*NET matches of an ESCO role, or the reverse
    job_zone: int | None
    job_zone_name: str
    isco_skill_level: int | None
    education: str
    education_share: float | None
    tasks: tuple[str, ...]
    tasks_source: str  # O*NET code the tasks come from ('' if none)
    interests: tuple[float, ...]
    details_source: str  # O*NET occupation that job zone / education / tasks come from

    @property
    def essential_count(self) -> int:
        """Essential skills and knowledge, all sections together."""
        skills = sum(len(s.items) for s in self.essential_skills)
        others = sum(1 for r in (*self.knowledge, *self.cross_sector) if r.relation == "essential")
        return skills + others

    @property
    def hot_technologies(self) -> tuple[TechnologyItem, ...]:
        return tuple(t for t in self.technologies if t.hot)


def group_requirements(items: Sequence[Requirement]) -> tuple[SkillGroupSection, ...]:
    """Requirements grouped by skill group: larger groups first, then by group label."""
    groups: dict[str, list[Requirement]] = {}
    labels: dict[str, str] = {}
    for item in items:
        groups.setdefault(item.group_id, []).append(item)
        labels[item.group_id] = item.group_label or "other"
    ordered = sorted(groups, key=lambda g: (-len(groups[g]), labels[g].lower(), g))
    return tuple(SkillGroupSection(g, labels[g], tuple(groups[g])) for g in ordered)


def _split(rows: Sequence[dict[str, Any]], source: str):
    essential: list[Requirement] = []
    optional: list[Requirement] = []
    knowledge: list[Requirement] = []
    cross: list[Requirement] = []
    for row in rows:
        item = Requirement.from_row(row)
        is_knowledge = item.kind == NodeKind.KNOWLEDGE
        if source == Source.ESCO and ((is_knowledge and item.reuse_level in _GENERIC_REUSE) or item.reuse_level == "transversal"):
            cross.append(item)
        elif is_knowledge:
            knowledge.append(item)
        elif item.relation == "essential":
            essential.append(item)
        else:
            optional.append(item)
    return essential, optional, knowledge, cross


def occupation_profile(store: GraphStore, occupation_id: str) -> OccupationProfile:
    """The profile of ``occupation_id`` (an ESCO URI or an O*NET-SOC code).

    Raises UnknownOccupationError (with close titles) for an unknown id.

    Examples
    --------
    >>> p = occupation_profile(store, ict_project_manager_uri)  # doctest: +SKIP
    >>> [s.group_label for s in p.essential_skills][:1]  # doctest: +SKIP
    ['directing, supervising and coordinating projects']
    """
    props = check_occupation_ids(store, [occupation_id])[occupation_id]
    occupation = Occupation.from_props(props)
    rows = store.requirements([occupation_id]).get(occupation_id, [])
    essential, optional, knowledge, cross = _split(rows, occupation.source)

    techs = [TechnologyItem(**row) for row in store.technologies(occupation_id)]
    matches = store.onet_matches(occupation_id)
    crosswalk = tuple(
        RelatedOccupation(
            m["id"], m["label"], m["id"] if m["source"] == Source.ONET else "", m["source"], m["confidence"], m["inherited"]
        )
        for m in matches
    )
    hierarchy = store.hierarchy(occupation_id)

    details = props
    details_source = occupation_id if occupation.source == Source.ONET else ""
    if occupation.source == Source.ESCO and matches:
        # The O*NET occupation that gave the job zone, else the best match.
        preferred = props.get("job_zone_source") or matches[0]["id"]
        details = store.node(preferred) or {}
        details_source = preferred
    zone = props.get("job_zone")
    return OccupationProfile(
        occupation=occupation,
        essential_skills=group_requirements(essential),
        optional_skills=tuple(optional),
        knowledge=tuple(knowledge),
        cross_sector=tuple(cross),
        technologies=tuple(t for t in techs if t.category != "tool"),
        tools=tuple(t for t in techs if t.category == "tool"),
        isco_groups=tuple(RelatedOccupation(r["id"], r["label"], r["code"]) for r in hierarchy["isco"]),
        broader=tuple(RelatedOccupation(r["id"], r["label"], r["code"]) for r in hierarchy["broader"]),
        narrower=tuple(RelatedOccupation(r["id"], r["label"], r["code"]) for r in hierarchy["narrower"]),
        crosswalk=crosswalk,
        job_zone=zone,
        job_zone_name=JOB_ZONE_NAMES.get(zone, "") if zone else "",
        isco_skill_level=isco_skill_level(occupation.isco_code),
        education=details.get("education", "") or "",
        education_share=details.get("education_share"),
        tasks=tuple(details.get("tasks", ()) or ()),
        tasks_source=details_source if details.get("tasks") else "",
        interests=tuple(details.get("interests", ()) or ()),
        details_source=details_source,
    )
