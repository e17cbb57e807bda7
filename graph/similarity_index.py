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
from skillgraph.graph.store import SimilarityEdge, SimilarRow

__all__ = ["ENGINE_VERSION", "EngineSettings", "SpaceIndex", "SimilarityIndex"]

#: Bump when a formula or default changes; snapshots are then rebuilt.
ENGINE_VERSION = "7"


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
        β: partial credit between skills of the same skill group.
    broader_credit : float
        γ: partial credit between concepts in a direct broader/narrower relation.
    onet_weights : tuple of float
        Weights of the O*NET components (skills & knowledge, technologies, tasks,
        alternate titles, interests).
    top_k : int
        Similar roles materialised per occupation (SIMILAR_TO edges).
    threshold_sd : float
        The threshold is mean − threshold_sd · SD of within-group scores.
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
    top_k: int = 30
    threshold_sd: float = 1.0
    fixed_threshold: float | None = None

    def key(self) -> str:
        """A string that changes when any setting changes (part of the snapshot fingerprint)."""
        return f"engine{ENGINE_VERSION}:" + ",".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))


def _maybe(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


@dataclass
class SpaceIndex:
    """Similarity results and requirement matrices of one source's occupations."""

    source: str
    ids: list[str]
    concept_ids: list[str]
    essential: sp.csr_matrix  # occupations × concepts, 1 where essential
    has: sp.csr_matrix  # occupations × concepts, 1 where the occupation "has" the concept
    related: sp.csr_matrix  # concepts × concepts, 1 where related (near match), no diagonal
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
    within_mean: float
    within_sd: float
    within_pairs: int
    within_total_sd: float  # plain SD of the within-group scores (the unpooled variant)
    group_name: str
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

    @property
    def edge_count(self) -> int:
        return int((self.top_index >= 0).sum())

    @property
    def essential_counts(self) -> np.ndarray:
        return np.diff(self.essential.indptr)

    def essential_hits(self, concept_ids) -> np.ndarray:
        """Per occupation, how many of ``concept_ids`` are among its essential requirements."""
        vector = np.zeros(len(self.concept_ids))
        for concept_id in concept_ids:
            position = self.concept_position.get(concept_id)
            if position is not None:
                vector[position] = 1.0
        return np.rint(self.essential @ vector).astype(np.int64)

    def edges(self, min_score: float = 0.0) -> list[SimilarityEdge]:
        """All materialised edges with score ≥ ``min_score``: (origin, target, score, coverage)."""
        out = []
        for i, origin in enumerate(self.ids):
            for rank, j in enumerate(self.top_index[i]):
                if j < 0:
                    break
                score = float(self.top_score[i, rank])
                if score >= min_score:
                    out.append(SimilarityEdge(origin, self.ids[j], score, _maybe(self.top_coverage[i, rank])))
        out.sort()
        return out

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
            out[f"{prefix}_within_mean"] = space.within_mean
            out[f"{prefix}_within_sd"] = space.within_sd
            out[f"{prefix}_within_pairs"] = space.within_pairs
            out[f"{prefix}_within_total_sd"] = space.within_total_sd
            out[f"{prefix}_group"] = space.group_name
        return out

    def threshold(self, source: str) -> float:
        return self.spaces[source].threshold
