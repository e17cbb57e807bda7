"""Roles people come from: the occupations from which a move into a given role is realistic.

For a role X, an *inbound* role O is one whose move O → X is realistic (similarity at the
calibrated threshold, at least the minimum share of X's essential requirements brought,
a job-zone change of at most one) — read from every pair's scores, not from a top-k list.
Its ``coverage`` is the share of X's essential requirements someone in O already brings
(the same directional coverage :func:`skillgraph.queries.similar_roles.similar_roles`
reports, read from the other end). Sorted by that coverage first — the roles from which
moving into X asks the least new learning — then by similarity, then title; one entry
per family.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.occupation_table import occupation_table, realistic_mask
from skillgraph.queries.search import check_occupation_ids
from skillgraph.queries.thresholds import min_step_coverage, viability_threshold

__all__ = ["InboundRole", "inbound_roles"]


@dataclass(frozen=True, slots=True)
class InboundRole:
    """A role from which people can move into the target: "people move from ``origin``"."""

    origin: OccupationRef
    score: float
    coverage: float | None  # share of the target's essential requirements the origin has
    viable: bool


def inbound_roles(store: GraphStore, occupation_id: str, *, limit: int = 5, viable_only: bool = True) -> tuple[InboundRole, ...]:
    """Occupations from which a move into ``occupation_id`` is realistic (or, with
    ``viable_only=False``, every occupation with some similarity), best first.

    Parameters
    ----------
    store : GraphStore
    occupation_id : str
        ESCO occupation URI or O*NET-SOC code (the role people move *to*).
    limit : int
        At most this many roles (1–100), one per family.
    viable_only : bool
        Only realistic moves.

    Returns
    -------
    tuple of InboundRole
        Highest coverage of ``occupation_id``'s essential requirements first, then
        higher similarity, then title.

    Raises
    ------
    UnknownOccupationError
        ``occupation_id`` is not an occupation (with close titles).
    InvalidArgumentError
        ``limit`` is out of range.
    """
    if not isinstance(limit, int) or not 1 <= limit <= 100:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 100, got {limit!r}")
    props = check_occupation_ids(store, [occupation_id])[occupation_id]
    target = OccupationRef.from_props(props)
    rows = store.score_rows([occupation_id])
    if occupation_id not in rows:
        return ()
    row = rows[occupation_id]
    table = occupation_table(store, target.source)
    threshold = viability_threshold(store, target.source)
    # The move O → X: the score is symmetric; the coverage is what O brings to X.
    coverage = row.coverage_in
    realistic = np.zeros(len(table.ids), dtype=bool)
    zone = target.job_zone or 0
    realistic = realistic_mask(
        row.score, coverage, zone, table.job_zone, threshold=threshold, min_coverage=min_step_coverage(store, target.source)
    )
    keep = (realistic if viable_only else row.score > 0).copy()
    keep[row.position] = False
    candidates = np.flatnonzero(keep)
    cov = np.nan_to_num(coverage[candidates], nan=-1.0)
    order = sorted(
        range(len(candidates)),
        key=lambda k: (
            -round(float(cov[k]), 9),
            -float(row.score[candidates[k]]),
            table.refs[candidates[k]].label.lower(),
            table.ids[candidates[k]],
        ),
    )
    out: list[InboundRole] = []
    families: set[int] = set()
    for k in order:
        j = int(candidates[k])
        family = int(table.family[j])
        if family in families:
            continue
        families.add(family)
        value = float(coverage[j])
        out.append(InboundRole(table.refs[j], float(row.score[j]), None if np.isnan(value) else value, bool(realistic[j])))
        if len(out) == limit:
            break
    return tuple(out)
