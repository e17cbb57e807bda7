"""The store interface every backend implements: small, row-returning reads.

Public query functions (``queries/``) validate their input, call these methods and
assemble frozen result records, so the same question asked of the memory store and of
Neo4j goes through the same Python code and returns the same rows. Each method returns
the typed rows declared here (``TypedDict``: plain dicts with a declared shape, whose keys
are the snake_case property names of :mod:`skillgraph.graph.model`), the same shape from
both stores, and sorts deterministically. Node properties (:data:`NodeProps`) are the
fields of the node's record in :mod:`skillgraph.graph.model` plus ``kind``.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias, TypedDict

import numpy as np

__all__ = [
    "GraphStore",
    "StoreMeta",
    "SearchEntry",
    "NodeProps",
    "RequirementRow",
    "TechnologyRow",
    "OnetMatchRow",
    "HierarchyRow",
    "Hierarchy",
    "SimilarRow",
    "SimilarityEdge",
    "RelatedConcept",
    "ScoreRow",
    "Transitions",
]

#: A node's properties: its record's fields (see :mod:`skillgraph.graph.model`) plus ``kind``.
NodeProps: TypeAlias = dict[str, Any]


class RequirementRow(TypedDict):
    """One REQUIRES edge of an occupation, with the concept's properties."""

    id: str
    label: str
    kind: str  # Skill | Knowledge
    skill_type: str
    reuse_level: str
    description: str
    relation: str  # essential | optional
    importance: float | None  # O*NET importance (1–5), None for ESCO
    level: float | None  # O*NET level (0–7), None for ESCO
    group_id: str
    group_label: str


class TechnologyRow(TypedDict):
    """A technology or tool an occupation uses (an ESCO one through SAME_AS)."""

    id: str
    label: str
    category: str  # software | tool
    commodity_title: str
    hot: bool
    in_demand: bool
    via: str  # the O*NET code it comes from


class OnetMatchRow(TypedDict):
    """A SAME_AS neighbour of an occupation (crosswalk match)."""

    id: str
    label: str
    source: str
    confidence: float
    inherited: bool
    inherited_from: str


class HierarchyRow(TypedDict):
    """A broader/narrower occupation or an ISCO group."""

    id: str
    label: str
    code: str


class Hierarchy(TypedDict):
    """An occupation's place in the occupation hierarchy."""

    broader: list[HierarchyRow]
    narrower: list[HierarchyRow]
    isco: list[HierarchyRow]  # unit group first, up to the major group


class SimilarRow(TypedDict):
    """A materialised SIMILAR_TO edge from an occupation."""

    target_id: str
    rank: int
    score: float
    coverage: float | None  # share of the target's essentials the origin has
    reverse_coverage: float | None
    jaccard: float
    shared_essential: int
    shared_optional: int
    missing_essential: int


class SimilarityEdge(NamedTuple):
    """A materialised SIMILAR_TO edge as the transition graph reads it."""

    origin: str
    target: str
    score: float
    coverage: float | None


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


class RelatedConcept(NamedTuple):
    """A concept related to another, and the coverage credit the relation gives (0–1)."""

    id: str
    credit: float


@dataclass(frozen=True)
class ScoreRow:
    """Every pair score from one occupation (arrays aligned with its space's ``ids``)."""

    source: str
    position: int  # of the occupation in its space
    score: np.ndarray  # float32: similarity to every occupation of the space
    coverage_out: np.ndarray  # float32: share of each occupation's essentials this one brings
    coverage_in: np.ndarray  # float32: share of this one's essentials each occupation brings
    parts: dict[str, np.ndarray]  # float16 components of the score


@dataclass(frozen=True)
class Transitions:
    """The realistic moves of one space as CSR arrays over its ``ids``."""

    source: str
    indptr: np.ndarray  # int64, n + 1
    indices: np.ndarray  # int32 target positions
    score: np.ndarray  # float32
    coverage: np.ndarray  # float32


class GraphStore(abc.ABC):
    """Read access to a loaded skills graph."""

    backend: str = "abstract"

    # -- what is loaded ---------------------------------------------------------------
    @abc.abstractmethod
    def meta(self) -> StoreMeta:
        """Versions, counts and similarity settings of the loaded data."""

    # -- nodes --------------------------------------------------------------------------
    @abc.abstractmethod
    def nodes(self, ids: Iterable[str]) -> dict[str, NodeProps]:
        """Properties (plus ``kind``) of each existing id among ``ids``."""

    def node(self, node_id: str) -> NodeProps | None:
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
    def requirements(self, occupation_ids: Sequence[str]) -> dict[str, list[RequirementRow]]:
        """REQUIRES rows of each occupation.

        Row keys: ``id, label, kind, skill_type, reuse_level, description, relation,
        importance, level, group_id, group_label``. Sorted essential first, then by
        importance (descending, O*NET) and label.
        """

    @abc.abstractmethod
    def technologies(self, occupation_id: str) -> list[TechnologyRow]:
        """Technologies and tools of an occupation (an ESCO one through SAME_AS).

        Row keys: ``id, label, category, commodity_title, hot, in_demand, via``
        (``via``: the O*NET code it comes from). Hot first, then in demand, then label.
        """

    @abc.abstractmethod
    def onet_matches(self, occupation_id: str) -> list[OnetMatchRow]:
        """SAME_AS neighbours: for an ESCO id its O*NET occupations, for an O*NET code the
        ESCO occupations mapped to it. Keys: ``id, label, source, confidence, inherited,
        inherited_from``; highest confidence first, direct before inherited, then label."""

    @abc.abstractmethod
    def hierarchy(self, occupation_id: str) -> Hierarchy:
        """``broader``, ``narrower`` occupations and ``isco`` groups (unit group up to the
        major group) of an occupation; rows have ``id, label, code``."""

    # -- similarity (materialised by the engine) ------------------------------------------
    @abc.abstractmethod
    def similar(self, occupation_id: str, *, limit: int | None = None) -> list[SimilarRow]:
        """SIMILAR_TO rows from an occupation, by rank.

        Keys: ``target_id, rank, score, coverage, reverse_coverage, jaccard,
        shared_essential, shared_optional, missing_essential``.
        """

    @abc.abstractmethod
    def related_concepts(
        self, concept_ids: Iterable[str], *, among: Iterable[str] | None = None
    ) -> dict[str, list[RelatedConcept]]:
        """For each concept, the concepts related to it with the coverage credit each
        relation gives (see :mod:`skillgraph.queries.credit`): one broader/narrower step or an
        ESCO skill–skill relation, and skills of the same skill group (weaker). With
        ``among``, only related concepts in that set (what someone holds: a skill group can
        have hundreds of members). Only concepts with at least one relation appear; lists
        are sorted by id."""

    # -- every pair (computed by the engine) ---------------------------------------------
    @abc.abstractmethod
    def space_ids(self, source: str) -> tuple[str, ...]:
        """The occupations of one taxonomy in the order of :class:`ScoreRow` arrays (empty
        when the space was not computed)."""

    @abc.abstractmethod
    def score_rows(self, occupation_ids: Sequence[str]) -> dict[str, ScoreRow]:
        """Similarity and coverage of each occupation with every occupation of its taxonomy
        (ids without a row are left out). Callers must not modify the arrays."""

    @abc.abstractmethod
    def transitions(self, source: str) -> Transitions | None:
        """The realistic moves of a taxonomy (score ≥ threshold, coverage ≥ the minimum
        step share) as CSR arrays over :meth:`space_ids`; None when not computed."""

    def close(self) -> None:  # not abstract: optional for backends without resources
        """Release connections (no-op for the embedded store)."""
