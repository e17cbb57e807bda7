"""Roles ranked by how well a set of skills covers their essential requirements — the seed's
"compare your profile" — one entry per family, optionally only moves into other fields.

For each role: *matched* = its essential requirements in the set, *near* = essential
requirements not in the set but related to one that is, with the credit of the relation
(:mod:`skillgraph.queries.credit`: one broader/narrower step or an ESCO skill–skill relation
½, the same skill group ¼), *coverage* = (matched + Σ near credit) / essential count — the
same coverage every page shows. Ranking uses a smoothed fit so that a role with two
essential skills, one matched, does not outrank a role with twenty, fifteen matched::

    fit = (matched + Σ near credit) / (essential_count + prior)

with ``prior = 2`` by default; ties by coverage, then title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.credit import credits
from skillgraph.queries.essentials import credit_vector, essential_matrix
from skillgraph.queries.explain import NearMatch, OccupationRef, related_for
from skillgraph.queries.occupation_table import occupation_table
from skillgraph.queries.profile import Requirement
from skillgraph.queries.search import check_occupation_ids, check_skill_ids

__all__ = ["RoleMatch", "match_skills"]


@dataclass(frozen=True)
class RoleMatch:
    """A role and how a skill set covers its essential requirements."""

    occupation: OccupationRef
    fit: float
    coverage: float
    matched: tuple[Requirement, ...]
    near: tuple[Requirement, ...]  # essential requirements with a related skill in the set
    missing: tuple[Requirement, ...]  # essential requirements neither matched nor near
    near_matches: tuple[NearMatch, ...] = ()  # ``near`` with the related skills and credits
    family: tuple[OccupationRef, ...] = ()  # other specialisations of its family in the ranking
    other_field: bool = False  # outside the family and ISCO (SOC) minor group of ``other_fields_from``


def match_skills(
    store: GraphStore,
    skill_ids: Sequence[str],
    *,
    limit: int = 20,
    source: str = Source.ESCO,
    prior: float = 2.0,
    group_families: bool = True,
    other_fields_from: str | None = None,
    other_fields: bool = False,
) -> tuple[RoleMatch, ...]:
    """Roles of ``source`` whose essential requirements ``skill_ids`` cover best.

    Parameters
    ----------
    skill_ids : sequence of str
        Skill / knowledge ids (ESCO URIs, or ``onet:`` element ids with source O*NET).
    limit : int
        At most this many entries (families, when grouped; 1–200).
    group_families : bool
        One entry per family of near-identical specialisations (default).
    other_fields_from : str, optional
        An occupation (e.g. the person's current role) whose family and ISCO (SOC) minor
        group count as "the same field"; without one, the field of the best-covered role.
    other_fields : bool
        Only roles outside that field.

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
    if prior < 0:
        raise InvalidArgumentError("prior must be at least 0")
    ids = check_skill_ids(store, skill_ids)
    field_origin = None
    if other_fields_from is not None:
        field_origin = OccupationRef.from_props(check_occupation_ids(store, [other_fields_from])[other_fields_from])
    em = essential_matrix(store, source)
    vector = credit_vector(store, em, ids)
    counts = em.essential_counts.astype(np.float64)
    covered = em.matrix @ vector
    candidates = np.flatnonzero((counts > 0) & (covered > 0))
    if not len(candidates):
        return ()
    fit = covered[candidates] / (counts[candidates] + prior)
    coverage = covered[candidates] / counts[candidates]
    table = occupation_table(store, source)
    refs = {table.ids[i]: table.refs[i] for i in range(len(table.ids))}
    labels = [refs[em.occupation_ids[c]].label.lower() if em.occupation_ids[c] in refs else "" for c in candidates]
    order = sorted(
        range(len(candidates)),
        key=lambda k: (-round(float(fit[k]), 12), -float(coverage[k]), labels[k], em.occupation_ids[candidates[k]]),
    )
    ranked = [em.occupation_ids[candidates[k]] for k in order]

    # Families and fields from the space table (every role of the space is in it).
    position = table.position
    if field_origin is None and ranked:
        field_origin = refs.get(ranked[0])
    origin_at = position.get(field_origin.id) if field_origin is not None else None
    outside = table.other_field(origin_at) if origin_at is not None else np.ones(len(table.ids), dtype=bool)
    if origin_at is not None and other_fields_from is None:
        outside[origin_at] = False  # the best-covered role is the field itself
    entries: list[int] = []
    members: dict[int, list[str]] = {}
    for k, occupation in zip(order, ranked, strict=True):
        at = position.get(occupation)
        if other_fields and (at is None or not outside[at]):
            continue
        family = int(table.family[at]) if (group_families and at is not None) else -1 - k
        if family in members:
            members[family].append(occupation)
            continue
        members[family] = []
        if len(entries) < limit:
            entries.append(k)
    chosen = [em.occupation_ids[candidates[k]] for k in entries]
    requirements = store.requirements(chosen)
    held = set(ids)
    related = related_for(store, [requirements.get(c, []) for c in chosen], held)
    names = _labels(store, ids)
    out = []
    for k, occupation_id in zip(entries, chosen, strict=True):
        essential = [Requirement.from_row(r) for r in requirements.get(occupation_id, []) if r["relation"] == "essential"]
        credit = credits([e.id for e in essential], held, related)
        near_matches = tuple(
            NearMatch(e, tuple(sorted({names.get(v, v) for v in credit[e.id].via}, key=str.lower)), credit[e.id].value)
            for e in essential
            if credit[e.id].related
        )
        at = position.get(occupation_id)
        family = int(table.family[at]) if (group_families and at is not None) else -1 - k
        out.append(
            RoleMatch(
                occupation=refs[occupation_id],
                fit=float(fit[k]),
                coverage=float(coverage[k]),
                matched=tuple(e for e in essential if credit[e.id].held),
                near=tuple(n.requirement for n in near_matches),
                missing=tuple(e for e in essential if credit[e.id].value == 0.0),
                near_matches=near_matches,
                family=tuple(refs[m] for m in members.get(family, ())),
                other_field=bool(outside[at]) if at is not None else False,
            )
        )
    return tuple(out)


def _labels(store: GraphStore, ids: Sequence[str]) -> dict[str, str]:
    props = store.nodes(ids)
    return {i: props[i]["label"] for i in ids if i in props}
