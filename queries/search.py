"""Find occupations and skills by title: preferred labels, ESCO alt labels, O*NET alternate
titles; typo-tolerant (rapidfuzz), deterministic.

Scoring: rapidfuzz similarity (the best of ratio, token-sort, token-set and partial
ratio, the last two only against texts at least about as long as the query) on
lower-cased, punctuation-free text (0–100), plus a small bonus so that an exact title
beats a fuzzy one and a preferred label beats an alternative label of the same
quality. Each occupation appears once, with the text that matched best.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from skillgraph.graph.errors import InvalidArgumentError, UnknownOccupationError, UnknownSkillError
from skillgraph.graph.model import NodeKind, Source
from skillgraph.graph.store import GraphStore, SearchEntry
from skillgraph.queries.store_cache import per_store

__all__ = [
    "OccupationMatch",
    "SkillMatch",
    "search_occupations",
    "search_skills",
    "resolve_occupation",
    "resolve_skill",
    "check_occupation_ids",
    "check_skill_ids",
]

MIN_SCORE = 60.0
_SOURCES = (Source.ESCO.value, Source.ONET.value)


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    """An occupation found by :func:`search_occupations`."""

    id: str
    label: str
    source: str
    code: str
    isco_code: str
    score: float
    matched_text: str
    matched_field: str  # label | alt_label | alt_title


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A skill or knowledge concept found by :func:`search_skills`."""

    id: str
    label: str
    kind: str
    source: str
    score: float
    matched_text: str
    matched_field: str


class _Prepared:
    def __init__(self, entries: Sequence[SearchEntry]) -> None:
        self.entries = entries
        self.texts = [utils.default_process(e.text) for e in entries]
        self.lengths = np.fromiter((len(t) for t in self.texts), dtype=np.int32, count=len(self.texts))


@per_store
def _prepare(store: GraphStore, which: str) -> _Prepared:
    entries = store.occupation_search_entries() if which == "occupation" else store.skill_search_entries()
    return _Prepared(entries)


def _scores(prepared: _Prepared, query: str) -> np.ndarray:
    """Similarity of ``query`` to every text, 0–100.

    Whole-string measures (ratio, token sort) count in full; subset measures (token set,
    partial) only when the text is not much shorter than the query — otherwise "MA"
    would match "scrum master" — and slightly discounted.
    """

    def run(scorer) -> np.ndarray:
        return process.cdist([query], prepared.texts, scorer=scorer, dtype=np.float32, workers=-1)[0]

    long_enough = prepared.lengths >= 0.8 * len(query)
    return np.maximum.reduce(
        [
            run(fuzz.ratio),
            run(fuzz.token_sort_ratio),
            np.where(long_enough, 0.95 * run(fuzz.token_set_ratio), 0.0),
            np.where(long_enough, 0.9 * run(fuzz.partial_ratio), 0.0),
        ]
    )


def _ranked(prepared: _Prepared, text: str, limit: int, keep) -> list[tuple[float, SearchEntry]]:
    query = utils.default_process(text or "")
    if not query:
        raise InvalidArgumentError("Search text is empty; type part of a title, e.g. 'project manager'")
    if not prepared.texts:
        return []
    scores = _scores(prepared, query)
    best: dict[str, tuple[float, int]] = {}
    for index in np.flatnonzero(scores >= MIN_SCORE):
        entry = prepared.entries[index]
        if not keep(entry):
            continue
        score = float(scores[index])
        if entry.field == "label":
            score += 1.0  # a preferred label beats an alt label of the same quality
        if prepared.texts[index] == query:
            score += 2.0  # an exact title beats a fuzzy one
        current = best.get(entry.id)
        if current is None or score > current[0]:
            best[entry.id] = (score, index)
    # Ties (many roles share an alternate title such as "Truck Driver"): the role whose
    # own title is closer to the query first, then alphabetical.
    ranked = sorted(
        best.values(),
        key=lambda t: (
            -round(t[0], 3),
            -fuzz.token_set_ratio(query, utils.default_process(prepared.entries[t[1]].label)),
            prepared.entries[t[1]].label.lower(),
            prepared.entries[t[1]].id,
        ),
    )
    return [(min(100.0, round(score, 1)), prepared.entries[index]) for score, index in ranked[:limit]]


