"""Find occupations and skills by what a title or phrase means and by how it is written:
preferred labels, ESCO alt labels, O*NET alternate titles; typo-tolerant, deterministic.

By label (lexical): rapidfuzz similarity (the best of ratio, token-sort, token-set and
partial ratio, the last two only against texts at least about as long as the query) on
lower-cased, punctuation-free text (0–100), plus a small bonus so that an exact title
beats a fuzzy one and a preferred label beats an alternative label of the same quality.

By meaning (when the language model is installed, see :mod:`skillgraph.queries.embeddings`):
the query's sentence embedding is compared with every embedded title (occupations: titles,
alternative labels and alternate titles; skills: preferred labels, and descriptions at a
fifth of the weight). Candidates are the :data:`SEMANTIC_CANDIDATES` concepts closest in
meaning plus the texts sharing the query's rarer words (a misspelt word is first read as
the closest word of the titles), and each is scored

``score = 100 · ((1 − LEXICAL_WEIGHT) · meaning + LEXICAL_WEIGHT · label)``

with ``label`` the lexical similarity above (0–1), so "retail store manager" finds *shop
manager* and "ict projct manger" still finds *ICT project manager*; a title written
exactly as the query (case and punctuation aside) comes first. Results below
:data:`MIN_SEMANTIC_SCORE` are dropped. On the job-title similarity development set
(105 query titles against 2,619 titles) ranking by meaning gives an MRR of 0.878 against
0.781 by label (``bench/text.py``).

Each occupation appears once, with the text that matched best. Queries longer than
:data:`MAX_QUERY_LENGTH` characters are refused (a title is short; a pasted page would
cost seconds of CPU): cut them first, as the CLI and the app do.
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
    "cut_query",
    "MAX_QUERY_LENGTH",
    "MIN_SCORE",
    "MIN_SEMANTIC_SCORE",
    "LEXICAL_WEIGHT",
    "SEMANTIC_CANDIDATES",
]

#: Lowest lexical score (0–100) a result may have.
MIN_SCORE = 60.0
#: Lowest combined score (0–100) a result found by meaning may have.
MIN_SEMANTIC_SCORE = 50.0
#: Share of the lexical similarity in the combined score.
LEXICAL_WEIGHT = 0.2
#: Concepts closest in meaning that are scored in full.
SEMANTIC_CANDIDATES = 60
# Share of an occupation's preferred title in its meaning score (the rest: its closest title).
_TITLE_WEIGHT = 0.3
#: Longest query accepted (characters): a job title or a skill, not a page.
MAX_QUERY_LENGTH = 200
#: Texts sharing the query's words that are scored in full (the rarest words first).
_WORD_CANDIDATES = 800
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
    def __init__(self, entries: Sequence[SearchEntry], texts: list[str] | None = None) -> None:
        self.entries = entries
        self.texts = [utils.default_process(e.text) for e in entries] if texts is None else texts
        self.lengths = np.fromiter((len(t) for t in self.texts), dtype=np.int32, count=len(self.texts))

    def subset(self, positions: Sequence[int]) -> _Prepared:
        """The entries at ``positions``, without processing their texts again."""
        return _Prepared([self.entries[i] for i in positions], [self.texts[i] for i in positions])


@per_store
def _prepare(store: GraphStore, which: str) -> _Prepared:
    entries = store.occupation_search_entries() if which == "occupation" else store.skill_search_entries()
    return _Prepared(entries)


def _scores(prepared: _Prepared, query: str, workers: int = -1) -> np.ndarray:
    """Similarity of ``query`` to every text, 0–100.

    Whole-string measures (ratio, token sort) count in full; subset measures (token set,
    partial) only when the text is not much shorter than the query — otherwise "MA"
    would match "scrum master" — and slightly discounted.
    """

    def run(scorer) -> np.ndarray:
        return process.cdist([query], prepared.texts, scorer=scorer, dtype=np.float32, workers=workers)[0]

    long_enough = prepared.lengths >= 0.8 * len(query)
    return np.maximum.reduce(
        [
            run(fuzz.ratio),
            run(fuzz.token_sort_ratio),
            np.where(long_enough, 0.95 * run(fuzz.token_set_ratio), 0.0),
            np.where(long_enough, 0.9 * run(fuzz.partial_ratio), 0.0),
        ]
    )


def cut_query(text: str, limit: int = MAX_QUERY_LENGTH) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters at a word boundary; (text, whether it was cut).

    Examples
    --------
    >>> cut_query("retail store manager", 12)
    ('retail store', True)
    """
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text, False
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else text[:limit]).rstrip(), True


