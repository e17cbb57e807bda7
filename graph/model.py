"""The graph model: node and edge kinds, and the frozen records that describe nodes.

One vocabulary everywhere: node labels are PascalCase (``Occupation``), relationship
types UPPER_SNAKE (``REQUIRES``), property keys snake_case. The same names are used
as the ``kind`` attribute in the memory store, as labels and types in Neo4j, and as
field names of the records below. Ids are source URIs or codes, never database ids.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

__all__ = [
    "NodeKind",
    "EdgeKind",
    "Source",
    "Relation",
    "ReuseLevel",
    "Occupation",
    "Concept",
    "SkillGroup",
    "Technology",
    "IscoGroup",
    "INTEREST_AREAS",
    "JOB_ZONE_NAMES",
    "isco_skill_level",
]


class NodeKind(enum.StrEnum):
    """Node labels."""

    OCCUPATION = "Occupation"
    SKILL = "Skill"
    KNOWLEDGE = "Knowledge"
    SKILL_GROUP = "SkillGroup"
    TECHNOLOGY = "Technology"
    ISCO_GROUP = "IscoGroup"


class EdgeKind(enum.StrEnum):
    """Relationship types.

    REQUIRES {relation, importance, level}  occupation → skill/knowledge
    USES {hot, in_demand}                   occupation → technology
    IN_GROUP                                skill → skill group, occupation → ISCO group
    BROADER                                 narrower → broader, inside each hierarchy
    SAME_AS {confidence, inherited}         ESCO occupation → O*NET occupation
    SIMILAR_TO {score, coverage, rank, …}   materialised top-k similar roles
    RELATED {relation}                      skill → skill/knowledge (ESCO skillSkillRelations)
    """

    REQUIRES = "REQUIRES"
    USES = "USES"
    IN_GROUP = "IN_GROUP"
    BROADER = "BROADER"
    SAME_AS = "SAME_AS"
    SIMILAR_TO = "SIMILAR_TO"
    RELATED = "RELATED"


class Source(enum.StrEnum):
    """Which taxonomy a node comes from."""

    ESCO = "ESCO"
    ONET = "O*NET"


class Relation(enum.StrEnum):
    """How strongly an occupation requires a skill (ESCO's relationType)."""

    ESSENTIAL = "essential"
    OPTIONAL = "optional"


class ReuseLevel(enum.StrEnum):
    """ESCO's reuse level of a skill, from the most to the least transferable."""

    TRANSVERSAL = "transversal"
    CROSS_SECTOR = "cross-sector"
    SECTOR_SPECIFIC = "sector-specific"
    OCCUPATION_SPECIFIC = "occupation-specific"


#: The six O*NET interest areas (RIASEC), in O*NET's order.
INTEREST_AREAS: tuple[str, ...] = (
    "Realistic",
    "Investigative",
    "Artistic",
    "Social",
    "Enterprising",
    "Conventional",
)

#: O*NET job zone names (Job Zone Reference.txt), used when the file is absent.
JOB_ZONE_NAMES: dict[int, str] = {
    1: "Little or No Preparation Needed",
    2: "Some Preparation Needed",
    3: "Medium Preparation Needed",
    4: "Considerable Preparation Needed",
    5: "Extensive Preparation Needed",
}

# ISCO-08 maps each major group to one of four skill levels; armed forces (0) span
# several, so they get none rather than a made-up one.
_ISCO_SKILL_LEVEL = {"1": 4, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1}


def isco_skill_level(isco_code: str | None) -> int | None:
    """ISCO-08 skill level (1–4) of an ISCO code, from its major group.

    Examples
    --------
    >>> isco_skill_level("2512"), isco_skill_level("9112"), isco_skill_level("0110")
    (4, 1, None)
    """
    if not isco_code:
        return None
    return _ISCO_SKILL_LEVEL.get(isco_code[0])


class _Record:
    """Mixin: build a record from a property mapping, ignoring unknown keys."""

    kind: ClassVar[NodeKind]

    @classmethod
    def from_props(cls, props: dict[str, Any]):
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        values = {}
        for name in names:
            if name in props:
                value = props[name]
                # Neo4j returns lists where the memory store keeps tuples.
                values[name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)

    def to_props(self) -> dict[str, Any]:
        """Properties as stored on the node: tuples kept as tuples, enum members as their
        plain values (a pickled enum would tie snapshots to the code and load slower)."""
        out = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = value.value if isinstance(value, enum.Enum) else value
        return out


@dataclass(frozen=True, slots=True)
class Occupation(_Record):
    """An ESCO occupation (id = concept URI) or an O*NET-SOC occupation (id = code)."""

    kind: ClassVar[NodeKind] = NodeKind.OCCUPATION

    id: str
    label: str
    source: str
    description: str = ""
    alt_labels: tuple[str, ...] = ()
    code: str = ""  # ESCO occupation code (2654.1.7) or the O*NET-SOC code
    isco_code: str = ""  # ISCO-08 unit group (4 digits) for ESCO occupations
    job_zone: int | None = None  # O*NET job zone, through the crosswalk for ESCO
    job_zone_source: str = ""  # O*NET code the job zone came from
    education: str = ""  # most common required level of education (O*NET)
    education_share: float | None = None  # share of respondents with that level, 0–100
    interests: tuple[float, ...] = ()  # RIASEC scores 1–7, in INTEREST_AREAS order
    tasks: tuple[str, ...] = ()  # O*NET task statements, core ones first
    essential_count: int = 0  # number of essential requirements (coverage denominators)
    family_id: str = ""  # the representative of its family of near-identical specialisations


@dataclass(frozen=True, slots=True)
class Concept(_Record):
    """A skill/competence or knowledge concept (ESCO URI, or ``onet:<element id>``)."""

    kind: ClassVar[NodeKind] = NodeKind.SKILL

    id: str
    label: str
    source: str
    node_kind: str = NodeKind.SKILL.value  # Skill or Knowledge
    skill_type: str = ""  # ESCO skillType: skill/competence, knowledge or ''
    reuse_level: str = ""
    description: str = ""
    alt_labels: tuple[str, ...] = ()
    group_id: str = ""  # nearest skill group (the seed's grouping)
    group_path: tuple[str, ...] = ()  # skill group ids from the top level down to group_id


@dataclass(frozen=True, slots=True)
class SkillGroup(_Record):
    """A group of the ESCO skills hierarchy (or an O*NET content-model category)."""

    kind: ClassVar[NodeKind] = NodeKind.SKILL_GROUP

    id: str
    label: str
    source: str
    code: str = ""
    level: int | None = None  # 0 = top of the hierarchy
    description: str = ""


@dataclass(frozen=True, slots=True)
class Technology(_Record):
    """An O*NET technology (software) or tool example."""

    kind: ClassVar[NodeKind] = NodeKind.TECHNOLOGY

    id: str
    label: str
    source: str
    category: str = "software"  # software | tool
    commodity_code: str = ""
    commodity_title: str = ""
    hot: bool = False


@dataclass(frozen=True, slots=True)
class IscoGroup(_Record):
    """An ISCO-08 group (major, sub-major, minor or unit group)."""

    kind: ClassVar[NodeKind] = NodeKind.ISCO_GROUP

    id: str
    label: str
    source: str
    code: str = ""
    description: str = ""
    level: int = field(default=0)  # number of digits in the code: 1–4
