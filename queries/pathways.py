"""Progression paths between roles — or from a person's skills to a role — one realistic
move at a time, over the full graph of realistic moves; and open growth paths.

The transition graph has an edge for every pair of one taxonomy whose move is realistic:
similarity at the calibrated viability threshold and at least the minimum share of the
target's essential requirements already brought (no "0 %" steps). A step origin → target
costs

    cost = (1 − score) + (1 − coverage)

— how different the roles are plus the share of the target's essential requirements still
to acquire — so the cheapest path is the one with the least to learn. Each step changes the
job zone by at most one, unless the goal is further away than one zone per allowed step
(then by at most what the goal needs per step). Paths stay inside one taxonomy.

**k best paths**: every simple path of at most ``max_steps`` (≤ 6) moves is a prefix from the
start joined with a suffix to the goal at a meeting role; keeping, per meeting role, the
k + 4 cheapest prefixes and suffixes gives the k cheapest paths (the graph has tens of
realistic moves per role, so this is a few thousand candidates, not a search over millions).

**From a skill profile** the first move goes to a role whose essential requirements the
profile already covers at least at the minimum share (with credit for related skills),
costing ``2 · (1 − coverage)``.

"Up" (growth) compares (job zone, ISCO skill level): a higher job zone, or the same job zone
(or none) and a higher ISCO-08 skill level. Growth paths never step down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source, isco_skill_level
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import NearMatch, OccupationRef, compare_held, compare_rows, related_for
from skillgraph.queries.occupation_table import occupation_table
from skillgraph.queries.profile import Requirement
from skillgraph.queries.search import check_occupation_ids
from skillgraph.queries.store_cache import per_store
from skillgraph.queries.thresholds import min_step_coverage

__all__ = [
    "PathStep",
    "CareerPath",
    "NoRoute",
    "TransitionGraph",
    "progression_paths",
    "paths_from_profile",
    "explain_no_route",
    "growth_paths",
    "step_cost",
    "transition_graph",
    "level_of",
    "zone_step",
    "MAX_STEPS",
]

#: The longest route searched (a plan of more moves is not one a counsellor would propose).
MAX_STEPS = 6
_SPARE = 4  # extra prefixes/suffixes kept per meeting role, for the simple-path filter


def step_cost(score: float, coverage: float | None) -> float:
    """Cost of one step: dissimilarity plus the share of essentials still to acquire."""
    return (1.0 - score) + (1.0 - (coverage if coverage is not None else 0.0))


@dataclass(frozen=True)
class PathStep:
    """One move: from ``origin`` to ``target``, and what it takes."""

    origin: OccupationRef
    target: OccupationRef
    score: float | None  # None for the first move from a skill profile
    coverage: float | None
    cost: float
    to_acquire: tuple[Requirement, ...]  # the target's essential requirements the origin lacks
    near_matches: tuple[NearMatch, ...]  # of those, the ones with related skills already there
    held: int = 0  # essential requirements of the target the origin already has


@dataclass(frozen=True)
class CareerPath:
    """A sequence of realistic steps; ``cost`` is the sum of the step costs."""

    steps: tuple[PathStep, ...]
    cost: float
    from_profile: bool = False  # the first step starts from a skill profile, not a role

    @property
    def occupations(self) -> tuple[OccupationRef, ...]:
        return (self.steps[0].origin, *(s.target for s in self.steps)) if self.steps else ()

    @property
    def target(self) -> OccupationRef:
        return self.steps[-1].target


@dataclass(frozen=True)
class NoRoute:
    """Why no route was found within the allowed moves."""

    max_steps: int
    nearest: OccupationRef | None  # the reachable role that brings the most of the goal
    nearest_steps: int  # moves to reach it
    nearest_coverage: float | None  # share of the goal's essentials it brings
    missing: tuple[Requirement, ...]  # the goal's essentials still missing from there
    reason: str  # one sentence for people


@dataclass
class TransitionGraph:
    """Realistic moves of one taxonomy as CSR arrays, forward and reverse."""

    source: str
    ids: tuple[str, ...]
    indptr: np.ndarray
    indices: np.ndarray
    score: np.ndarray
    coverage: np.ndarray
    cost: np.ndarray
    rindptr: np.ndarray  # reverse (in-edges): for each target, the edge numbers into it
    redges: np.ndarray
    zones: np.ndarray  # job zone of each role, 0 unknown
    position: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {occupation: i for i, occupation in enumerate(self.ids)}

    @property
    def edge_count(self) -> int:
        return len(self.indices)

    def origins(self) -> np.ndarray:
        """The origin of every edge."""
        return np.repeat(np.arange(len(self.ids), dtype=np.int32), np.diff(self.indptr))

    def has_edge(self, a: int, b: int) -> int:
        """The edge number a → b, or −1."""
        lo, hi = self.indptr[a], self.indptr[a + 1]
        k = lo + int(np.searchsorted(self.indices[lo:hi], b))
        return k if k < hi and self.indices[k] == b else -1


@per_store
def transition_graph(store: GraphStore, source: str) -> TransitionGraph:
    """The (cached) realistic moves of ``source``; callers must not modify it."""
    table = occupation_table(store, source)
    arrays = store.transitions(source)
    n = len(table.ids)
    if arrays is None:
        empty = np.zeros(0, dtype=np.int32)
        return TransitionGraph(
            source, table.ids, np.zeros(n + 1, dtype=np.int64), empty, empty.astype(np.float32),
            empty.astype(np.float32), empty.astype(np.float64), np.zeros(n + 1, dtype=np.int64), empty, table.job_zone,
        )  # fmt: skip
    cost = (1.0 - arrays.score.astype(np.float64)) + (1.0 - arrays.coverage.astype(np.float64))
    origins = np.repeat(np.arange(n, dtype=np.int32), np.diff(arrays.indptr))
    order = np.lexsort((origins, arrays.indices))
    counts = np.bincount(arrays.indices, minlength=n)
    rindptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return TransitionGraph(
        source=source,
        ids=table.ids,
        indptr=arrays.indptr,
        indices=arrays.indices,
        score=arrays.score,
        coverage=arrays.coverage,
        cost=cost,
        rindptr=rindptr,
        redges=order.astype(np.int64),
        zones=table.job_zone,
    )


def level_of(ref: OccupationRef) -> tuple[int, int]:
    """(job zone, ISCO skill level), 0 where unknown."""
    return (ref.job_zone or 0, isco_skill_level(ref.isco_code) or 0)


def zone_step(origin_zone: int | None, goal_zone: int | None, max_steps: int) -> int:
    """The largest job-zone change one step may make on the way to the goal: one, unless the
    goal is further than one zone per allowed step.

    Examples
    --------
    >>> zone_step(2, 4, 3), zone_step(1, 5, 2), zone_step(None, 4, 3)
    (1, 2, 1)
    """
    if not origin_zone or not goal_zone:
        return 1
    return max(1, math.ceil(abs(goal_zone - origin_zone) / max_steps))


# -- enumerating paths -----------------------------------------------------------------------


def _allowed(zones: np.ndarray, a: np.ndarray, b: np.ndarray, bound: int) -> np.ndarray:
    za, zb = zones[a], zones[b]
    return (za == 0) | (zb == 0) | (np.abs(za - zb) <= bound)


def _expand(
    tg: TransitionGraph, nodes: np.ndarray, cost: np.ndarray, bound: int, banned: np.ndarray, *, reverse: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Extend every partial path (rows of ``nodes``) by one edge: forward from its last node,
    or (``reverse``) backwards from its first node. Keeps simple paths only and never enters
    ``banned`` nodes."""
    end = nodes[:, 0] if reverse else nodes[:, -1]
    ptr = tg.rindptr if reverse else tg.indptr
    degree = (ptr[end + 1] - ptr[end]).astype(np.int64)
    total = int(degree.sum())
    if total == 0:
        return np.zeros((0, nodes.shape[1] + 1), dtype=np.int32), np.zeros(0)
    owner = np.repeat(np.arange(len(end)), degree)
    offsets = np.arange(total) - np.repeat(np.cumsum(degree) - degree, degree)
    slot = ptr[end][owner] + offsets
    edge = tg.redges[slot] if reverse else slot
    nxt = np.repeat(np.arange(len(tg.ids), dtype=np.int32), np.diff(tg.indptr))[edge] if reverse else tg.indices[edge]
    a, b = (nxt, end[owner]) if reverse else (end[owner], nxt)
    ok = _allowed(tg.zones, a, b, bound) & ~banned[nxt]
    ok &= ~(nodes[owner] == nxt[:, None]).any(axis=1)
    owner, nxt, edge = owner[ok], nxt[ok], edge[ok]
    grown = (
        np.concatenate([nxt[:, None], nodes[owner]], axis=1) if reverse else np.concatenate([nodes[owner], nxt[:, None]], axis=1)
    )
    return grown.astype(np.int32), cost[owner] + tg.cost[edge]