def _check_query(text: str) -> str:
    if not isinstance(text, str):
        raise InvalidArgumentError(f"Search text must be a string, got {type(text).__name__}")
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidArgumentError(
            f"The search text has {len(text):,} characters; a title or skill has at most {MAX_QUERY_LENGTH} — "
            "shorten it (to find the skills in a longer text, use text → skills)"
        )
    query = utils.default_process(text)
    if not query:
        raise InvalidArgumentError("Search text is empty; type part of a title, e.g. 'project manager'")
    return query


def _ranked(prepared: _Prepared, text: str, limit: int, keep) -> list[tuple[float, SearchEntry]]:
    query = _check_query(text)
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


# -- by meaning and by label ----------------------------------------------------------------------


class _Lexicon:
    """The search entries of one kind in a canonical order (the same from every store),
    with an inverted index word → entries and each entry's concept position in the
    embeddings' :class:`~skillgraph.queries.embeddings.TextIndex`."""

    def __init__(self, entries: Sequence[SearchEntry], index) -> None:
        self.entries = sorted(entries, key=lambda e: (e.id, e.field != "label", e.field, e.text))
        self.prepared = _Prepared(self.entries)
        n = len(self.entries)
        self.concept = np.fromiter((index.position.get(e.id, -1) for e in self.entries), dtype=np.int32, count=n)
        self.is_label = np.fromiter((e.field == "label" for e in self.entries), dtype=bool, count=n)
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(self.prepared.texts):
            for word in set(text.split()):
                postings.setdefault(word, []).append(i)
        self.vocabulary = sorted(postings)
        self.postings = {w: np.asarray(p, dtype=np.int32) for w, p in postings.items()}
        self.idf = {w: float(np.log(1.0 + n / len(p))) for w, p in postings.items()}
        # entries of each concept, and each concept's source and label
        order = np.argsort(self.concept, kind="stable")
        concepts = self.concept[order]
        count = len(index.concept_ids)
        starts = np.searchsorted(concepts, np.arange(count + 1))
        self.by_concept = [order[starts[c] : starts[c + 1]] for c in range(count)]
        self.source = [""] * count
        self.label = [""] * count
        for e, c in zip(self.entries, self.concept.tolist(), strict=True):
            if c >= 0 and (not self.label[c] or e.field == "label"):
                self.source[c], self.label[c] = e.source, e.label
        self.row_starts = np.searchsorted(index.row_concept, np.arange(count)).astype(np.int64)
        self.index = index
        from skillgraph.queries.embeddings import normalise_text

        # (concept position, normalised text) → the entry, preferred labels first
        self.by_text: dict[tuple[int, str], int] = {}
        for i, (e, c) in enumerate(zip(self.entries, self.concept.tolist(), strict=True)):
            self.by_text.setdefault((c, normalise_text(e.text)), i)

    def corrected(self, text: str) -> str:
        """``text`` with each word that no title uses replaced by the closest title word
        (same first letter, rapidfuzz ratio ≥ 80), so that the model reads "ict projct
        manger" as "ict project manager"."""
        out = []
        for word in text.split():
            key = utils.default_process(word)
            if not key or key in self.postings or not key.isalpha() or len(key) < 4:
                out.append(word)
                continue
            found = process.extractOne(key, self.vocabulary, scorer=fuzz.ratio, score_cutoff=80.0)
            out.append(found[0] if found is not None and found[0][0] == key[0] else word)
        return " ".join(out)

    def word_candidates(self, query: str, limit: int) -> np.ndarray:
        """Entries sharing the query's words (misspelt words read as the closest title
        words), the ones sharing the rarest words first."""
        picked: list[tuple[str, float]] = []
        for word in dict.fromkeys(query.split()):
            if word in self.postings:
                picked.append((word, 1.0))
            elif len(word) >= 4 and word.isalpha():
                for found, score, _ in process.extract(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=75.0, limit=3):
                    picked.append((found, score / 100.0))
        if not picked:
            return np.zeros(0, dtype=np.int32)
        postings = [self.postings[w] for w, _ in picked]
        weights = np.concatenate([np.full(len(p), self.idf[w] * f, dtype=np.float32) for p, (w, f) in zip(postings, picked)])
        overlap = np.bincount(np.concatenate(postings), weights=weights, minlength=len(self.entries))
        hits = np.flatnonzero(overlap)
        if len(hits) > limit:
            # most overlap first, ties by position (the canonical order)
            hits = hits[np.lexsort((hits, -overlap[hits]))[:limit]]
        return hits.astype(np.int32)


