"""The facts every ranking filters on, as arrays aligned with a similarity space: each
occupation's family, ISCO (SOC) major and minor group and job zone.

Built once per store and taxonomy from :meth:`GraphStore.space_ids` and
:meth:`GraphStore.nodes` (so it works on every backend) and cached; filters over all 3,007
ESCO roles are then a few vectorised comparisons.

Groups
------
* **major group**: ISCO-08 major group (first digit) for ESCO, SOC major group (first two
  digits) for O*NET;
* **minor group** — "the same field": ISCO-08 minor group (first three digits) for ESCO,
  SOC minor group (``41-10`` of ``41-1011.00``, i.e. 41-1000) for O*NET. A move *into another field* leaves
  both the origin's family and its minor group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from skillgraph.graph.model import Source, isco_skill_level
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef
from skillgraph.queries.store_cache import per_store

__all__ = ["OccupationTable", "occupation_table", "major_group", "minor_group", "realistic_mask"]


def major_group(ref: OccupationRef) -> str:
    """ISCO major group (first digit) for ESCO roles, SOC major group (first two) for O*NET.

    Examples
    --------
    >>> major_group(OccupationRef("x", "x", "ESCO", isco_code="1420")), major_group(OccupationRef("41-1011.00", "x", "O*NET", "41-1011.00"))
    ('1', '41')
    """
    if ref.source == Source.ONET:
        return ref.code[:2]
    return ref.isco_code[:1]


def minor_group(ref: OccupationRef) -> str:
    """ISCO minor group (three digits) for ESCO roles, SOC minor group (``41-10``) for O*NET.

    Examples
    --------
    >>> minor_group(OccupationRef("x", "x", "ESCO", isco_code="1420")), minor_group(OccupationRef("41-1011.00", "x", "O*NET", "41-1011.00"))
    ('142', '41-10')
    """
    if ref.source == Source.ONET:
        return ref.code[:5]
    return ref.isco_code[:3]


@dataclass
class OccupationTable:
    """Per-occupation facts of one space, in the order of its score rows."""

    source: str
    ids: tuple[str, ...]
    refs: tuple[OccupationRef, ...]
    family: np.ndarray  # int: same number, same family
    major: np.ndarray  # str
    minor: np.ndarray  # str
    job_zone: np.ndarray  # int, 0 when unknown
    skill_level: np.ndarray  # ISCO-08 skill level (1–4), 0 when unknown
    position: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {occupation: i for i, occupation in enumerate(self.ids)}

    def other_field(self, origin: int) -> np.ndarray:
        """True where a role is outside the origin's family and minor group."""
        out = (self.family != self.family[origin]) & (self.minor != self.minor[origin])
        out[origin] = False
        return out


@per_store
def occupation_table(store: GraphStore, source: str) -> OccupationTable:
    """The (cached) table of ``source``'s similarity space; callers must not modify it."""
    ids = store.space_ids(source)
    props = store.nodes(ids)
    refs = tuple(OccupationRef.from_props(props[i]) for i in ids)
    families: dict[str, int] = {}
    family = np.array([families.setdefault(r.family_id or r.id, len(families)) for r in refs], dtype=np.int32)
    return OccupationTable(
        source=source,
        ids=ids,
        refs=refs,
        family=family,
        major=np.array([major_group(r) for r in refs], dtype=object),
        minor=np.array([minor_group(r) for r in refs], dtype=object),
        job_zone=np.array([r.job_zone or 0 for r in refs], dtype=np.int32),
        skill_level=np.array([isco_skill_level(r.isco_code) or 0 for r in refs], dtype=np.int32),
    )


def realistic_mask(
    score: np.ndarray,
    coverage: np.ndarray,
    origin_zone: int,
    zones: np.ndarray,
    *,
    threshold: float,
    min_coverage: float,
    zone_step: int = 1,
) -> np.ndarray:
    """Where a move from an origin (job zone ``origin_zone``, 0 unknown) is realistic:
    similarity at the threshold, at least ``min_coverage`` of the target's essentials
    brought, and a job-zone change of at most ``zone_step`` when both zones are known."""
    ok = (score >= threshold) & (np.nan_to_num(coverage, nan=0.0) >= min_coverage)
    if origin_zone:
        ok &= (zones == 0) | (np.abs(zones - origin_zone) <= zone_step)
    return ok