def _check_limit(limit: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= 500:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 500, got {limit!r}")


def search_occupations(store: GraphStore, text: str, *, limit: int = 10, source: str | None = None) -> list[OccupationMatch]:
    """Occupations whose title, alt label or alternate title matches ``text``.

    Parameters
    ----------
    store : GraphStore
    text : str
        What the person typed; case, punctuation and small typos do not matter.
    limit : int
        At most this many occupations (1–500).
    source : {"ESCO", "O*NET"}, optional
        Only occupations of this source.

    Examples
    --------
    >>> [m.label for m in search_occupations(store, "it project manager", limit=2)]  # doctest: +SKIP
    ['ICT project manager', 'Information Technology Project Managers']
    """
    _check_limit(limit)
    if source is not None and source not in _SOURCES:
        raise InvalidArgumentError(f"source must be one of {', '.join(_SOURCES)}, got {source!r}")
    prepared = _prepare(store, "occupation")
    ranked = _ranked(prepared, text, limit, lambda e: source is None or e.source == source)
    props = store.nodes(entry.id for _, entry in ranked)
    return [
        OccupationMatch(
            id=entry.id,
            label=entry.label,
            source=entry.source,
            code=props[entry.id].get("code", ""),
            isco_code=props[entry.id].get("isco_code", ""),
            score=score,
            matched_text=entry.text,
            matched_field=entry.field,
        )
        for score, entry in ranked
    ]


def search_skills(store: GraphStore, text: str, *, limit: int = 10, source: str | None = Source.ESCO) -> list[SkillMatch]:
    """Skills and knowledge concepts whose label or alt label matches ``text`` (ESCO by default)."""
    _check_limit(limit)
    prepared = _prepare(store, "skill")
    ranked = _ranked(prepared, text, limit, lambda e: source is None or e.source == source)
    props = store.nodes(entry.id for _, entry in ranked)
    return [
        SkillMatch(
            id=entry.id,
            label=entry.label,
            kind=props[entry.id].get("kind", NodeKind.SKILL.value),
            source=entry.source,
            score=score,
            matched_text=entry.text,
            matched_field=entry.field,
        )
        for score, entry in ranked
    ]


def _exact(matches, value: str) -> str | None:
    """Id of the match whose text equals ``value`` (normalised): preferred labels before
    alt labels, ESCO before O*NET on equal footing; None if none is exact."""
    key = utils.default_process(value)
    exact = [m for m in matches if utils.default_process(m.matched_text) == key]
    if not exact:
        return None
    exact.sort(key=lambda m: (m.matched_field != "label", m.source != Source.ESCO, m.label.lower()))
    return exact[0].id


def resolve_occupation(store: GraphStore, id_or_title: str) -> str:
    """The occupation id meant by an id, an exact title, or a clearly best fuzzy title.

    Raises UnknownOccupationError with up to five close titles when nothing fits well.
    """
    value = (id_or_title or "").strip()
    if not value:
        raise InvalidArgumentError("An occupation id or title is needed, e.g. 'ICT project manager'")
    node = store.node(value)
    if node is not None and node.get("kind") == NodeKind.OCCUPATION:
        return value
    matches = search_occupations(store, value, limit=5)
    exact = _exact(matches, value)
    if exact is not None:
        return exact
    if matches and matches[0].score >= 95 and (len(matches) == 1 or matches[1].score < matches[0].score - 3):
        return matches[0].id
    raise UnknownOccupationError(value, [(m.id, m.label) for m in matches])


def check_occupation_ids(store: GraphStore, ids: Sequence[str]) -> dict[str, dict]:
    """Properties of each occupation id; UnknownOccupationError (with suggestions) for the first unknown."""
    found = store.nodes(ids)
    for occupation_id in ids:
        props = found.get(occupation_id)
        if props is None or props.get("kind") != NodeKind.OCCUPATION:
            try:
                suggestions = [(m.id, m.label) for m in search_occupations(store, occupation_id.rsplit("/", 1)[-1], limit=5)]
            except InvalidArgumentError:
                suggestions = []
            raise UnknownOccupationError(occupation_id, suggestions)
    return found


def resolve_skill(store: GraphStore, id_or_label: str) -> str:
    """The skill id meant by an id or an exact (alt) label; UnknownSkillError with suggestions."""
    value = (id_or_label or "").strip()
    node = store.node(value)
    if node is not None and node.get("kind") in (NodeKind.SKILL, NodeKind.KNOWLEDGE):
        return value
    if not value:
        raise InvalidArgumentError("A skill id or label is needed, e.g. 'manage budgets'")
    matches = search_skills(store, value, limit=5, source=None)
    exact = _exact(matches, value)
    if exact is not None:
        return exact
    raise UnknownSkillError(value, [(m.id, m.label) for m in matches])


def check_skill_ids(store: GraphStore, skill_ids: Iterable[str], *, allow_empty: bool = False) -> list[str]:
    """``skill_ids`` without duplicates, each checked to be a Skill or Knowledge node.

    Raises UnknownSkillError (with close labels) for the first unknown id, and
    InvalidArgumentError for an empty list unless ``allow_empty``.
    """
    if isinstance(skill_ids, str):
        raise InvalidArgumentError("skill_ids must be a list of ids, not one string")
    ids = list(dict.fromkeys(skill_ids))
    if not ids:
        if allow_empty:
            return ids
        raise InvalidArgumentError("Give at least one skill")
    found = store.nodes(ids)
    for skill_id in ids:
        node = found.get(skill_id)
        if node is None or node.get("kind") not in (NodeKind.SKILL, NodeKind.KNOWLEDGE):
            try:
                suggestions = [(m.id, m.label) for m in search_skills(store, skill_id.rsplit("/", 1)[-1], limit=5, source=None)]
            except InvalidArgumentError:
                suggestions = []
            raise UnknownSkillError(skill_id, suggestions)
    return ids
