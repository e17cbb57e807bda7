"""What separates one role from another: what the origin already covers of the target,
near matches, the gaps grouped by skill group, and the technologies to learn."""

from __future__ import annotations

from dataclasses import dataclass

from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import NearMatch, OccupationRef, comparable_pair, compare, pair_score
from skillgraph.queries.profile import Requirement, SkillGroupSection, TechnologyItem, group_requirements
from skillgraph.queries.thresholds import realistic_move

__all__ = ["SkillGap", "skill_gap"]


@dataclass(frozen=True)
class SkillGap:
    """The gap from ``origin`` to ``target`` (read: "moving from origin to target")."""

    origin: OccupationRef
    target: OccupationRef
    score: float | None  # similarity of the two roles (None only when none was computed)
    viable: bool | None  # a realistic move (threshold, minimum coverage, job zone within one)
    coverage: float | None
    reverse_coverage: float | None
    shared_essential: tuple[Requirement, ...]
    shared_optional: tuple[Requirement, ...]
    near_matches: tuple[NearMatch, ...]
    missing_essential: tuple[Requirement, ...]
    gaps_by_group: tuple[SkillGroupSection, ...]  # missing essential requirements by skill group
    technologies_to_learn: tuple[TechnologyItem, ...]  # target's, not used in the origin; hot first
    technologies_shared: tuple[TechnologyItem, ...]


def skill_gap(store: GraphStore, from_id: str, to_id: str) -> SkillGap:
    """Compare ``from_id`` (origin) with ``to_id`` (target).

    Works for any two occupations of the same taxonomy.

    Raises
    ------
    UnknownOccupationError
        Either id is unknown (with close titles).
    InvalidArgumentError
        Both ids are the same, or they belong to different taxonomies.
    """
    origin, target = comparable_pair(store, from_id, to_id)
    forward = compare(store, from_id, to_id, origin.source)
    backward = compare(store, to_id, from_id, target.source)
    score = pair_score(store, from_id, to_id)
    realistic = None
    if score is not None:
        realistic = realistic_move(store, origin.job_zone, target.job_zone, origin.source, score, forward.coverage)
    origin_techs = {t["id"] for t in store.technologies(from_id)}
    target_techs = [TechnologyItem(**t) for t in store.technologies(to_id)]
    return SkillGap(
        origin=origin,
        target=target,
        score=score,
        viable=realistic,
        coverage=forward.coverage,
        reverse_coverage=backward.coverage,
        shared_essential=forward.shared_essential,
        shared_optional=forward.shared_optional,
        near_matches=forward.near_matches,
        missing_essential=forward.missing_essential,
        gaps_by_group=group_requirements(forward.missing_essential),
        technologies_to_learn=tuple(t for t in target_techs if t.id not in origin_techs),
        technologies_shared=tuple(t for t in target_techs if t.id in origin_techs),
    )
