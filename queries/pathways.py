"""Progression paths between roles, one viable step at a time, and open growth paths.

The transition graph has one edge per materialised SIMILAR_TO pair whose score reaches
the calibrated viability threshold of its taxonomy. A step origin → target costs

    cost = (1 − score) + (1 − coverage)

— how different the roles are plus the share of the target's essential requirements
still to acquire — so the cheapest path is the one with the least to learn across
similar roles. Paths stay inside one taxonomy (ESCO or O*NET).

"Up" (growth) compares (job zone, ISCO skill level): a higher job zone, or the same
job zone (or none) and a higher ISCO-08 skill level. Growth paths never step down.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass

import networkx as nx

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import isco_skill_level
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import NearMatch, OccupationRef, compare_rows, related_for
from skillgraph.queries.profile import Requirement
from skillgraph.queries.search import check_occupation_ids
from skillgraph.queries.similar_roles import viability_threshold
from skillgraph.queries.store_cache import per_store

__all__ = ["PathStep", "CareerPath", "progression_paths", "growth_paths", "step_cost", "transition_graph", "level_of"]

_MAX_CANDIDATES = 200  # simple paths examined before giving up on finding k short ones


def step_cost(score: float, coverage: float | None) -> float:
    """Cost of one step: dissimilarity plus the share of essentials still to acquire."""
    return (1.0 - score) + (1.0 - (coverage if coverage is not None else 0.0))


@dataclass(frozen=True)
class PathStep:
    """One move: from ``origin`` to ``target``, and what it takes."""

    origin: OccupationRef
    target: OccupationRef
    score: float
    coverage: float | None
    cost: float
    to_acquire: tuple[Requirement, ...]  # the target's essential requirements the origin lacks
    near_matches: tuple[NearMatch, ...]  # of those, the ones with related skills already there


@dataclass(frozen=True)
class CareerPath:
    """A sequence of viable steps; ``cost`` is the sum of the step costs."""

    steps: tuple[PathStep, ...]
    cost: float

    @property
    def occupations(self) -> tuple[OccupationRef, ...]:
        return (self.steps[0].origin, *(s.target for s in self.steps)) if self.steps else ()

    @property
    def target(self) -> OccupationRef:
        return self.steps[-1].target


@per_store
def transition_graph(store: GraphStore, source: str) -> nx.DiGraph:
    """Viable transitions of one taxonomy as a DiGraph with ``score``, ``coverage``, ``cost``.

    Built once per store from :meth:`GraphStore.similarity_edges` and cached; callers
    must not modify it.
    """
    threshold = viability_threshold(store, source)
    graph = nx.DiGraph()
    graph.add_edges_from(
        (a, b, {"score": score, "coverage": coverage, "cost": step_cost(score, coverage)})
        for a, b, score, coverage in store.similarity_edges(source, min_score=threshold)
    )
    return graph


def level_of(ref: OccupationRef) -> tuple[int, int]:
    """(job zone, ISCO skill level), 0 where unknown."""
    return (ref.job_zone or 0, isco_skill_level(ref.isco_code) or 0)


def _is_up(origin: OccupationRef, target: OccupationRef) -> bool:
    (oz, ol), (tz, tl) = level_of(origin), level_of(target)
    if oz and tz:
        return tz > oz or (tz == oz and ol and tl > ol)
    return bool(ol and tl and tl > ol)


def _not_down(origin: OccupationRef, target: OccupationRef) -> bool:
    (oz, ol), (tz, tl) = level_of(origin), level_of(target)
    if oz and tz and tz < oz:
        return False
    if (not oz or not tz or tz == oz) and ol and tl and tl < ol:
        return False
    return True


def _build_paths(store: GraphStore, node_paths: list[list[str]], graph: nx.DiGraph) -> list[CareerPath]:
    ids = sorted({n for path in node_paths for n in path})
    props = store.nodes(ids)
    refs = {i: OccupationRef.from_props(props[i]) for i in ids}
    rows = store.requirements(ids)
    related = related_for(store, [rows.get(n, []) for path in node_paths for n in path[1:]])
    out = []
    for path in node_paths:
        steps = []
        for a, b in itertools.pairwise(path):
            edge = graph.edges[a, b]
            comparison = compare_rows(store, rows.get(a, []), rows.get(b, []), refs[a].source, related)
            steps.append(
                PathStep(
                    origin=refs[a],
                    target=refs[b],
                    score=edge["score"],
                    coverage=edge["coverage"],
                    cost=edge["cost"],
                    to_acquire=comparison.missing_essential,
                    near_matches=comparison.near_matches,
                )
            )
        out.append(CareerPath(tuple(steps), sum(s.cost for s in steps)))
    return out


def _check_steps(name: str, value: int, low: int, high: int) -> None:
    if not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgumentError(f"{name} must be an integer from {low} to {high}, got {value!r}")


def progression_paths(store: GraphStore, from_id: str, to_id: str, *, k: int = 3, max_steps: int = 4) -> tuple[CareerPath, ...]:
    """Up to ``k`` distinct paths from ``from_id`` to ``to_id``, cheapest first.

    Every step is a viable transition (score ≥ the calibrated threshold, among the
    origin's materialised similar roles); paths have at most ``max_steps`` steps.
    An empty tuple means no such path exists.

    Raises UnknownOccupationError for unknown ids and InvalidArgumentError for the same
    id twice, ids of different taxonomies, or k / max_steps out of range.
    """
    _check_steps("k", k, 1, 10)
    _check_steps("max_steps", max_steps, 1, 6)
    props = check_occupation_ids(store, [from_id, to_id])
    if from_id == to_id:
        raise InvalidArgumentError("The start and the goal are the same occupation")
    source = props[from_id]["source"]
    if props[to_id]["source"] != source:
        raise InvalidArgumentError(
            f"{props[from_id]['label']} ({source}) and {props[to_id]['label']} ({props[to_id]['source']}) "
            "are in different taxonomies; paths stay within ESCO or within O*NET"
        )
    graph = transition_graph(store, source)
    if from_id not in graph or to_id not in graph:
        return ()
    # Only nodes that can lie on a path of at most max_steps steps.
    ahead = nx.single_source_shortest_path_length(graph, from_id, cutoff=max_steps)
    behind = nx.single_source_shortest_path_length(graph.reverse(copy=False), to_id, cutoff=max_steps)
    keep = [n for n in ahead if n in behind and ahead[n] + behind[n] <= max_steps]
    if to_id not in keep:
        return ()
    sub = graph.subgraph(keep)
    found: list[list[str]] = []
    for path in itertools.islice(nx.shortest_simple_paths(sub, from_id, to_id, weight="cost"), _MAX_CANDIDATES):
        if len(path) - 1 <= max_steps:
            found.append(path)
            if len(found) == k:
                break
    return tuple(_build_paths(store, found, graph))


def growth_paths(
    store: GraphStore, from_id: str, *, steps: int = 2, limit: int = 10, min_step_coverage: float = 0.2
) -> tuple[CareerPath, ...]:
    """Viable moves up from ``from_id`` within ``steps`` steps: the cheapest path to each
    higher-level role (see the module docstring), cheapest first, at most ``limit``.

    No step goes down; roles without any level information are not offered as growth.
    Growth is open-ended (no goal was chosen), so each step must also bring at least
    ``min_step_coverage`` of the next role's essential requirements — a viable but
    generic overlap (6 % of a role's essentials) is not offered as a way up.
    """
    _check_steps("steps", steps, 1, 4)
    _check_steps("limit", limit, 1, 50)
    if not 0.0 <= min_step_coverage <= 1.0:
        raise InvalidArgumentError(f"min_step_coverage must be between 0 and 1, got {min_step_coverage!r}")
    props = check_occupation_ids(store, [from_id])
    origin = OccupationRef.from_props(props[from_id])
    graph = transition_graph(store, origin.source)
    if from_id not in graph:
        return ()
    # Dijkstra over at most `steps` edges, never stepping down. Every role within reach
    # is fetched in one call (one round trip on a server, not one per neighbour).
    reach = nx.single_source_shortest_path_length(graph, from_id, cutoff=steps)
    props = store.nodes(reach)
    refs = {node: OccupationRef.from_props(p) for node, p in props.items()}
    refs[from_id] = origin

    def ref(node: str) -> OccupationRef:
        return refs[node]

    best: dict[str, tuple[float, list[str]]] = {}
    heap: list[tuple[float, int, list[str]]] = [(0.0, 0, [from_id])]
    counter = itertools.count(1)
    settled: set[tuple[str, int]] = set()
    while heap:
        cost, _, path = heapq.heappop(heap)
        node = path[-1]
        if (node, len(path)) in settled:
            continue
        settled.add((node, len(path)))
        if node != from_id and node not in best and _is_up(origin, ref(node)):
            best[node] = (cost, path)
        if len(path) - 1 == steps:
            continue
        for target, edge in sorted(graph.succ[node].items()):
            if target in path or (edge["coverage"] or 0.0) < min_step_coverage or not _not_down(ref(node), ref(target)):
                continue
            heapq.heappush(heap, (cost + edge["cost"], next(counter), [*path, target]))
    ranked = sorted(best.values(), key=lambda t: (t[0], len(t[1]), t[1]))[:limit]
    return tuple(_build_paths(store, [p for _, p in ranked], graph))
