"""Two roles side by side: what they share, what only one of them asks for, by skill group,
and their technologies.

Symmetric, unlike :func:`skillgraph.queries.skill_gap.skill_gap` (which reads origin → target).
Definitions, with *has* as in :mod:`skillgraph.queries.explain` (an ESCO role has every concept it
lists, essential or optional; an O*NET role the elements it rates important):

* **shared**: concepts essential to at least one of the two roles that both have;
* **only A**: A's essential concepts that B does not have at all;
* **only B**: B's essential concepts that A does not have at all.

Concepts optional to both are left out: they do not separate the roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef, comparable_pair, compare_rows, pair_score
from skillgraph.queries.profile import Requirement, SkillGroupSection, TechnologyItem, group_requirements

__all__ = ["SharedRequirement", "RoleComparison", "compare_roles"]


@dataclass(frozen=True, slots=True)
class SharedRequirement:
    """A concept both roles have, and how each of them requires it."""

    requirement: Requirement  # as role A lists it (B's row when A does not list it itself)
    relation_a: str  # essential | optional
    relation_b: str


@dataclass(frozen=True)
class RoleComparison:
    """The side-by-side comparison of roles ``a`` and ``b``."""

    a: OccupationRef
    b: OccupationRef
    score: float | None  # similarity of a and b (None only when no similarity was computed)
    coverage_a_to_b: float | None  # share of b's essential requirements a brings (related ones partly)
    coverage_b_to_a: float | None  # share of a's essential requirements b brings
    shared: tuple[SharedRequirement, ...]
    shared_by_group: tuple[SkillGroupSection, ...]
    only_a: tuple[SkillGroupSection, ...]
    only_b: tuple[SkillGroupSection, ...]
    technologies_shared: tuple[TechnologyItem, ...]
    technologies_only_a: tuple[TechnologyItem, ...]
    technologies_only_b: tuple[TechnologyItem, ...]


def _has(rows: list[dict[str, Any]], source: str) -> dict[str, dict[str, Any]]:
    if source == Source.ONET:
        return {r["id"]: r for r in rows if r["relation"] == "essential"}
    return {r["id"]: r for r in rows}


def compare_roles(store: GraphStore, a_id: str, b_id: str) -> RoleComparison:
    """Compare occupations ``a_id`` and ``b_id`` (same taxonomy) side by side.

    Raises
    ------
    UnknownOccupationError
        Either id is unknown (with close titles).
    InvalidArgumentError
        Both ids are the same, or they belong to different taxonomies.

    Examples
    --------
    >>> c = compare_roles(store, ict_project_manager_uri, project_manager_uri)  # doctest: +SKIP
    >>> [s.group_label for s in c.only_a][:1]  # doctest: +SKIP
    ['conducting academic or market research']
    """
    a, b = comparable_pair(store, a_id, b_id)
    rows = store.requirements([a_id, b_id])
    rows_a, rows_b = rows.get(a_id, []), rows.get(b_id, [])
    has_a, has_b = _has(rows_a, a.source), _has(rows_b, b.source)
    essential_a = [r["id"] for r in rows_a if r["relation"] == "essential"]
    essential_b = [r["id"] for r in rows_b if r["relation"] == "essential"]
    either = set(essential_a) | set(essential_b)

    shared: list[SharedRequirement] = []
    seen: set[str] = set()
    # In A's order (essential first, as the store sorts); an O*NET role may rate an
    # element important that the other lists only below the bar, hence B's rows too.
    for row in (*rows_a, *rows_b):
        concept = row["id"]
        if concept in seen or concept not in either or concept not in has_a or concept not in has_b:
            continue
        seen.add(concept)
        shared.append(SharedRequirement(Requirement.from_row(row), has_a[concept]["relation"], has_b[concept]["relation"]))
    only_a = [Requirement.from_row(r) for r in rows_a if r["relation"] == "essential" and r["id"] not in has_b]
    only_b = [Requirement.from_row(r) for r in rows_b if r["relation"] == "essential" and r["id"] not in has_a]

    techs_a = [TechnologyItem(**t) for t in store.technologies(a_id)]
    techs_b = [TechnologyItem(**t) for t in store.technologies(b_id)]
    ids_a, ids_b = {t.id for t in techs_a}, {t.id for t in techs_b}
    forward = compare_rows(store, rows_a, rows_b, a.source)
    backward = compare_rows(store, rows_b, rows_a, b.source)
    score = pair_score(store, a_id, b_id)
    return RoleComparison(
        a=a,
        b=b,
        score=score,
        coverage_a_to_b=forward.coverage,
        coverage_b_to_a=backward.coverage,
        shared=tuple(shared),
        shared_by_group=group_requirements([s.requirement for s in shared]),
        only_a=group_requirements(only_a),
        only_b=group_requirements(only_b),
        technologies_shared=tuple(t for t in techs_a if t.id in ids_b),
        technologies_only_a=tuple(t for t in techs_a if t.id not in ids_b),
        technologies_only_b=tuple(t for t in techs_b if t.id not in ids_a),
    )
