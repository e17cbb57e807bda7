"""Roles people come from: the occupations whose similar-roles lists include a given one.

This is the reverse reading of the materialised SIMILAR_TO edges. For a role X, an
*inbound* role O is one with an edge O → X; its ``coverage`` is the share of X's
essential requirements that someone in O already has (the same directional coverage
:func:`skillgraph.queries.similar_roles.similar_roles` reports, read from the other end). Sorted
by that coverage first — the roles from which moving into X asks the least new
learning — then by similarity score, then title.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.search import check_occupation_ids
from skillgraph.queries.similar_roles import viability_threshold
from skillgraph.queries.store_cache import per_store

__all__ = ["InboundRole", "inbound_roles"]


@dataclass(frozen=True, slots=True)
class InboundRole:
    """A role whose similar roles include the target: "people move from ``origin``"."""

    origin: OccupationRef
    score: float
    coverage: float | None  # share of the target's essential requirements the origin has
    viable: bool


@per_store
def _reverse_index(store: GraphStore, source: str) -> dict[str, list[tuple[str, float, float | None]]]:
    """{target: [(origin, score, coverage), …]} from similarity_edges, built once per store
    and source; callers never see (or modify) the lists."""
    index: dict[str, list[tuple[str, float, float | None]]] = {}
    for origin, target, score, coverage in store.similarity_edges(source):
        index.setdefault(target, []).append((origin, score, coverage))
    return index


def inbound_roles(store: GraphStore, occupation_id: str, *, limit: int = 5, viable_only: bool = True) -> tuple[InboundRole, ...]:
    """Occupations whose materialised similar roles include ``occupation_id``.

    Parameters
    ----------
    store : GraphStore
    occupation_id : str
        ESCO occupation URI or O*NET-SOC code (the role people move *to*).
    limit : int
        At most this many roles (1–100).
    viable_only : bool
        Only moves whose similarity reaches the calibrated viability threshold.

    Returns
    -------
    tuple of InboundRole
        Highest coverage of ``occupation_id``'s essential requirements first, then
        higher similarity, then title; empty when no role lists it.

    Raises
    ------
    UnknownOccupationError
        ``occupation_id`` is not an occupation (with close titles).
    InvalidArgumentError
        ``limit`` is out of range.

    Examples
    --------
    >>> [r.origin.label for r in inbound_roles(store, ict_project_manager_uri, limit=2)]  # doctest: +SKIP
    ['project manager', 'ICT operations manager']
    """
    if not isinstance(limit, int) or not 1 <= limit <= 100:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 100, got {limit!r}")
    props = check_occupation_ids(store, [occupation_id])[occupation_id]
    source = props["source"]
    threshold = viability_threshold(store, source)
    rows = [
        (origin, score, coverage)
        for origin, score, coverage in _reverse_index(store, source).get(occupation_id, ())
        if origin != occupation_id and (not viable_only or score >= threshold)
    ]
    found = store.nodes(origin for origin, _, _ in rows)
    refs = {origin: OccupationRef.from_props(found[origin]) for origin, _, _ in rows if origin in found}
    ranked = sorted(
        (r for r in rows if r[0] in refs),
        key=lambda r: (-(r[2] if r[2] is not None else -1.0), -r[1], refs[r[0]].label.lower(), r[0]),
    )
    return tuple(InboundRole(refs[origin], score, coverage, score >= threshold) for origin, score, coverage in ranked[:limit])
