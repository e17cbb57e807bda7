"""Roles ranked by how well a set of skills covers their essential requirements — the
seed's "compare your profile".

For each role: *matched* = its essential requirements in the set, *near* = essential
requirements not in the set but related to one that is (same skill group or one
broader/narrower step), *coverage* = matched / essential count. Ranking uses a
smoothed fit so that a role with two essential skills, one matched, does not outrank
a role with twenty, fifteen matched::

    fit = (matched + near_credit · near) / (essential_count + prior)

with ``near_credit = 0.25`` and ``prior = 2`` by default; ties by coverage, then title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.profile import Requirement
from skillgraph.queries.search import check_skill_ids

__all__ = ["RoleMatch", "match_skills"]


@dataclass(frozen=True)
class RoleMatch:
    """A role and how a skill set covers its essential requirements."""

    occupation: OccupationRef
    fit: float
    coverage: float
    matched: tuple[Requirement, ...]
    near: tuple[Requirement, ...]
    missing: tuple[Requirement, ...]  # essential requirements neither matched nor near


def match_skills(
    store: GraphStore,
    skill_ids: Sequence[str],
    *,
    limit: int = 20,
    source: str = Source.ESCO,
    near_credit: float = 0.25,
    prior: float = 2.0,
) -> tuple[RoleMatch, ...]:
    """Roles of ``source`` whose essential requirements ``skill_ids`` cover best.

    Parameters
    ----------
    skill_ids : sequence of str
        Skill / knowledge ids (ESCO URIs, or ``onet:`` element ids with source O*NET).
    limit : int
        At most this many roles (1–200).

    Raises
    ------
    UnknownSkillError
        An id is not a skill or knowledge concept (with close labels).
    InvalidArgumentError
        No ids, or a parameter out of range.
    """
    if not isinstance(limit, int) or not 1 <= limit <= 200:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 200, got {limit!r}")
    if source not in (Source.ESCO, Source.ONET):
        raise InvalidArgumentError(f"source must be ESCO or O*NET, got {source!r}")
    if not 0.0 <= near_credit <= 1.0 or prior < 0:
        raise InvalidArgumentError("near_credit must be within 0–1 and prior at least 0")
    ids = check_skill_ids(store, skill_ids)
    chosen = set(ids)
    related = store.related_concepts(ids)
    near_ids = sorted({c for cs in related.values() for c in cs} - chosen)
    rows = store.essential_matches(source, ids, near_ids)
    scored = []
    for row in rows:
        total = row["essential_count"]
        if not total:
            continue
        fit = (row["matched"] + near_credit * row["near"]) / (total + prior)
        scored.append((fit, row["matched"] / total, row))
    if not scored:
        return ()
    labels = store.nodes(r["id"] for _, _, r in scored)
    scored.sort(key=lambda t: (-round(t[0], 12), -t[1], labels[t[2]["id"]]["label"].lower(), t[2]["id"]))
    top = scored[:limit]
    requirements = store.requirements([r["id"] for _, _, r in top])
    near_set = set(near_ids)
    out = []
    for fit, coverage, row in top:
        essential = [Requirement.from_row(r) for r in requirements.get(row["id"], []) if r["relation"] == "essential"]
        out.append(
            RoleMatch(
                occupation=OccupationRef.from_props(labels[row["id"]]),
                fit=fit,
                coverage=coverage,
                matched=tuple(r for r in essential if r.id in chosen),
                near=tuple(r for r in essential if r.id not in chosen and r.id in near_set),
                missing=tuple(r for r in essential if r.id not in chosen and r.id not in near_set),
            )
        )
    return tuple(out)
