"""The store interface every backend implements: small, row-returning reads.

Public query functions (``queries/``) validate their input, call these methods and
assemble frozen result records, so the same question asked of the memory store and of
Neo4j goes through the same Python code and returns the same rows. Each method returns
plain dicts whose keys are the snake_case property names of :mod:`graph.model`, or
column names documented on the method, and sorts deterministically.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GraphStore", "StoreMeta", "SearchEntry"]


@dataclass(frozen=True)
class StoreMeta:
    """What is loaded: data versions, counts, when, and the similarity settings."""

    backend: str
    versions: dict[str, str]
    node_counts: dict[str, int]
    edge_counts: dict[str, int]
    built_at: str = ""
    sources: tuple[tuple[str, str], ...] = ()
    skipped: tuple[tuple[str, int], ...] = ()  # (reason, count)
    notes: tuple[str, ...] = ()
    similarity: dict[str, Any] = field(default_factory=dict)  # threshold, weights, top_k …
    complete: bool = True
    address: str = ""


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One searchable text of an occupation or a skill."""

    id: str
    text: str
    field: str  # label | alt_label | alt_title
    source: str
    label: str  # the preferred label of ``id``


class GraphStore(abc.ABC):
    """Read access to a loaded skills graph."""

    backend: str = "abstract"

    # -- what is loaded ---------------------------------------------------------------
    @abc.abstractmethod
    def meta(self) -> StoreMeta:
        """Versions, counts and similarity settings of the loaded data."""

    # -- nodes --------------------------------------------------------------------------
    @abc.abstractmethod
    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Properties (plus ``kind``) of each existing id among ``ids``."""

    def node(self, node_id: str) -> dict[str, Any] | None:
        """Properties (plus ``kind``) of one node, or None."""
        return self.nodes([node_id]).get(node_id)

    @abc.abstractmethod
    def occupation_ids(self, source: str | None = None) -> list[str]:
        """Ids of every occupation (of one source, if given), sorted."""

    @abc.abstractmethod
    def occupation_search_entries(self) -> Sequence[SearchEntry]:
        """Preferred labels, ESCO alt labels and O*NET alternate titles of every occupation."""

    @abc.abstractmethod
    def skill_search_entries(self) -> Sequence[SearchEntry]:
        """Preferred and alt labels of every Skill and Knowledge node."""

    # -- one occupation's neighbourhood ------------------------------------------------------
    @abc.abstractmethod
    def requirements(self, occupation_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """REQUIRES rows of each occupation.

        Row keys: ``id, label, kind, skill_type, reuse_level, description, relation,
        importance, level, group_id, group_label``. Sorted essential first, then by
        importance (descending, O*NET) and label.
        """

    @abc.abstractmethod
    def technologies(self, occupation_id: str) -> list[dict[str, Any]]:
        """Technologies and tools of an occupation (an ESCO one through SAME_AS).

        Row keys: ``id, label, category, commodity_title, hot, in_demand, via``
        (``via``: the O*NET code it comes from). Hot first, then in demand, then label.
        """

    @abc.abstractmethod
    def onet_matches(self, occupation_id: str) -> list[dict[str, Any]]:
        """SAME_AS neighbours: for an ESCO id its O*NET occupations, for an O*NET code the
        ESCO occupations mapped to it. Keys: ``id, label, source, confidence, inherited,
        inherited_from``; highest confidence first, direct before inherited, then label."""

    @abc.abstractmethod
    def hierarchy(self, occupation_id: str) -> dict[str, list[dict[str, Any]]]:
        """``broader``, ``narrower`` occupations and ``isco`` groups (unit group up to the
        major group) of an occupation; rows have ``id, label, code``."""

    @abc.abstractmethod
    def group_labels(self, group_ids: Iterable[str]) -> dict[str, str]:
        """Preferred label of each skill group id."""

    # -- similarity (materialised by the engine) ------------------------------------------
    @abc.abstractmethod
    def similar(self, occupation_id: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        """SIMILAR_TO rows from an occupation, by rank.

        Keys: ``target_id, rank, score, coverage, reverse_coverage, jaccard,
        shared_essential, shared_optional, missing_essential``.
        """

    @abc.abstractmethod
    def similarity_edges(self, source: str, *, min_score: float = 0.0) -> list[tuple[str, str, float, float | None]]:
        """Every materialised SIMILAR_TO edge between occupations of ``source`` whose score
        is at least ``min_score``, as ``(origin, target, score, coverage)``, sorted."""

    @abc.abstractmethod
    def related_concepts(self, concept_ids: Iterable[str]) -> dict[str, list[str]]:
        """For each concept, the concepts related to it (near matches): skills of the same
        skill group (Skill nodes only) and concepts one BROADER step away, either direction.
        Only concepts with at least one relation appear; lists are sorted."""

    @abc.abstractmethod
    def essential_matches(
        self, source: str, concept_ids: Sequence[str], near_ids: Sequence[str]
    ) -> list[dict[str, Any]]:
        """Occupations of ``source`` that have any of ``concept_ids`` or ``near_ids`` among
        their essential requirements. Keys: ``id, matched, near, essential_count``
        (``near`` counts essential requirements in ``near_ids`` but not in ``concept_ids``)."""

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release connections (no-op for the embedded store)."""
