"""The bars of a realistic move, as the engine calibrated them for the loaded data."""

from __future__ import annotations

from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore

__all__ = ["viability_threshold", "min_step_coverage", "realistic_move", "DEFAULT_MIN_STEP_COVERAGE"]

#: Used when the loaded data does not record the engine's value.
DEFAULT_MIN_STEP_COVERAGE = 0.2


def _prefix(source: str) -> str:
    return "esco" if source == Source.ESCO else "onet"


def viability_threshold(store: GraphStore, source: str) -> float:
    """The viability threshold of ``source``'s similarity space (0 if unknown)."""
    return float(store.meta().similarity.get(f"{_prefix(source)}_threshold", 0.0))


def min_step_coverage(store: GraphStore, source: str) -> float:
    """The share of a target's essential requirements a realistic move must bring."""
    value = store.meta().similarity.get(f"{_prefix(source)}_min_step_coverage")
    return float(value) if value is not None else DEFAULT_MIN_STEP_COVERAGE


def realistic_move(
    store: GraphStore, origin_zone: int | None, target_zone: int | None, source: str, score: float, coverage: float | None
) -> bool:
    """Whether a move is realistic: similarity at the threshold, at least the minimum share
    of the target's essential requirements brought, and a job-zone change of at most one
    (when both zones are known)."""
    if score < viability_threshold(store, source):
        return False
    if (coverage or 0.0) < min_step_coverage(store, source):
        return False
    return not (origin_zone and target_zone and abs(origin_zone - target_zone) > 1)
