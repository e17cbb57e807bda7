"""The few skills that would open the most additional roles if learned next.

Definitions (``bar`` and ``min_essential`` are parameters; defaults in brackets):

* a role's **coverage** is the share of its essential requirements the skill set brings,
  related skills counting partly — the one definition of :mod:`skillgraph.queries.credit`,
  as every page shows it;
* a role is **open** to the skill set when its coverage reaches the bar [0.5 — half of
  its essential skills and knowledge]; roles with fewer than ``min_essential`` [5]
  essential requirements are left out, because one skill moves their coverage by 20 %
  or more;
* learning a missing skill *s* adds what its credit lacks (1, or ½ / ¾ when a related
  skill is held) to every role that needs it; its **leverage** is the number of roles that
  are not open now and would be with *s* learned;
* its **coverage gain** is the coverage the skill adds summed over the roles the skill
  set already partly covers that need *s*: Σ (1 − credit) / essential_count. It separates
  skills that open the same number of roles and ranks skills when none opens a role.

Skills are ranked by leverage, then coverage gain, then label (``rank_by="gain"``
swaps the first two). Everything is computed at once for every candidate skill as
sparse products over the occupation × concept matrix of :mod:`skillgraph.queries.essentials`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.essentials import check_skill_ids, credit_vector, essential_matrix
from skillgraph.queries.explain import OccupationRef

__all__ = ["OpenedRole", "LeverageSkill", "SkillLeverage", "skill_leverage", "DEFAULT_BAR", "DEFAULT_MIN_ESSENTIAL"]

DEFAULT_BAR = 0.5
DEFAULT_MIN_ESSENTIAL = 5


@dataclass(frozen=True, slots=True)
class OpenedRole:
    """A role a skill would open: its coverage now and with the skill."""

    occupation: OccupationRef
    coverage_before: float
    coverage_after: float


@dataclass(frozen=True)
class LeverageSkill:
    """A missing skill and what learning it would change."""

    id: str
    label: str
    kind: str  # Skill | Knowledge
    opens: int  # roles that would reach the bar
    coverage_gain: float  # summed over partly covered roles that need it
    roles_needing: int  # partly covered roles that list it as essential
    opened_roles: tuple[OpenedRole, ...]  # the first few of ``opens``, closest first


@dataclass(frozen=True)
class SkillLeverage:
    """The answer to "which skill would open the most roles?"."""

    source: str
    bar: float
    min_essential: int
    open_now: int  # roles the skill set already opens
    skills: tuple[LeverageSkill, ...]


def skill_leverage(
    store: GraphStore,
    skill_ids: Sequence[str],
    *,
    limit: int = 5,
    bar: float = DEFAULT_BAR,
    min_essential: int = DEFAULT_MIN_ESSENTIAL,
    source: str = Source.ESCO,
    rank_by: str = "opens",
    roles_per_skill: int = 5,
) -> SkillLeverage:
    """The ``limit`` missing skills that would open the most roles (see the module docstring).

    Parameters
    ----------
    skill_ids : sequence of str
        The skill set (ESCO skill / knowledge ids, or ``onet:`` ids with source O*NET).
    limit : int
        At most this many skills (1–50).
    bar : float
        Coverage a role needs to count as open (0 < bar ≤ 1).
    min_essential : int
        Roles with fewer essential requirements are left out (1–50).
    rank_by : {"opens", "gain"}
    roles_per_skill : int
        How many opened roles to name per skill (0–50).

    Raises
    ------
    UnknownSkillError
        An id is not a skill or knowledge concept (with close labels).
    InvalidArgumentError
        No ids, or a parameter out of range.

    Examples
    --------
    >>> result = skill_leverage(store, developer_skill_ids, limit=3)  # doctest: +SKIP
    >>> [(s.label, s.opens) for s in result.skills]  # doctest: +SKIP
    """
    if not isinstance(limit, int) or not 1 <= limit <= 50:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 50, got {limit!r}")
    if not isinstance(bar, (int, float)) or not 0.0 < bar <= 1.0:
        raise InvalidArgumentError(f"bar must be above 0 and at most 1, got {bar!r}")
    if not isinstance(min_essential, int) or not 1 <= min_essential <= 50:
        raise InvalidArgumentError(f"min_essential must be an integer from 1 to 50, got {min_essential!r}")
    if rank_by not in ("opens", "gain"):
        raise InvalidArgumentError(f"rank_by must be 'opens' or 'gain', got {rank_by!r}")
    if not isinstance(roles_per_skill, int) or not 0 <= roles_per_skill <= 50:
        raise InvalidArgumentError(f"roles_per_skill must be an integer from 0 to 50, got {roles_per_skill!r}")
    ids = check_skill_ids(store, skill_ids)
    em = essential_matrix(store, source)
    matrix = em.matrix
    counts = em.essential_counts.astype(np.float64)
    have = credit_vector(store, em, ids)  # 1 held, ½ or ¼ related, 0 missing
    covered = matrix @ have
    eligible = counts >= min_essential
    need = bar * counts - 1e-9
    open_now = eligible & (covered >= need)
    partly = eligible & (covered > 0)
    # Learning a skill adds what its credit lacks (1 − credit) to every role that needs it;
    # credits take few values, so "one skill short" is counted once per value.
    opens = np.zeros(len(em.concept_ids))
    for level in np.unique(have[have < 1.0]):
        short = eligible & ~open_now & (covered + (1.0 - level) >= need)
        column = np.asarray(matrix.T @ short.astype(np.float64)).ravel()
        at_level = have == level
        opens[at_level] = column[at_level]
    weights = np.where(partly, 1.0 / np.maximum(counts, 1), 0.0)
    gain = np.asarray(matrix.T @ weights).ravel() * (1.0 - have)
    needing = np.asarray(matrix.T @ partly.astype(np.float64)).ravel()
    owned = have >= 1.0
    opens[owned] = 0.0
    gain[owned] = 0.0
    candidates = np.flatnonzero((opens > 0) | (gain > 0))
    if rank_by == "opens":
        order = sorted(
            candidates, key=lambda j: (-round(opens[j]), -round(gain[j], 9), em.concept_labels[em.concept_ids[j]].lower())
        )
    else:
        order = sorted(
            candidates, key=lambda j: (-round(gain[j], 9), -round(opens[j]), em.concept_labels[em.concept_ids[j]].lower())
        )
    top = order[:limit]
    csc = matrix.tocsc()
    opened: dict[int, list[int]] = {}
    for j in top:
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        added = 1.0 - have[j]
        hits = [int(r) for r in rows if eligible[r] and not open_now[r] and covered[r] + added >= need[r]]
        # Closest first: the highest coverage with the skill, then the fewest requirements.
        hits.sort(key=lambda r: (-(covered[r] + added) / counts[r], counts[r], em.occupation_ids[r]))
        opened[j] = hits[:roles_per_skill]
    props = store.nodes(em.occupation_ids[r] for rows in opened.values() for r in rows)
    skills = []
    for j in top:
        concept = em.concept_ids[j]
        skills.append(
            LeverageSkill(
                id=concept,
                label=em.concept_labels[concept],
                kind=em.concept_kinds[concept],
                opens=int(round(opens[j])),
                coverage_gain=float(gain[j]),
                roles_needing=int(round(needing[j])),
                opened_roles=tuple(
                    OpenedRole(
                        OccupationRef.from_props(props[em.occupation_ids[r]]),
                        float(covered[r] / counts[r]),
                        float((covered[r] + 1.0 - have[j]) / counts[r]),
                    )
                    for r in opened[j]
                ),
            )
        )
    return SkillLeverage(str(source), float(bar), min_essential, int(open_now.sum()), tuple(skills))