@per_store
def _lexicon(store: GraphStore, which: str, model: str, digest: str) -> _Lexicon:
    from skillgraph.queries.embeddings import taxonomy_embeddings

    embeddings = taxonomy_embeddings(store, build=False)
    if embeddings is None or embeddings.model != model or embeddings.digest != digest:
        raise RuntimeError("embeddings changed while preparing the search index")  # pragma: no cover
    if which == "occupation":
        return _Lexicon(store.occupation_search_entries(), embeddings.occupations)
    return _Lexicon(store.skill_search_entries(), embeddings.skills)


def _meaning(index, lexicon: _Lexicon, query_vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(score by meaning of every concept, the row that gave it)."""
    text_cos = index.vectors @ query_vector
    row_cos = text_cos[index.row_text]
    if index.kind == "skill":
        # a skill's label, and its description at a fifth of the weight
        label = row_cos[index.label_row]
        has = index.description_row >= 0
        meaning = label.copy()
        meaning[has] = 0.8 * label[has] + 0.2 * row_cos[index.description_row[has]]
        return meaning, index.label_row
    best = np.maximum.reduceat(row_cos, lexicon.row_starts)
    # An occupation whose own title means the query answers it better than one that lists
    # it among hundreds of alternate titles ("Truck Driver" is one of Freight Forwarders').
    meaning = (1.0 - _TITLE_WEIGHT) * best + _TITLE_WEIGHT * row_cos[index.label_row]
    return meaning, _BestRow(row_cos, lexicon.row_starts)


class _BestRow:
    """``[c]``: the first row of concept ``c`` with its largest cosine (found when asked:
    a query needs it for a hundred concepts, not for all of them)."""

    def __init__(self, row_cos: np.ndarray, row_starts: np.ndarray) -> None:
        self.row_cos = row_cos
        self.starts = row_starts

    def __getitem__(self, concept: int) -> int:
        start = int(self.starts[concept])
        end = int(self.starts[concept + 1]) if concept + 1 < len(self.starts) else len(self.row_cos)
        return start + int(np.argmax(self.row_cos[start:end])) if end > start else -1


def _hybrid(store: GraphStore, which: str, embeddings, text: str, limit: int, source: str | None):
    """[(score 0–100, entry that explains it)] best first, one per concept."""
    query = _check_query(text)
    index = embeddings.occupations if which == "occupation" else embeddings.skills
    lexicon = _lexicon(store, which, embeddings.model, embeddings.digest)
    if not lexicon.entries:
        return []
    vector = embeddings.encode([lexicon.corrected(text)])[0]
    meaning, meaning_row = _meaning(index, lexicon, vector)
    allowed = np.ones(len(meaning), dtype=bool)
    if source is not None:
        allowed = np.fromiter((s == source for s in lexicon.source), dtype=bool, count=len(meaning))
    ranked_meaning = np.where(allowed, meaning, -np.inf)
    k = min(SEMANTIC_CANDIDATES, len(meaning))
    top = np.argpartition(-ranked_meaning, k - 1)[:k] if k < len(meaning) else np.arange(len(meaning))
    # Entries scored by label: those sharing the query's words, and for the concepts
    # closest in meaning their preferred label and the title that was closest.
    entry_ids = [lexicon.word_candidates(query, _WORD_CANDIDATES)]
    for c in top.tolist():
        own = lexicon.by_concept[c]
        picked = [int(own[0])] if len(own) else []
        row = int(meaning_row[c])
        if row >= 0:
            found = lexicon.by_text.get((c, index.texts[index.row_text[row]]))
            if found is not None:
                picked.append(found)
        entry_ids.append(np.asarray(picked, dtype=np.int32))
    candidates = np.unique(np.concatenate(entry_ids))
    candidates = candidates[lexicon.concept[candidates] >= 0]
    if source is not None:
        candidates = candidates[allowed[lexicon.concept[candidates]]]
    if not len(candidates):
        return []
    sub = lexicon.prepared.subset(candidates.tolist())
    lexical = _scores(sub, query, workers=1) / 100.0
    lexical = lexical + 0.01 * lexicon.is_label[candidates]  # a preferred label beats an alt label
    exact = np.fromiter((t == query for t in sub.texts), dtype=bool, count=len(sub.texts))
    concepts = lexicon.concept[candidates]
    best: dict[int, tuple[float, int]] = {}
    for position, c, score in zip(range(len(candidates)), concepts.tolist(), lexical.tolist(), strict=True):
        current = best.get(c)
        if current is None or score > current[0]:
            best[c] = (score, position)
    exact_concepts = {int(c) for c in concepts[exact]}
    results = []
    for c, (lex, position) in best.items():
        score = (1.0 - LEXICAL_WEIGHT) * float(meaning[c]) + LEXICAL_WEIGHT * min(lex, 1.0)
        if c in exact_concepts:
            score += 0.1  # the title as typed
        if 100.0 * score < MIN_SEMANTIC_SCORE:
            continue
        entry = lexicon.entries[int(candidates[position])]
        if lex < 0.8 and which == "occupation":
            # not a close written match: show the title whose meaning is closest
            row = int(meaning_row[c])
            entry = _entry_for_row(lexicon, index, c, row) or entry
        elif lex < 0.8:
            entry = lexicon.entries[int(lexicon.by_concept[c][0])]  # the preferred label
        results.append((score, lexicon.label[c].lower(), index.concept_ids[c], entry))
    results.sort(key=lambda t: (-round(t[0], 6), t[1], t[2]))
    return [(min(100.0, round(100.0 * score, 1)), entry) for score, _, _, entry in results[:limit]]


def _entry_for_row(lexicon: _Lexicon, index, concept: int, row: int) -> SearchEntry | None:
    if row < 0:
        return None
    found = lexicon.by_text.get((concept, index.texts[index.row_text[row]]))
    return None if found is None else lexicon.entries[found]


def _embeddings(store: GraphStore, semantic: bool | None):
    from skillgraph.queries.embeddings import embeddings_for_query

    return embeddings_for_query(store, semantic)


def _check_limit(limit: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= 500:
        raise InvalidArgumentError(f"limit must be an integer from 1 to 500, got {limit!r}")


def search_occupations(
    store: GraphStore, text: str, *, limit: int = 10, source: str | None = None, semantic: bool | None = None
) -> list[OccupationMatch]:
    """Occupations whose title, alt label or alternate title matches ``text`` in meaning or in writing.

    Parameters
    ----------
    store : GraphStore
    text : str
        What the person typed (at most :data:`MAX_QUERY_LENGTH` characters); case,
        punctuation and small typos do not matter.
    limit : int
        At most this many occupations (1–500).
    source : {"ESCO", "O*NET"}, optional
        Only occupations of this source.
    semantic : bool, optional
        True: rank by meaning and label (building the embeddings if they are missing);
        False: by label only; None (default): by meaning when the model is installed and
        the embeddings are not being built in the background right now (see
        :func:`skillgraph.queries.embeddings.embeddings_for_query`).

    Raises
    ------
    InvalidArgumentError
        Empty or over-long text, a bad limit or source.

    Examples
    --------
    >>> [m.label for m in search_occupations(store, "it project manager", limit=2)]  # doctest: +SKIP
    ['ICT project manager', 'Information Technology Project Managers']
    """
    _check_limit(limit)
    if source is not None and source not in _SOURCES:
        raise InvalidArgumentError(f"source must be one of {', '.join(_SOURCES)}, got {source!r}")
    _check_query(text)
    embeddings = _embeddings(store, semantic)
    if embeddings is not None:
        ranked = _hybrid(store, "occupation", embeddings, text, limit, source)
    else:
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


def search_skills(
    store: GraphStore, text: str, *, limit: int = 10, source: str | None = Source.ESCO, semantic: bool | None = None
) -> list[SkillMatch]:
    """Skills and knowledge concepts whose label, alt label or meaning matches ``text`` (ESCO by default).

    ``semantic`` as for :func:`search_occupations`; "recruitment" finds *recruit
    employees*, "Excel" *use spreadsheets software* (one of its alternative labels).
    """
    _check_limit(limit)
    if source is not None and source not in _SOURCES:
        raise InvalidArgumentError(f"source must be one of {', '.join(_SOURCES)}, got {source!r}")
    _check_query(text)
    embeddings = _embeddings(store, semantic)
    if embeddings is not None:
        ranked = _hybrid(store, "skill", embeddings, text, limit, source)
    else:
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
    matches = search_occupations(store, value, limit=5, semantic=False) if len(value) <= MAX_QUERY_LENGTH else []
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
                name = occupation_id.rsplit("/", 1)[-1][:MAX_QUERY_LENGTH]
                suggestions = [(m.id, m.label) for m in search_occupations(store, name, limit=5, semantic=False)]
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
    matches = search_skills(store, value, limit=5, source=None, semantic=False) if len(value) <= MAX_QUERY_LENGTH else []
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
                name = skill_id.rsplit("/", 1)[-1][:MAX_QUERY_LENGTH]
                suggestions = [(m.id, m.label) for m in search_skills(store, name, limit=5, source=None, semantic=False)]
            except InvalidArgumentError:
                suggestions = []
            raise UnknownSkillError(skill_id, suggestions)
    return ids
