"""Why two roles are (not) alike: the requirement-level comparison behind every score.

Direction matters: ``compare(origin → target)`` asks what the person in *origin*
already brings to *target*. Definitions (the engine's coverage uses the same ones):

* *has*: for an ESCO origin, every concept it lists (essential or optional); for an
  O*NET origin, the elements it rates important (importance ≥ 3);
* **shared essential**: the target's essential requirements the origin has;
* **shared optional**: the target's optional requirements the origin has (ESCO only);
* **near match**: a missing essential requirement for which the origin has a related
  concept (same skill group, or one broader/narrower step; for O*NET the origin rates
  the element just below important, ≥ 2.5);
* **missing essential**: the target's essential requirements the origin does not have
  (near matches included; ``gaps`` leaves them out);
* **coverage** = shared essential / target's essential.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import NodeKind, Occupation, Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.profile import Requirement, SkillGroupSection, group_requirements

__all__ = [
    "NearMatch",
    "Comparison",
    "OccupationRef",
    "comparable_pair",
    "compare",
    "compare_rows",
    "related_for",
    "NEAR_IMPORTANCE",
]

#: An O*NET element rated this important by the origin counts as a near match.
NEAR_IMPORTANCE = 2.5


@dataclass(frozen=True, slots=True)
class OccupationRef:
    """The few facts a list of roles shows about each one."""

    id: str
    label: str
    source: str
    code: str = ""
    isco_code: str = ""
    job_zone: int | None = None
    essential_count: int = 0

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> OccupationRef:
        o = Occupation.from_props(props)
        return cls(o.id, o.label, o.source, o.code, o.isco_code, o.job_zone, o.essential_count)


@dataclass(frozen=True, slots=True)
class NearMatch:
    """A missing requirement partly covered by related concepts the origin has."""

    requirement: Requirement
    related: tuple[str, ...]  # labels of the origin's related concepts


@dataclass(frozen=True)
class Comparison:
    """The requirement-level comparison of origin → target."""

    shared_essential: tuple[Requirement, ...]
    shared_optional: tuple[Requirement, ...]
    near_matches: tuple[NearMatch, ...]
    missing_essential: tuple[Requirement, ...]
    target_essential_count: int

    @property
    def coverage(self) -> float | None:
        """Share of the target's essential requirements the origin has (None if it has none)."""
        if not self.target_essential_count:
            return None
        return len(self.shared_essential) / self.target_essential_count

    @property
    def gaps(self) -> tuple[Requirement, ...]:
        """Missing essential requirements without even a near match."""
        near = {n.requirement.id for n in self.near_matches}
        return tuple(r for r in self.missing_essential if r.id not in near)

    @property
    def gaps_by_group(self) -> tuple[SkillGroupSection, ...]:
        return group_requirements(self.missing_essential)


def comparable_pair(store: GraphStore, a_id: str, b_id: str) -> tuple[OccupationRef, OccupationRef]:
    """Both occupations, checked to exist (UnknownOccupationError with close titles), to be
    different, and to belong to the same taxonomy (InvalidArgumentError otherwise)."""
    from skillgraph.queries.search import check_occupation_ids

    props = check_occupation_ids(store, [a_id, b_id])
    a, b = OccupationRef.from_props(props[a_id]), OccupationRef.from_props(props[b_id])
    if a_id == b_id:
        raise InvalidArgumentError("Choose two different occupations to compare")
    if a.source != b.source:
        raise InvalidArgumentError(
            f"{a.label} is an {a.source} occupation and {b.label} an {b.source} one; "
            "compare occupations of the same taxonomy (a profile shows each role's match in the other)"
        )
    return a, b


def _has(rows: Sequence[dict[str, Any]], source: str) -> dict[str, dict[str, Any]]:
    if source == Source.ONET:
        return {r["id"]: r for r in rows if r["relation"] == "essential"}
    return {r["id"]: r for r in rows}


def related_for(store: GraphStore, rows_by_target: Sequence[Sequence[dict[str, Any]]]) -> dict[str, list[str]]:
    """One ``store.related_concepts`` call for the essential requirements of many targets
    (a round trip per target would dominate on a server)."""
    ids = sorted({r["id"] for rows in rows_by_target for r in rows if r["relation"] == "essential"})
    return store.related_concepts(ids) if ids else {}


def compare_rows(
    store: GraphStore,
    origin_rows: Sequence[dict[str, Any]],
    target_rows: Sequence[dict[str, Any]],
    origin_source: str,
    related: dict[str, list[str]] | None = None,
) -> Comparison:
    """Compare requirement rows (as returned by ``store.requirements``).

    ``related`` may hold :meth:`GraphStore.related_concepts` for the target's essential
    requirements, fetched beforehand (see :func:`related_for`); otherwise it is fetched.
    """
    has = _has(origin_rows, origin_source)
    shared_e, shared_o, missing = [], [], []
    essential_count = 0
    for row in target_rows:
        item = Requirement.from_row(row)
        if row["relation"] == "essential":
            essential_count += 1
            (shared_e if row["id"] in has else missing).append(item)
        elif row["id"] in has and origin_source != Source.ONET:
            shared_o.append(item)
    near: list[NearMatch] = []
    if missing:
        if origin_source == Source.ONET:
            levels = {r["id"]: r.get("importance") or 0.0 for r in origin_rows}
            for item in missing:
                if levels.get(item.id, 0.0) >= NEAR_IMPORTANCE:
                    near.append(NearMatch(item, (f"{item.label} (importance {levels[item.id]:.2f})",)))
        else:
            if related is None:
                related = store.related_concepts(r.id for r in missing)
            for item in missing:
                hits = [has[c]["label"] for c in related.get(item.id, ()) if c in has]
                if hits:
                    near.append(NearMatch(item, tuple(sorted(set(hits), key=str.lower))))
    return Comparison(tuple(shared_e), tuple(shared_o), tuple(near), tuple(missing), essential_count)


def compare(store: GraphStore, origin_id: str, target_id: str, origin_source: str | None = None) -> Comparison:
    """Requirement-level comparison of ``origin_id`` → ``target_id`` (ids assumed valid)."""
    rows = store.requirements([origin_id, target_id])
    if origin_source is None:
        origin_source = (store.node(origin_id) or {}).get("source", Source.ESCO)
    return compare_rows(store, rows.get(origin_id, []), rows.get(target_id, []), origin_source)


def is_skill(item: Requirement) -> bool:
    return item.kind == NodeKind.SKILL
