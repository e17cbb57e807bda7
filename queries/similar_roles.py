"""Roles similar to a given role, ranked over every role of its taxonomy, one entry per
family, each with its explanation (shared essential and optional requirements, related
skills, gaps) — and the best **moves into other fields**.

The direction is explicit: results read "from your role (origin) to these (targets)";
coverage is the share of each target's essential requirements the origin already brings
(:mod:`skillgraph.queries.credit`). Scores come from the engine's all-pairs matrices, so
filters ("other fields", job zone, coverage, realistic only) never run out of candidates.

**Families**: near-identical specialisations (ESCO's 42 "… shop manager") share a family
(:mod:`skillgraph.queries.engine`); a list shows the best-ranked member of each family and
counts the others ("and 41 related specialisations"), so ten entries are ten directions.

A **realistic move** reaches the calibrated viability threshold, brings at least the
minimum share of the target's essential requirements, and changes the job zone by at most
one (when both are known).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import Comparison, NearMatch, OccupationRef, compare_rows, related_for
from skillgraph.queries.occupation_table import major_group, minor_group, occupation_table, realistic_mask
from skillgraph.queries.profile import Requirement
from skillgraph.queries.search import check_occupation_ids
from skillgraph.queries.thresholds import min_step_coverage, viability_threshold

__all__ = [
    "SimilarRole",
    "SimilarRoles",
    "similar_roles",
    "viability_threshold",
    "major_group",
    "minor_group",
    "MAX_LIMIT",
]

MAX_LIMIT = 100


@dataclass(frozen=True)
class SimilarRole:
    """One target role (the best of its family), with the comparison origin → target."""

    target: OccupationRef
    rank: int  # rank among every role of the taxonomy by similarity (1 = most similar)
    score: float
    coverage: float | None
    reverse_coverage: float | None
    jaccard: float  # plain overlap of the two requirement sets
    viable: bool  # a realistic move (see the module docstring)
    shared_essential: tuple[Requirement, ...]
    shared_optional: tuple[Requirement, ...]
    near_matches: tuple[NearMatch, ...]
    missing_essential: tuple[Requirement, ...]
    other_field: bool = False  # outside the origin's family and ISCO (SOC) minor group
    step_down: bool = False  # a lower job zone, or the same one and a lower ISCO skill level
    family: tuple[OccupationRef, ...] = ()  # the other specialisations of its family that passed the filters
    concept_part: float | None = None  # ESCO: the concept similarity alone
    onet_part: float | None = None  # ESCO: the O*NET evidence of the two crosswalk matches


@dataclass(frozen=True)
class SimilarRoles:
    """The answer to "which roles are near this one?"."""

    origin: OccupationRef
    roles: tuple[SimilarRole, ...]
    threshold: float
    candidates: int  # roles considered before filters (every other role of the taxonomy)
    min_step_coverage: float = 0.0
    families: int = 0  # families among the roles that passed the filters


def _float(value) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value


def _step_down(table, origin: int) -> np.ndarray:
    """Where a move from ``origin`` goes down: a lower job zone, or the same (or unknown)
    job zone and a lower ISCO-08 skill level."""
    zone, level = table.job_zone, table.skill_level
    oz, ol = zone[origin], level[origin]
    lower_zone = (oz > 0) & (zone > 0) & (zone < oz)
    same_zone = (oz == 0) | (zone == 0) | (zone == oz)
    return lower_zone | (same_zone & (ol > 0) & (level > 0) & (level < ol))


def similar_roles(
    store: GraphStore,
    occupation_id: str,
    *,
    limit: int = 10,
    same_major_group: bool | None = None,
    job_zone_within: int | None = None,
    min_coverage: float = 0.0,
    viable_only: bool = False,
    other_fields: bool = False,
    group_families: bool = True,
) -> SimilarRoles:
    """Roles most similar to ``occupation_id``, best first, over every role of its taxonomy.

    Parameters
    ----------
    store : GraphStore
    occupation_id : str
        ESCO occupation URI or O*NET-SOC code (the origin).
    limit : int
        At most this many entries (families, when grouped; 1–100).
    same_major_group : bool, optional
        True: only roles in the origin's ISCO (ESCO) / SOC (O*NET) major group;
        False: only roles outside it; None: no filter.
    job_zone_within : int, optional
        Only roles whose job zone differs from the origin's by at most this (0–4);
        the origin and the targets must have a job zone.
    min_coverage : float
        Only roles whose essential requirements the origin covers at least this much (0–1).
    viable_only : bool
        Only realistic moves (see the module docstring).
    other_fields : bool
        Only moves into other fields: roles outside the origin's family and its ISCO
        (SOC) minor group, ranked for someone changing field — realistic moves first,
        lateral or upward ones before a step down, then the least to learn.
    group_families : bool
        One entry per family (default); False lists every role.

    Raises
    ------
    UnknownOccupationError
        ``occupation_id`` is not an occupation (with close titles).
    InvalidArgumentError
        A parameter is out of range, or a job-zone filter on an origin without job zone.
    """
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidArgumentError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {limit!r}")
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
    min_step = min_step_coverage(store, origin.source)
    rows = store.score_rows([occupation_id])
    if occupation_id not in rows:
        return SimilarRoles(origin, (), threshold, 0, min_step)
    row = rows[occupation_id]
    table = occupation_table(store, origin.source)
    i = row.position
    n = len(table.ids)

    realistic = realistic_mask(
        row.score, row.coverage_out, origin.job_zone or 0, table.job_zone, threshold=threshold, min_coverage=min_step
    )
    other = table.other_field(i)
    keep = row.score > 0
    keep[i] = False
    if same_major_group is not None:
        keep &= (table.major == table.major[i]) == same_major_group
    if job_zone_within is not None:
        keep &= (table.job_zone > 0) & (np.abs(table.job_zone - origin.job_zone) <= job_zone_within)
    if min_coverage:
        keep &= np.nan_to_num(row.coverage_out, nan=-1.0) >= min_coverage
    if viable_only:
        keep &= realistic
    if other_fields:
        keep &= other
    # Rank over every role (ties: the space's id order), then filter.
    order = np.lexsort((np.arange(n), -row.score.astype(np.float64)))
    rank_of = np.empty(n, dtype=np.int64)
    rank_of[order] = np.arange(n)
    down = _step_down(table, i)
    if other_fields:
        # For someone changing field: realistic moves first, lateral or upward before a
        # step down, then the least to learn (the pathway step cost).
        cost = (1.0 - row.score.astype(np.float64)) + (1.0 - np.nan_to_num(row.coverage_out, nan=0.0))
        order = np.lexsort((np.arange(n), cost, down, ~realistic))
    kept = order[keep[order]]

    entries: list[int] = []
    members: dict[int, list[int]] = {}
    for j in kept.tolist():
        family = int(table.family[j]) if group_families else -1 - j
        if family in members:
            members[family].append(j)
            continue
        members[family] = []
        if len(entries) < limit:
            entries.append(j)
    family_of = {j: (int(table.family[j]) if group_families else -1 - j) for j in entries}

    targets = [table.refs[j] for j in entries]
    requirement_rows = store.requirements([occupation_id, *(t.id for t in targets)])
    origin_rows = requirement_rows.get(occupation_id, [])
    origin_has = {r["id"] for r in origin_rows}
    rows_of_targets = [requirement_rows.get(t.id, []) for t in targets]
    related = related_for(store, rows_of_targets, origin_has) if origin.source == Source.ESCO else {}
    concept_part = row.parts.get("concepts")
    onet_part = row.parts.get("onet")
    roles = []
    for j, target in zip(entries, targets, strict=True):
        target_rows = requirement_rows.get(target.id, [])
        comparison: Comparison = compare_rows(store, origin_rows, target_rows, origin.source, related)
        target_has = {r["id"] for r in target_rows}
        union = len(origin_has | target_has)
        roles.append(
            SimilarRole(
                target=target,
                rank=int(rank_of[j]) + 1,
                score=float(row.score[j]),
                coverage=_float(row.coverage_out[j]),
                reverse_coverage=_float(row.coverage_in[j]),
                jaccard=len(origin_has & target_has) / union if union else 0.0,
                viable=bool(realistic[j]),
                shared_essential=comparison.shared_essential,
                shared_optional=comparison.shared_optional,
                near_matches=comparison.near_matches,
                missing_essential=comparison.missing_essential,
                other_field=bool(other[j]),
                step_down=bool(down[j]),
                family=tuple(table.refs[m] for m in members[family_of[j]]),
                concept_part=_float(concept_part[j]) if concept_part is not None else None,
                onet_part=_float(onet_part[j]) if onet_part is not None else None,
            )
        )
    return SimilarRoles(origin, tuple(roles), threshold, n - 1, min_step, len(members))
