"""The similarity index: what the engine computes once per snapshot and the stores read.

:class:`EngineSettings` are the weights and sizes it was built with; a
:class:`SimilarityIndex` holds one :class:`SpaceIndex` per taxonomy (ESCO, O*NET) with
the requirement matrices, the calibrated viability threshold and the materialised top-k
similar roles of every occupation. The formulas live in :mod:`skillgraph.queries.engine`,
which builds these records; the types live here, in the graph layer, because the embedded
store and its snapshot hold them (imports run ``app → queries → graph ← loaders``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from skillgraph.graph.model import Source
from skillgraph.graph.store import ScoreRow, SimilarRow, Transitions

__all__ = ["ENGINE_VERSION", "EngineSettings", "SpaceIndex", "SimilarityIndex"]

#: Bump when a formula or default changes; snapshots are then rebuilt.
ENGINE_VERSION = "8"


@dataclass(frozen=True)
class EngineSettings:
    """Weights and sizes of the engine; every default is documented in the README.

    Parameters
    ----------
    w_essential, w_optional : float
        Weight of an essential / optional requirement in the ESCO vectors.
    idf_power : float
        Exponent of the idf weight (0 switches it off).
    group_credit : float
        β: similarity credit between skills of the same skill group (soft cosine).
    broader_credit : float
        γ: similarity credit between concepts in a direct broader/narrower relation.
    onet_weights : tuple of float
        Weights of the O*NET components (skills & knowledge, technologies, tasks,
        alternate titles, interests).
    hybrid_weight : float
        α: weight of the ESCO concept part in the hybrid ESCO score; the O*NET evidence of
        the two roles' crosswalk matches moves the score by up to 1 − α (see the engine).
    related_credit : float
        Coverage credit for a missing concept when a held one is one broader/narrower
        step away or linked to it by ESCO's skill–skill relations.
    group_related_credit : float
        Coverage credit for a missing skill when a held skill is in the same skill group.
    min_step_coverage : float
        A realistic move brings at least this share of the target's essential requirements.
    family_similarity : float
        Two occupations of the same ISCO unit group (SOC broad group) whose similarity
        reaches this are one family even without a broader/narrower link.
    top_k : int
        Similar roles materialised per occupation (SIMILAR_TO edges, for browsing).
    threshold_sd : float
        The threshold is mean − threshold_sd · SD of within-group scores.
    min_threshold_percentile : float
        The threshold is never below this percentile of all pairs' scores (a floor for a
        taxonomy whose groups are loose, so that "realistic" stays a high bar).
    fixed_threshold : float, optional
        Use this viability threshold instead of calibrating one (for experiments and
        tests; the calibration is still reported).
    """

    w_essential: float = 1.0
    w_optional: float = 0.5
    idf_power: float = 1.0
    group_credit: float = 0.2
    broader_credit: float = 0.1
    onet_weights: tuple[float, float, float, float, float] = (1.0, 1.0, 1.0, 1.0, 0.5)
    hybrid_weight: float = 0.6
    related_credit: float = 0.5
    group_related_credit: float = 0.25
    min_step_coverage: float = 0.2
    family_similarity: float = 0.6
    top_k: int = 30
    threshold_sd: float = 1.0
    min_threshold_percentile: float = 95.0
    fixed_threshold: float | None = None

    def key(self) -> str:
        """A string that changes when any setting changes (part of the snapshot fingerprint)."""
        return f"engine{ENGINE_VERSION}:" + ",".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))


def _maybe(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


@dataclass
class SpaceIndex:
    """Similarity results and requirement matrices of one taxonomy's occupations.

    Every matrix is indexed by the positions of :attr:`ids` (occupations) and
    :attr:`concept_ids` (skills and knowledge). ``score`` and ``coverage`` hold **every
    pair**; the ``top_*`` arrays are the materialised top-k (SIMILAR_TO) for browsing and
    Neo4j, never a limit on results.
    """

    source: str
    ids: list[str]
    concept_ids: list[str]
    essential: sp.csr_matrix  # occupations × concepts, 1 where essential
    has: sp.csr_matrix  # occupations × concepts, 1 where the occupation "has" the concept
    relation: sp.csr_matrix  # concepts × concepts: strength of the relation (0, 1), symmetric, no diagonal
    score: np.ndarray  # n × n float32: similarity of every pair (diagonal 0)
    coverage: np.ndarray  # n × n float32: coverage[a, b] = share of b's essentials a brings (NaN: b has none)
    parts: dict[str, np.ndarray]  # n × n float16 components of the score (NaN where absent)
    family: np.ndarray  # n int32: family number of each occupation (see families in the engine)
    top_index: np.ndarray  # n × k target positions (−1 = none)
    top_score: np.ndarray
    top_coverage: np.ndarray
    top_reverse: np.ndarray
    top_jaccard: np.ndarray  # plain Jaccard index of the two "has" sets
    top_shared_essential: np.ndarray
    top_shared_optional: np.ndarray
    top_missing: np.ndarray
    threshold: float
    threshold_percentile: float
    calibrated_threshold: float  # mean − SD of the within-group scores, before the percentile floor
    within_mean: float
    within_sd: float
    within_pairs: int
    within_total_sd: float  # plain SD of the within-group scores (the unpooled variant)
    group_name: str
    min_step_coverage: float  # a realistic move brings at least this share of the target's essentials
    position: dict[str, int] = field(default_factory=dict)
    concept_position: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {occupation: i for i, occupation in enumerate(self.ids)}
        self.concept_position = {concept: i for i, concept in enumerate(self.concept_ids)}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["position"] = {}
        state["concept_position"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def score_row(self, occupation_id: str) -> ScoreRow:
        """Every score and coverage from (and towards) one occupation, as views."""
        i = self.position[occupation_id]
        return ScoreRow(
            source=self.source,
            position=i,
            score=self.score[i],
            coverage_out=self.coverage[i],
            coverage_in=self.coverage[:, i],
            parts={name: matrix[i] for name, matrix in self.parts.items()},
        )

    def transitions(self) -> Transitions:
        """Realistic pairs as a sparse graph: score ≥ threshold and coverage ≥ min_step_coverage."""
        mask = (self.score >= self.threshold) & (np.nan_to_num(self.coverage, nan=0.0) >= self.min_step_coverage)
        np.fill_diagonal(mask, False)
        rows, cols = np.nonzero(mask)
        counts = np.bincount(rows, minlength=len(self.ids))
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return Transitions(
            source=self.source,
            indptr=indptr,
            indices=cols.astype(np.int32),
            score=self.score[rows, cols].astype(np.float32),
            coverage=self.coverage[rows, cols].astype(np.float32),
        )

    @property
    def edge_count(self) -> int:
        return int((self.top_index >= 0).sum())

    @property
    def essential_counts(self) -> np.ndarray:
        return np.diff(self.essential.indptr)

    def rows(self, occupation_id: str, limit: int | None = None) -> list[SimilarRow]:
        """SIMILAR_TO rows of one occupation, by rank."""
        i = self.position[occupation_id]
        out: list[SimilarRow] = []
        for rank, j in enumerate(self.top_index[i], start=1):
            if j < 0 or (limit is not None and rank > limit):
                break
            out.append(
                {
                    "target_id": self.ids[j],
                    "rank": rank,
                    "score": float(self.top_score[i, rank - 1]),
                    "coverage": _maybe(self.top_coverage[i, rank - 1]),
                    "reverse_coverage": _maybe(self.top_reverse[i, rank - 1]),
                    "jaccard": float(self.top_jaccard[i, rank - 1]),
                    "shared_essential": int(self.top_shared_essential[i, rank - 1]),
                    "shared_optional": int(self.top_shared_optional[i, rank - 1]),
                    "missing_essential": int(self.top_missing[i, rank - 1]),
                }
            )
        return out


@dataclass
class SimilarityIndex:
    """The engine's output for a whole graph: one :class:`SpaceIndex` per source."""

    spaces: dict[str, SpaceIndex]
    engine: EngineSettings

    def space_of(self, occupation_id: str) -> SpaceIndex | None:
        for space in self.spaces.values():
            if occupation_id in space.position:
                return space
        return None

    def similar_rows(self, occupation_id: str, *, limit: int | None = None) -> list[SimilarRow]:
        space = self.space_of(occupation_id)
        return space.rows(occupation_id, limit) if space is not None else []

    @property
    def edge_count(self) -> int:
        return sum(space.edge_count for space in self.spaces.values())

    @property
    def settings(self) -> dict[str, Any]:
        """Engine settings and each space's calibrated threshold, for display and Neo4j."""
        out: dict[str, Any] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self.engine).items()}
        out["engine_version"] = ENGINE_VERSION
        for source, space in self.spaces.items():
            prefix = "esco" if source == Source.ESCO else "onet"
            out[f"{prefix}_threshold"] = space.threshold
            out[f"{prefix}_threshold_percentile"] = space.threshold_percentile
            out[f"{prefix}_calibrated_threshold"] = space.calibrated_threshold
            out[f"{prefix}_within_mean"] = space.within_mean
            out[f"{prefix}_within_sd"] = space.within_sd
            out[f"{prefix}_within_pairs"] = space.within_pairs
            out[f"{prefix}_within_total_sd"] = space.within_total_sd
            out[f"{prefix}_group"] = space.group_name
            out[f"{prefix}_min_step_coverage"] = space.min_step_coverage
        return out

    def threshold(self, source: str) -> float:
        return self.spaces[source].threshold
