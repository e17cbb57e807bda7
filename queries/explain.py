"""Why two roles are (not) alike: the requirement-level comparison behind every score.

Direction matters: ``compare(origin → target)`` asks what the person in *origin* already
brings to *target*, with the one definition of :mod:`skillgraph.queries.credit`:

* **shared essential**: the target's essential requirements the origin holds;
* **shared optional**: the target's optional requirements the origin holds (ESCO only);
* **near match** (related): a missing essential requirement for which the origin holds a
  related concept (one broader/narrower step or an ESCO skill–skill relation, the same skill
  group; for O*NET the origin rates the element just below important), with its credit;
* **missing essential**: the target's essential requirements the origin does not hold
  (near matches included; ``gaps`` leaves them out);
* **coverage** = (shared + Σ near-match credit) / the target's essential count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import NodeKind, Occupation, Source
from skillgraph.graph.store import GraphStore, RelatedConcept, RequirementRow
from skillgraph.queries.credit import credits, held_from_rows, near_from_rows
from skillgraph.queries.profile import Requirement, SkillGroupSection, group_requirements

__all__ = [
    "NearMatch",
    "Comparison",
    "OccupationRef",
    "comparable_pair",
    "compare",
    "compare_held",
    "compare_rows",
    "related_for",
    "pair_score",
]


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
    family_id: str = ""  # the representative of its family of near-identical specialisations

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> OccupationRef:
        o = Occupation.from_props(props)
        return cls(o.id, o.label, o.source, o.code, o.isco_code, o.job_zone, o.essential_count, o.family_id or o.id)


@dataclass(frozen=True, slots=True)
class NearMatch:
    """A missing requirement partly covered by related concepts the origin has."""

    requirement: Requirement
    related: tuple[str, ...]  # labels of the origin's related concepts
    credit: float = 0.5  # the coverage credit (see skillgraph.queries.credit)


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
        """Share of the target's essential requirements the origin brings, related ones
        counting their credit (None if the target has none)."""
        if not self.target_essential_count:
            return None
        related = sum(n.credit for n in self.near_matches)
        return (len(self.shared_essential) + related) / self.target_essential_count

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


def related_for(
    store: GraphStore, rows_by_target: Sequence[Sequence[RequirementRow]], held: Iterable[str] | None = None
) -> dict[str, list[RelatedConcept]]:
    """One ``store.related_concepts`` call for the essential requirements of many targets
    (a round trip per target would dominate on a server), limited to the related concepts in
    ``held`` when given (only those can give credit)."""
    ids = sorted({r["id"] for rows in rows_by_target for r in rows if r["relation"] == "essential"})
    if not ids:
        return {}
    return store.related_concepts(ids, among=None if held is None else sorted(set(held)))


def compare_held(
    held: set[str],
    labels: dict[str, str],
    target_rows: Sequence[RequirementRow],
    relations: dict[str, list[RelatedConcept]],
    *,
    near: set[str] = frozenset(),  # type: ignore[assignment]
    optional_counts: bool = True,
) -> Comparison:
    """Compare what ``held`` brings to a role with requirement rows ``target_rows``.

    ``labels`` names the held concepts (for "related: you have …"); ``relations`` holds
    :meth:`GraphStore.related_concepts` of the target's essential requirements (see
    :func:`related_for`). ``near``: O*NET elements rated just below important.
    """
    essential = [r for r in target_rows if r["relation"] == "essential"]
    credit = credits([r["id"] for r in essential], held, relations, near=near)
    shared_e, shared_o, missing, near_matches = [], [], [], []
    for row in target_rows:
        item = Requirement.from_row(row)
        if row["relation"] != "essential":
            if optional_counts and row["id"] in held:
                shared_o.append(item)
            continue
        c = credit[row["id"]]
        if c.held:
            shared_e.append(item)
            continue
        missing.append(item)
        if c.related:
            via = [labels.get(v, v) for v in c.via]
            if row["id"] in near and row["id"] in c.via:
                via = [f"{item.label} (rated just below important)"]
            near_matches.append(NearMatch(item, tuple(sorted(set(via), key=str.lower)), c.value))
    return Comparison(tuple(shared_e), tuple(shared_o), tuple(near_matches), tuple(missing), len(essential))


def compare_rows(
    store: GraphStore,
    origin_rows: Sequence[RequirementRow],
    target_rows: Sequence[RequirementRow],
    origin_source: str,
    related: dict[str, list[RelatedConcept]] | None = None,
) -> Comparison:
    """Compare requirement rows (as returned by ``store.requirements``) origin → target.

    ``related`` may hold :meth:`GraphStore.related_concepts` for the target's essential
    requirements, fetched beforehand (see :func:`related_for`); otherwise it is fetched.
    """
    held = held_from_rows(origin_rows, origin_source)
    near = near_from_rows(origin_rows, origin_source)
    if related is None:
        related = related_for(store, [target_rows], held) if origin_source != Source.ONET else {}
    labels = {r["id"]: r["label"] for r in origin_rows}
    return compare_held(held, labels, target_rows, related, near=near, optional_counts=origin_source != Source.ONET)


def compare(store: GraphStore, origin_id: str, target_id: str, origin_source: str | None = None) -> Comparison:
    """Requirement-level comparison of ``origin_id`` → ``target_id`` (ids assumed valid)."""
    rows = store.requirements([origin_id, target_id])
    if origin_source is None:
        origin_source = (store.node(origin_id) or {}).get("source", Source.ESCO)
    return compare_rows(store, rows.get(origin_id, []), rows.get(target_id, []), origin_source)


def pair_score(store: GraphStore, a_id: str, b_id: str) -> float | None:
    """The similarity of two occupations of one taxonomy (None when none was computed)."""
    rows = store.score_rows([a_id])
    if a_id not in rows:
        return None
    row = rows[a_id]
    ids = store.space_ids(row.source)
    try:
        j = ids.index(b_id)
    except ValueError:
        return None
    return float(row.score[j])


def is_skill(item: Requirement) -> bool:
    return item.kind == NodeKind.SKILL