def _top_per(key: np.ndarray, cost: np.ndarray, keep: int) -> np.ndarray:
    """Indices of the ``keep`` cheapest rows for each key value, sorted by (key, cost)."""
    order = np.lexsort((cost, key))
    key_sorted = key[order]
    starts = np.flatnonzero(np.concatenate([[True], key_sorted[1:] != key_sorted[:-1]]))
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.concatenate([starts, [len(order)]])))
    return order[rank < keep]


def _k_best(
    tg: TransitionGraph,
    first_nodes: np.ndarray,
    first_cost: np.ndarray,
    start: int | None,
    goal: int,
    k: int,
    max_steps: int,
    bound: int,
    family: np.ndarray | None = None,
) -> list[tuple[float, tuple[int, ...]]]:
    """The k cheapest simple paths (after the start) ending at ``goal``, of at most
    ``max_steps`` moves; ``first_nodes`` / ``first_cost`` are the first moves' targets.

    With ``family`` (each role's family number), no path passes through another
    specialisation of the start's own family: a detour through a near-identical role of
    the start is not a different route."""
    n = len(tg.ids)
    banned = np.zeros(n, dtype=bool)
    if start is not None:
        banned[start] = True
    if family is not None and start is not None:
        banned |= family == family[start]
        banned[goal] = False
        keep = ~banned[first_nodes] | (first_nodes == goal)
        first_nodes, first_cost = first_nodes[keep], first_cost[keep]
    keep = k + _SPARE
    # Prefixes: paths start → … of 1 … ⌈max/2⌉ moves (rows exclude the start).
    prefixes = [(first_nodes[:, None].astype(np.int32), first_cost.astype(np.float64))]
    for _ in range(math.ceil(max_steps / 2) - 1):
        nodes, cost = prefixes[-1]
        prefixes.append(_expand(tg, nodes, cost, bound, banned, reverse=False))
    # Suffixes: paths … → goal of 0 … ⌊max/2⌋ moves, as the nodes before the goal.
    goal_row = np.array([[goal]], dtype=np.int32)
    suffixes = [(goal_row, np.zeros(1))]
    for _ in range(max_steps // 2):
        nodes, cost = suffixes[-1]
        suffixes.append(_expand(tg, nodes, cost, bound, banned, reverse=True))

    found: list[tuple[float, tuple[int, ...]]] = []
    for steps in range(1, max_steps + 1):
        a = math.ceil(steps / 2)
        b = steps - a
        p_nodes, p_cost = prefixes[a - 1]
        s_nodes, s_cost = suffixes[b]
        if not len(p_nodes) or not len(s_nodes):
            continue
        p_keep = _top_per(p_nodes[:, -1], p_cost, keep)
        s_keep = _top_per(s_nodes[:, 0], s_cost, keep)
        p_nodes, p_cost = p_nodes[p_keep], p_cost[p_keep]
        s_nodes, s_cost = s_nodes[s_keep], s_cost[s_keep]
        s_by_meet: dict[int, list[int]] = {}
        for row, meet in enumerate(s_nodes[:, 0].tolist()):
            s_by_meet.setdefault(meet, []).append(row)
        for row, meet in enumerate(p_nodes[:, -1].tolist()):
            for other in s_by_meet.get(meet, ()):
                path = (*p_nodes[row].tolist(), *s_nodes[other, 1:].tolist())
                if b == 0 and path[-1] != goal:
                    continue
                if len(set(path)) != len(path):
                    continue
                found.append((float(p_cost[row] + s_cost[other]), path))
    found.sort(key=lambda t: (round(t[0], 9), len(t[1]), t[1]))
    out: list[tuple[float, tuple[int, ...]]] = []
    seen: set[tuple[int, ...]] = set()
    for cost, path in found:
        if path not in seen:
            seen.add(path)
            out.append((cost, path))
            if len(out) == k:
                break
    return out


def _first_moves(tg: TransitionGraph, start: int, bound: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = tg.indptr[start], tg.indptr[start + 1]
    targets = tg.indices[lo:hi]
    ok = _allowed(tg.zones, np.full(len(targets), start), targets, bound)
    return targets[ok], tg.cost[lo:hi][ok]


# -- building the answer -----------------------------------------------------------------------


def _build_paths(
    store: GraphStore,
    tg: TransitionGraph,
    found: Sequence[tuple[float, tuple[int, ...]]],
    start: OccupationRef,
    *,
    profile: tuple[set[str], dict[str, str], np.ndarray] | None = None,
) -> tuple[CareerPath, ...]:
    """CareerPaths for node paths (positions after ``start``), with what each step takes."""
    ids = sorted({tg.ids[i] for _, path in found for i in path} | ({start.id} if profile is None else set()))
    props = store.nodes(ids)
    refs = {i: OccupationRef.from_props(props[i]) for i in ids}
    rows = store.requirements(ids)
    held = {r["id"] for i in ids for r in rows.get(i, [])} | (profile[0] if profile is not None else set())
    related = related_for(store, [rows.get(tg.ids[i], []) for _, path in found for i in path], held)
    out = []
    for total, path in found:
        steps = []
        previous: OccupationRef = start
        for depth, position in enumerate(path):
            target = refs[tg.ids[position]]
            target_rows = rows.get(target.id, [])
            if depth == 0 and profile is not None:
                held, labels, coverage = profile
                comparison = compare_held(held, labels, target_rows, related)
                score, cov = None, float(coverage[position])
                cost = 2.0 * (1.0 - cov)
            else:
                comparison = compare_rows(store, rows.get(previous.id, []), target_rows, previous.source, related)
                edge = tg.has_edge(tg.position[previous.id], position)
                score, cov, cost = float(tg.score[edge]), float(tg.coverage[edge]), float(tg.cost[edge])
            steps.append(
                PathStep(
                    origin=previous,
                    target=target,
                    score=score,
                    coverage=cov,
                    cost=cost,
                    to_acquire=comparison.missing_essential,
                    near_matches=comparison.near_matches,
                    held=len(comparison.shared_essential),
                )
            )
            previous = target
        out.append(CareerPath(tuple(steps), total, from_profile=profile is not None))
    return tuple(out)


def _check_steps(name: str, value: int, low: int, high: int) -> None:
    if not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgumentError(f"{name} must be an integer from {low} to {high}, got {value!r}")


def progression_paths(store: GraphStore, from_id: str, to_id: str, *, k: int = 3, max_steps: int = 4) -> tuple[CareerPath, ...]:
    """Up to ``k`` distinct paths from ``from_id`` to ``to_id``, cheapest first.

    Every step is a realistic move (see the module docstring); paths have at most
    ``max_steps`` steps. An empty tuple means no such path exists (see
    :func:`explain_no_route` for why).

    Raises UnknownOccupationError for unknown ids and InvalidArgumentError for the same
    id twice, ids of different taxonomies, or k / max_steps out of range.
    """
    _check_steps("k", k, 1, 10)
    _check_steps("max_steps", max_steps, 1, MAX_STEPS)
    origin, goal = _endpoints(store, from_id, to_id)
    tg = transition_graph(store, origin.source)
    if from_id not in tg.position or to_id not in tg.position:
        return ()
    bound = zone_step(origin.job_zone, goal.job_zone, max_steps)
    start = tg.position[from_id]
    first_nodes, first_cost = _first_moves(tg, start, bound)
    family = occupation_table(store, origin.source).family
    found = _k_best(tg, first_nodes, first_cost, start, tg.position[to_id], k, max_steps, bound, family)
    return _build_paths(store, tg, found, origin)


def _endpoints(store: GraphStore, from_id: str, to_id: str) -> tuple[OccupationRef, OccupationRef]:
    props = check_occupation_ids(store, [from_id, to_id])
    if from_id == to_id:
        raise InvalidArgumentError("The start and the goal are the same occupation")
    source = props[from_id]["source"]
    if props[to_id]["source"] != source:
        raise InvalidArgumentError(
            f"{props[from_id]['label']} ({source}) and {props[to_id]['label']} ({props[to_id]['source']}) "
            "are in different taxonomies; paths stay within ESCO or within O*NET"
        )
    return OccupationRef.from_props(props[from_id]), OccupationRef.from_props(props[to_id])


def profile_coverage(store: GraphStore, skill_ids: Sequence[str], source: str = Source.ESCO) -> np.ndarray:
    """Coverage of every role of ``source`` (in :meth:`GraphStore.space_ids` order) by a
    skill profile, with credit for related skills (:mod:`skillgraph.queries.credit`)."""
    from skillgraph.queries.essentials import profile_credit_coverage

    return profile_credit_coverage(store, skill_ids, source)


def paths_from_profile(
    store: GraphStore,
    skill_ids: Sequence[str],
    to_id: str,
    *,
    k: int = 3,
    max_steps: int = 3,
    label: str = "your skills",
) -> tuple[CareerPath, ...]:
    """Up to ``k`` paths from a skill profile to ``to_id``: the first move goes to a role the
    profile already covers at least at the minimum share; the rest are realistic moves.

    The profile counts as one move; ``max_steps`` counts every move including that one.
    """
    _check_steps("k", k, 1, 10)
    _check_steps("max_steps", max_steps, 1, MAX_STEPS)
    from skillgraph.queries.search import check_skill_ids

    ids = check_skill_ids(store, skill_ids)
    goal = OccupationRef.from_props(check_occupation_ids(store, [to_id])[to_id])
    tg = transition_graph(store, goal.source)
    if to_id not in tg.position:
        return ()
    coverage = profile_coverage(store, ids, goal.source)
    floor = min_step_coverage(store, goal.source)
    first = np.flatnonzero(np.nan_to_num(coverage, nan=0.0) >= floor).astype(np.int32)
    first_cost = 2.0 * (1.0 - coverage[first].astype(np.float64))
    family = occupation_table(store, goal.source).family
    found = _k_best(tg, first, first_cost, None, tg.position[to_id], k, max_steps, zone_step(None, None, max_steps), family)
    labels = {r.id: r.label for r in store_labels(store, ids)}
    start = OccupationRef(id="", label=label, source=goal.source)
    return _build_paths(store, tg, found, start, profile=(set(ids), labels, coverage))


def store_labels(store: GraphStore, ids: Sequence[str]):
    """(id, label) of each concept id, as OccupationRef-like pairs."""
    props = store.nodes(ids)
    return [OccupationRef(i, props[i]["label"], props[i].get("source", "")) for i in ids if i in props]


def explain_no_route(store: GraphStore, from_id: str, to_id: str, *, max_steps: int = 4) -> NoRoute:
    """Why :func:`progression_paths` found nothing: the role reachable within ``max_steps``
    − 1 realistic moves that brings the most of the goal's essential requirements, and what
    is still missing from there."""
    _check_steps("max_steps", max_steps, 1, MAX_STEPS)
    origin, goal = _endpoints(store, from_id, to_id)
    tg = transition_graph(store, origin.source)
    bound = zone_step(origin.job_zone, goal.job_zone, max_steps)
    rows = store.score_rows([to_id])
    if to_id not in rows or from_id not in tg.position:
        return NoRoute(max_steps, None, 0, None, (), f"{goal.label} has no similarity data to plan a route with.")
    into_goal = np.nan_to_num(rows[to_id].coverage_in, nan=0.0)  # how much each role brings to the goal
    start = tg.position[from_id]
    banned = np.zeros(len(tg.ids), dtype=bool)
    banned[start] = True
    reached = {start: 0}
    nodes, cost = _first_moves(tg, start, bound)
    layer = (nodes[:, None].astype(np.int32), cost)
    for depth in range(1, max_steps):
        for node in layer[0][:, -1].tolist():
            reached.setdefault(node, depth)
        if depth < max_steps - 1 and len(layer[0]):
            layer = _expand(tg, *layer, bound, banned, reverse=False)
            layer = (layer[0][_top_per(layer[0][:, -1], layer[1], 1)], layer[1][_top_per(layer[0][:, -1], layer[1], 1)])
    best = max(reached, key=lambda node: (into_goal[node], -reached[node], -node))
    nearest = OccupationRef.from_props(store.node(tg.ids[best]) or {})
    comparison = compare_rows(
        store, store.requirements([nearest.id]).get(nearest.id, []), store.requirements([to_id]).get(to_id, []), origin.source
    )
    moves = "1 realistic move" if max_steps == 1 else f"{max_steps} realistic moves"
    if best == start:
        reason = (
            f"No route of at most {moves} leads from {origin.label} to {goal.label}: no realistic move brings more "
            f"of its essential skills than {origin.label} itself ({_pct(into_goal[best])})."
        )
    else:
        away = f"{reached[best]} move{'s' if reached[best] != 1 else ''} away"
        reason = (
            f"No route of at most {moves} reaches {goal.label}. The closest role within reach is {nearest.label} "
            f"({away}), which brings {_pct(into_goal[best])} of its essential skills; "
            f"{fmt_count(len(comparison.gaps), 'is', 'are')} still missing from there."
        )
    return NoRoute(max_steps, nearest, reached[best], float(into_goal[best]), comparison.gaps, reason)


def fmt_count(n: int, singular_verb: str, plural_verb: str) -> str:
    """'1 is' / '3 are'."""
    return f"{n} {singular_verb if n == 1 else plural_verb}"


def _pct(value: float) -> str:
    return f"{value * 100:.0f} %"


def growth_paths(
    store: GraphStore, from_id: str, *, steps: int = 2, limit: int = 10, min_step_coverage: float | None = None
) -> tuple[CareerPath, ...]:
    """Realistic moves up from ``from_id`` within ``steps`` steps: the cheapest path to each
    higher-level role (see the module docstring), cheapest first, one per family, at most
    ``limit``.

    No step goes down or changes the job zone by more than one; roles without any level
    information are not offered as growth. ``min_step_coverage`` raises the per-step share of
    the next role's essentials above the realistic-move minimum.
    """
    _check_steps("steps", steps, 1, 4)
    _check_steps("limit", limit, 1, 50)
    if min_step_coverage is not None and not 0.0 <= min_step_coverage <= 1.0:
        raise InvalidArgumentError(f"min_step_coverage must be between 0 and 1, got {min_step_coverage!r}")
    props = check_occupation_ids(store, [from_id])
    origin = OccupationRef.from_props(props[from_id])
    tg = transition_graph(store, origin.source)
    if from_id not in tg.position:
        return ()
    table = occupation_table(store, origin.source)
    zone = table.job_zone.astype(np.int64)
    skill = np.array([isco_skill_level(r.isco_code) or 0 for r in table.refs], dtype=np.int64)
    start = tg.position[from_id]
    banned = np.zeros(len(tg.ids), dtype=bool)
    banned[start] = True

    def not_down(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        za, zb, la, lb = zone[a], zone[b], skill[a], skill[b]
        down_zone = (za > 0) & (zb > 0) & (zb < za)
        same_or_unknown = (za == 0) | (zb == 0) | (za == zb)
        down_level = same_or_unknown & (la > 0) & (lb > 0) & (lb < la)
        return ~(down_zone | down_level)

    oz, ol = zone[start], skill[start]
    up = np.where(
        (oz > 0) & (zone > 0),
        (zone > oz) | ((zone == oz) & (ol > 0) & (skill > ol)),
        (ol > 0) & (skill > 0) & (skill > ol),
    )
    floor = min_step_coverage or 0.0
    lo, hi = tg.indptr[start], tg.indptr[start + 1]
    nodes = tg.indices[lo:hi]
    ok = _allowed(tg.zones, np.full(len(nodes), start), nodes, 1) & not_down(np.full(len(nodes), start), nodes)
    ok &= tg.coverage[lo:hi] >= floor
    layer = (nodes[ok][:, None].astype(np.int32), tg.cost[lo:hi][ok].astype(np.float64))
    best: dict[int, tuple[float, tuple[int, ...]]] = {}
    for depth in range(steps):
        paths, costs = layer
        for row in np.argsort(costs, kind="stable").tolist():
            end = int(paths[row, -1])
            if up[end]:
                candidate = (float(costs[row]), tuple(paths[row].tolist()))
                if end not in best or (candidate[0], len(candidate[1]), candidate[1]) < (
                    best[end][0],
                    len(best[end][1]),
                    best[end][1],
                ):
                    best[end] = candidate
        if depth == steps - 1 or not len(paths):
            break
        grown, grown_cost = _expand(tg, paths, costs, 1, banned, reverse=False)
        if len(grown):
            keep = not_down(grown[:, -2], grown[:, -1]) & (tg.coverage[_edges_of(tg, grown[:, -2], grown[:, -1])] >= floor)
            grown, grown_cost = grown[keep], grown_cost[keep]
            # The cheapest way to each role is enough to go on from it.
            chosen = _top_per(grown[:, -1], grown_cost, 1)
            grown, grown_cost = grown[chosen], grown_cost[chosen]
        layer = (grown, grown_cost)
    ranked = []
    families: set[int] = set()
    for candidate in sorted(best.values(), key=lambda t: (round(t[0], 9), len(t[1]), t[1])):
        family = int(table.family[candidate[1][-1]])
        if family in families:  # one growth move per family of near-identical specialisations
            continue
        families.add(family)
        ranked.append(candidate)
        if len(ranked) == limit:
            break
    return _build_paths(store, tg, ranked, origin)


def _edges_of(tg: TransitionGraph, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Edge numbers of the pairs a → b (which must exist)."""
    return np.array([tg.has_edge(int(x), int(y)) for x, y in zip(a.tolist(), b.tolist(), strict=True)], dtype=np.int64)
