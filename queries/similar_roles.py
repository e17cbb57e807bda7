"""Roles similar to a given role, from the materialised SIMILAR_TO edges, each with its
explanation (shared essential and optional requirements, near matches, gaps).

The direction is explicit: results read "from your role (origin) to these (targets)";
coverage is the share of each target's essential requirements the origin already has.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import Comparison, NearMatch, OccupationRef, compare_rows, related_for
from skillgraph.queries.profile import Requirement
from skillgraph.queries.search import check_occupation_ids

__all__ = ["SimilarRole", "SimilarRoles", "similar_roles", "viability_threshold", "major_group"]


@dataclass(frozen=True)
class SimilarRole:
    """One target role, ranked by score, with the comparison origin → target."""

    target: OccupationRef
    rank: int  # rank among the origin's materialised similar roles (before filters)
    score: float
    coverage: float | None
    reverse_coverage: float | None
    jaccard: float  # plain overlap of the two requirement sets
    viable: bool
    shared_essential: tuple[Requirement, ...]
    shared_optional: tuple[Requirement, ...]
    near_matches: tuple[NearMatch, ...]
    missing_essential: tuple[Requirement, ...]


@dataclass(frozen=True)
class SimilarRoles:
    """The answer to "which roles are near this one?"."""

    origin: OccupationRef
    roles: tuple[SimilarRole, ...]
    threshold: float
    candidates: int  # materialised similar roles considered before filters


def viability_threshold(store: GraphStore, source: str) -> float:
    """The calibrated viability threshold of ``source``'s similarity space (0 if unknown)."""
    prefix = "esco" if source == Source.ESCO else "onet"
    return float(store.meta().similarity.get(f"{prefix}_threshold", 0.0))


def major_group(ref: OccupationRef) -> str:
    """ISCO major group (first digit) for ESCO roles, SOC major group (first two) for O*NET."""
    if ref.source == Source.ONET:
        return ref.code[:2]
    return ref.isco_code[:1]


def similar_roles(
    store: GraphStore,
    occupation_id: str,
    *,
    limit: int = 10,
    same_major_group: bool | None = None,
    job_zone_within: int | None = None,
    min_coverage: float = 0.0,
    viable_only: bool = False,
) -> SimilarRoles:
    """Roles most similar to ``occupation_id``, best first.

    Parameters
    ----------
    store : GraphStore
    occupation_id : str
        ESCO occupation URI or O*NET-SOC code (the origin).
    limit : int
        At most this many roles (1–100).
    same_major_group : bool, optional
        True: only roles in the origin's ISCO (ESCO) / SOC (O*NET) major group;
        False: only roles outside it; None: no filter.
    job_zone_within : int, optional
        Only roles whose job zone differs from the origin's by at most this (0–4);
        the origin and the targets must have a job zone.
    min_coverage : float
        Only roles whose essential requirements the origin covers at least this much (0–1).
    viable_only : bool
        Only roles at or above the calibrated viability threshold.

    Raises
    ------
    UnknownOccupationError
        ``occupation_id`` is not an occupation (with close titles).
    InvalidArgumentError
        A parameter is out of range, or a job-zone filter on an origin without job zone.
    """
    if not isinstance(limit, int) or not 1 <= limit <= 100:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 100, got {limit!r}")
    if same_major_group not in (None, True, False):
        raise InvalidArgumentError(f"same_major_group must be True, False or None, got {same_major_group!r}")
    if job_zone_within is not None and (not isinstance(job_zone_within, int) or not 0 <= job_zone_within <= 4):
        raise InvalidArgumentError(f"job_zone_within must be an integer from 0 to 4 or None, got {job_zone_within!r}")
    if not isinstance(min_coverage, (int, float)) or not 0.0 <= min_coverage <= 1.0:
        raise InvalidArgumentError(f"min_coverage must be between 0 and 1, got {min_coverage!r}")
    origin = OccupationRef.from_props(check_occupation_ids(store, [occupation_id])[occupation_id])
    if job_zone_within is not None and origin.job_zone is None:
        raise InvalidArgumentError(f"{origin.label} ({origin.id}) has no job zone (no O*NET match); drop the job-zone filter")
    threshold = viability_threshold(store, origin.source)
    edges = store.similar(occupation_id)
    targets = store.nodes(e["target_id"] for e in edges)
    kept = []
    for edge in edges:
        target = OccupationRef.from_props(targets[edge["target_id"]])
        if same_major_group is not None and (major_group(target) == major_group(origin)) != same_major_group:
            continue
        if job_zone_within is not None and (target.job_zone is None or abs(target.job_zone - origin.job_zone) > job_zone_within):
            continue
        coverage = edge["coverage"]
        if min_coverage and (coverage is None or coverage < min_coverage):
            continue
        if viable_only and edge["score"] < threshold:
            continue
        kept.append((edge, target))
        if len(kept) == limit:
            break
    rows = store.requirements([occupation_id, *(t.id for _, t in kept)])
    origin_rows = rows.get(occupation_id, [])
    related = related_for(store, [rows.get(t.id, []) for _, t in kept]) if origin.source == Source.ESCO else {}
    roles = []
    for edge, target in kept:
        comparison: Comparison = compare_rows(store, origin_rows, rows.get(target.id, []), origin.source, related)
        roles.append(
            SimilarRole(
                target=target,
                rank=edge["rank"],
                score=edge["score"],
                coverage=edge["coverage"],
                reverse_coverage=edge["reverse_coverage"],
                jaccard=edge["jaccard"],
                viable=edge["score"] >= threshold,
                shared_essential=comparison.shared_essential,
                shared_optional=comparison.shared_optional,
                near_matches=comparison.near_matches,
                missing_essential=comparison.missing_essential,
            )
        )
    return SimilarRoles(origin, tuple(roles), threshold, len(edges))
