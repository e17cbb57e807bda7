"""The essential requirements of every occupation of one taxonomy as a sparse 0/1 matrix,
so that "how much of each role does this skill set cover?" is one sparse product.

Built once per store from :meth:`GraphStore.requirements` (so it works on every
backend) and cached; callers must not modify it. *Essential* has the meaning of the
engine's coverage (:mod:`skillgraph.queries.explain`): ESCO's ``essential`` relation, or an O*NET
element the occupation rates important.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.search import check_skill_ids
from skillgraph.queries.store_cache import per_store

__all__ = [
    "EssentialMatrix",
    "essential_matrix",
    "check_skill_ids",
    "profile_credits",
    "credit_vector",
    "profile_credit_coverage",
]

# check_skill_ids lives with the other id checks in queries.search; re-exported here.


@dataclass
class EssentialMatrix:
    """Occupations × concepts, 1 where the concept is an essential requirement."""

    source: str
    occupation_ids: list[str]
    concept_ids: list[str]
    matrix: sp.csr_matrix  # float64 0/1, occupations × concepts
    concept_labels: dict[str, str]
    concept_kinds: dict[str, str]
    occupation_position: dict[str, int] = field(default_factory=dict)
    concept_position: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.occupation_position = {o: i for i, o in enumerate(self.occupation_ids)}
        self.concept_position = {c: i for i, c in enumerate(self.concept_ids)}

    @property
    def essential_counts(self) -> np.ndarray:
        """Number of essential requirements of each occupation."""
        return np.diff(self.matrix.indptr)

    def indicator(self, concept_ids: Iterable[str]) -> np.ndarray:
        """0/1 vector over the concepts (ids that no occupation needs are ignored)."""
        vector = np.zeros(len(self.concept_ids))
        for concept_id in concept_ids:
            position = self.concept_position.get(concept_id)
            if position is not None:
                vector[position] = 1.0
        return vector

    def matched(self, concept_ids: Iterable[str]) -> np.ndarray:
        """Per occupation, how many of its essential requirements are in ``concept_ids``."""
        return np.rint(self.matrix @ self.indicator(concept_ids)).astype(np.int64)


def essential_matrix(store: GraphStore, source: str = Source.ESCO) -> EssentialMatrix:
    """The (cached) essential-requirement matrix of ``source``'s occupations."""
    if source not in (Source.ESCO, Source.ONET):
        raise InvalidArgumentError(f"source must be ESCO or O*NET, got {source!r}")
    return _build(store, str(source))


@per_store
def _build(store: GraphStore, source: str) -> EssentialMatrix:
    occupation_ids = store.occupation_ids(source)
    rows = store.requirements(occupation_ids)
    concept_position: dict[str, int] = {}
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    indptr = [0]
    indices: list[int] = []
    for occupation_id in occupation_ids:
        seen = set()
        for row in rows.get(occupation_id, ()):
            if row["relation"] != "essential":
                continue
            position = concept_position.setdefault(row["id"], len(concept_position))
            labels[row["id"]] = row["label"]
            kinds[row["id"]] = row["kind"]
            if position not in seen:
                seen.add(position)
                indices.append(position)
        indptr.append(len(indices))
    concept_ids = list(concept_position)
    matrix = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(occupation_ids), len(concept_ids)),
    )
    matrix.sort_indices()
    return EssentialMatrix(source, list(occupation_ids), concept_ids, matrix, labels, kinds)


def profile_credits(store: GraphStore, skill_ids: Iterable[str]) -> dict[str, float]:
    """Concept → credit for someone holding ``skill_ids``: 1 for each held concept, and the
    strongest relation's credit for every concept related to one (see
    :mod:`skillgraph.queries.credit`). Relations are symmetric, so one
    :meth:`GraphStore.related_concepts` call over the held concepts reaches them all."""
    held = list(dict.fromkeys(skill_ids))
    out: dict[str, float] = {}
    for related in store.related_concepts(held).values():
        for other, credit in related:
            if credit > out.get(other, 0.0):
                out[other] = credit
    out.update(dict.fromkeys(held, 1.0))
    return out


def credit_vector(store: GraphStore, em: EssentialMatrix, skill_ids: Iterable[str]) -> np.ndarray:
    """:func:`profile_credits` as a vector over ``em``'s concepts."""
    vector = np.zeros(len(em.concept_ids))
    for concept, credit in profile_credits(store, skill_ids).items():
        position = em.concept_position.get(concept)
        if position is not None:
            vector[position] = credit
    return vector


def profile_credit_coverage(store: GraphStore, skill_ids: Iterable[str], source: str = Source.ESCO) -> np.ndarray:
    """Coverage of every occupation of ``source`` (in :meth:`GraphStore.space_ids` order, NaN
    for roles without essential requirements) by a skill profile, with credit for related
    skills — the one definition of :mod:`skillgraph.queries.credit`."""
    em = essential_matrix(store, source)
    vector = credit_vector(store, em, skill_ids)
    counts = em.essential_counts.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(counts > 0, (em.matrix @ vector) / np.where(counts > 0, counts, 1.0), np.nan)
    order = store.space_ids(source) or tuple(em.occupation_ids)
    if tuple(em.occupation_ids) != tuple(order):
        coverage = coverage[[em.occupation_position[o] for o in order]]
    return coverage.astype(np.float32)
