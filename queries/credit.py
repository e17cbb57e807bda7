"""What someone already brings to a role: the one definition of coverage, used by every
query, page, the fit check and the brief.

A person (a skill profile) or a role (its requirements) *holds* some concepts. For each
essential requirement of a target role:

* **held** — the concept itself is held: credit 1;
* **related** — a concept related to it is held: the credit of the strongest such relation
  (:meth:`GraphStore.related_concepts <skillgraph.graph.store.GraphStore.related_concepts>`):
  one broader/narrower step or an ESCO skill–skill relation ½, a skill of the same skill
  group ¼. For an O*NET origin, an element the origin rates just below important
  (importance 2.5–3) counts ½. Related credit is a maximum, never a sum: two weak relations
  are not a held skill;
* **missing** — neither: credit 0.

``coverage = Σ credit / number of essential requirements`` — "you already have 9 of the 15
essential skills of HR officer, and related skills for 3 more" is 9 + ½·2 + ¼·1 of 15.

What a role "holds": an ESCO occupation every concept it lists (essential or optional); an
O*NET occupation the elements it rates important (importance ≥ 3). The engine computes the
same numbers for every pair at once (:func:`skillgraph.queries.engine.credit_matrix`); a
test checks that both agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from skillgraph.graph.model import Source
from skillgraph.graph.store import RelatedConcept, RequirementRow

__all__ = [
    "Credit",
    "held_from_rows",
    "near_from_rows",
    "credits",
    "coverage_value",
    "NEAR_IMPORTANCE",
    "NEAR_CREDIT",
]

#: An O*NET element the origin rates at least this important (but below 3) is related.
NEAR_IMPORTANCE = 2.5
#: The credit such an element gives.
NEAR_CREDIT = 0.5


@dataclass(frozen=True, slots=True)
class Credit:
    """How much of one requirement is already there, and through which held concepts."""

    value: float  # 1 held, (0, 1) related, 0 missing
    via: tuple[str, ...] = ()  # ids of the held concepts that give a related credit

    @property
    def held(self) -> bool:
        return self.value >= 1.0

    @property
    def related(self) -> bool:
        return 0.0 < self.value < 1.0


def held_from_rows(rows: Sequence[RequirementRow], source: str) -> set[str]:
    """The concepts an occupation holds, from its requirement rows (see the module docstring)."""
    if source == Source.ONET:
        return {r["id"] for r in rows if r["relation"] == "essential"}
    return {r["id"] for r in rows}


def near_from_rows(rows: Sequence[RequirementRow], source: str) -> set[str]:
    """O*NET elements the occupation rates just below important (related credit); empty for ESCO."""
    if source != Source.ONET:
        return set()
    return {r["id"] for r in rows if r["relation"] != "essential" and (r.get("importance") or 0.0) >= NEAR_IMPORTANCE}


def credits(
    targets: Iterable[str],
    held: set[str],
    relations: Mapping[str, Sequence[RelatedConcept]],
    *,
    near: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[str, Credit]:
    """The credit of each of ``targets`` for someone holding ``held``.

    ``relations`` must hold :meth:`GraphStore.related_concepts` for (at least) the targets
    that are not held. ``near``: O*NET elements rated just below important.

    Examples
    --------
    >>> rel = {"b": [RelatedConcept("a", 0.5)], "c": [RelatedConcept("a", 0.25), RelatedConcept("x", 0.5)]}
    >>> {k: v.value for k, v in credits(["a", "b", "c", "d"], {"a"}, rel).items()}
    {'a': 1.0, 'b': 0.5, 'c': 0.25, 'd': 0.0}
    """
    out: dict[str, Credit] = {}
    for target in targets:
        if target in held:
            out[target] = Credit(1.0)
            continue
        best = NEAR_CREDIT if target in near else 0.0
        via: list[str] = [target] if target in near else []
        for other, strength in relations.get(target, ()):
            if other in held and strength >= best:
                if strength > best:
                    via = []
                best = strength
                via.append(other)
        out[target] = Credit(best, tuple(sorted(set(via))) if best > 0 else ())
    return out


def coverage_value(essential_ids: Sequence[str], credit: Mapping[str, Credit]) -> float | None:
    """Σ credit / count over ``essential_ids`` (None when there are none)."""
    if not essential_ids:
        return None
    return sum(credit[c].value if c in credit else 0.0 for c in essential_ids) / len(essential_ids)
