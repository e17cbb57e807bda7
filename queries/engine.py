"""The similarity engine: all-pairs role similarity as sparse matrix algebra, computed once
per snapshot, and the materialised top-k similar roles (SIMILAR_TO).

ESCO and O*NET occupations live in two spaces and are only compared within their own.

**ESCO score** — a soft cosine over the occupation × concept matrix ``X``::

    X[o, s] = w_essential (1.0) | w_optional (0.5)      # ESCO relationType
    W = X · diag(idf)         idf(s) = (1 + ln((1 + N) / (1 + df(s)))) ** idf_power
    R = (1 − β) I + β · G Gᵀ + γ · B                    # concept relatedness
    score(a, b) = (W R Wᵀ)[a, b] / sqrt((W R Wᵀ)[a, a] · (W R Wᵀ)[b, b])

``G`` puts each skill/competence concept in its skill group (knowledge is left out: its
groups are whole ISCED fields, too broad to mean "related"), ``B`` links concepts in a
direct broader/narrower relation. So "manage ICT project" and "perform project
management" give partial credit β + γ; a skill that almost every occupation needs
weighs little (idf). ``W R Wᵀ`` is computed as one sparse product plus one dense
(BLAS) product, never per pair, in single precision (scores carry ~7 significant
digits; they are shown with 3).

**O*NET score** — the weighted mean of the components an occupation pair both has
(weights 1, 1, 1, 1, ½ by default):

* skills & knowledge: cosine of importance (IM) profiles standardised per element
  (a correlation), clipped at 0;
* technologies: cosine of idf-weighted technology and tool examples;
* tasks: cosine of idf-weighted task-statement words (with title and description);
* titles: cosine of idf-weighted words of the alternate titles (how people name the job);
* interests: cosine of the standardised RIASEC interest profiles, clipped at 0.

The last two are not skills, but they are how O*NET itself relates occupations, and
they lift the share of top-10 roles in the origin's SOC minor group from 0.315 to 0.350
(bench/quality.py).

**Jaccard(a, b)** — the plain overlap |has(a) ∩ has(b)| / |has(a) ∪ has(b)| of the two
requirement sets, stored on every SIMILAR_TO edge as a transparent second opinion.

**Coverage(a → b)** — directional: the share of *b*'s essential requirements that *a*
already has. For ESCO "has" means *a* lists the concept (essential or optional); for
O*NET, *a* rates the element important too (importance ≥ 3).

**Viability threshold** — calibrated per space as in Nesta's career-causeways work:
the mean minus one standard deviation of the scores between occupations of the same
group (ESCO: ISCO unit group; O*NET: SOC broad group, the first five code digits), the
standard deviation being the pooled within-group one (see :func:`_calibrate`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import scipy.sparse as sp

from skillgraph.graph.model import EdgeKind, NodeKind, Source
from skillgraph.graph.similarity_index import ENGINE_VERSION, EngineSettings, SimilarityIndex, SpaceIndex

_OCC = NodeKind.OCCUPATION.value
_CONCEPTS = {NodeKind.SKILL.value, NodeKind.KNOWLEDGE.value}

__all__ = [
    "EngineSettings",
    "soft_cosine",
    "esco_inputs",
    "SpaceIndex",
    "SimilarityIndex",
    "build_index",
    "jaccard_matrix",
    "idf_weights",
    "ENGINE_VERSION",
]


def idf_weights(df: np.ndarray, n: int, power: float = 1.0) -> np.ndarray:
    """Smoothed inverse document frequency ``(1 + ln((1 + n) / (1 + df))) ** power``.

    Examples
    --------
    >>> idf_weights(np.array([0, 3]), 3).round(3).tolist()
    [2.386, 1.0]
    """
    return (1.0 + np.log((1.0 + n) / (1.0 + df))) ** power


def jaccard_matrix(binary: sp.csr_matrix) -> np.ndarray:
    """All-pairs Jaccard index of the rows of a 0/1 matrix: |a ∩ b| / |a ∪ b| (0 when both empty).

    Equals networkx's ``bipartite.overlap_weighted_projected_graph(B, rows, jaccard=True)``
    edge weights for every pair that shares at least one column.
    """
    binary = (binary > 0).astype(np.float64).tocsr()
    inter = (binary @ binary.T).toarray()
    degree = np.asarray(binary.sum(axis=1)).ravel()
    union = degree[:, None] + degree[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)


def _cosine_rows(matrix: np.ndarray | sp.spmatrix) -> np.ndarray:
    """All-pairs cosine of the rows of a dense or sparse matrix (0 for empty rows)."""
    if sp.issparse(matrix):
        m = sp.csr_matrix(matrix)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        unit = sp.diags(1.0 / norms) @ m
        return (unit @ unit.T).toarray()
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    return unit @ unit.T


def _normalise_gram(gram: np.ndarray) -> np.ndarray:
    """Cosine normalisation of a Gram matrix, in place, clipped to [0, 1]."""
    diag = np.sqrt(np.clip(np.diag(gram), 0, None)).astype(gram.dtype)
    diag[diag == 0] = 1.0
    inverse = (1.0 / diag).astype(gram.dtype)
    gram *= inverse[:, None]
    gram *= inverse[None, :]
    np.clip(gram, 0.0, 1.0, out=gram)
    return gram


# ---------------------------------------------------------------------------------------
# building


def build_index(graph: nx.DiGraph, settings: EngineSettings | None = None) -> SimilarityIndex:
    """Compute every similarity score, coverage, threshold and top-k list of ``graph``."""
    settings = settings or EngineSettings()
    spaces: dict[str, SpaceIndex] = {}
    occupations: dict[str, list[str]] = {Source.ESCO.value: [], Source.ONET.value: []}
    concepts: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):  # one pass over the 46,000 nodes
        kind = data.get("kind")
        if kind == _OCC:
            occupations.setdefault(data["source"], []).append(node)
        elif kind in _CONCEPTS:
            concepts[data.get("source", "")].append(node)
    for source, ids in occupations.items():
        if len(ids) < 2:
            continue
        ids.sort()
        concept_ids = sorted(concepts[source])
        if source == Source.ESCO:
            spaces[source] = _esco_space(graph, ids, concept_ids, settings)
        else:
            spaces[source] = _onet_space(graph, ids, concept_ids, settings)
    return SimilarityIndex(spaces, settings)


def _requirement_matrices(graph: nx.DiGraph, ids: list[str], concept_ids: list[str]):
    """Sparse occupation × concept coordinates: rows, columns, essential flags, importance."""
    position = {c: i for i, c in enumerate(concept_ids)}
    rows, cols, essential, importance = [], [], [], []
    requires = EdgeKind.REQUIRES.value
    for i, occupation in enumerate(ids):
        for target, edge in graph.succ[occupation].items():
            if edge["kind"] == requires and target in position:
                rows.append(i)
                cols.append(position[target])
                essential.append(edge["relation"] == "essential")
                importance.append(edge.get("importance") or 0.0)
    shape = (len(ids), len(concept_ids))
    rows_a, cols_a = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    ess = np.asarray(essential, dtype=bool)
    return shape, rows_a, cols_a, ess, np.asarray(importance, dtype=np.float64)


def _concept_relations(graph: nx.DiGraph, concept_ids: list[str], settings: EngineSettings):
    """G (skill/competence concepts × groups) and B (symmetric broader/narrower links)."""
    data = graph.nodes
    position = {c: i for i, c in enumerate(concept_ids)}
    groups: dict[str, int] = {}
    g_rows, g_cols = [], []
    b_rows, b_cols = [], []
    for concept in concept_ids:
        props = data[concept]
        i = position[concept]
        if props.get("kind") == NodeKind.SKILL and props.get("group_id"):
            g_rows.append(i)
            g_cols.append(groups.setdefault(props["group_id"], len(groups)))
        for target, edge in graph.succ[concept].items():
            if edge["kind"] == EdgeKind.BROADER and target in position:
                b_rows += [i, position[target]]
                b_cols += [position[target], i]
    n = len(concept_ids)
    group = sp.csr_matrix((np.ones(len(g_rows)), (g_rows, g_cols)), shape=(n, max(1, len(groups))))
    broader = sp.csr_matrix((np.ones(len(b_rows)), (b_rows, b_cols)), shape=(n, n))
    broader.data[:] = 1.0  # a pair listed twice stays 1
    broader.sum_duplicates()
    broader.data[:] = 1.0
    return group, broader


def soft_cosine(x: sp.csr_matrix, group: sp.csr_matrix, broader: sp.csr_matrix, settings: EngineSettings) -> np.ndarray:
    """All-pairs ESCO score (see the module docstring) of the rows of ``x``.

    Parameters
    ----------
    x : occupations × concepts, the requirement weights (w_essential / w_optional)
    group : concepts × groups, 1 where a skill/competence concept is in a group
    broader : concepts × concepts, symmetric 0/1 broader/narrower links

    Returns a dense float32 matrix with values in [0, 1].
    """
    df = np.diff(x.tocsc().indptr)
    w = (x @ sp.diags(idf_weights(df, x.shape[0], settings.idf_power))).tocsr().astype(np.float32)
    beta, gamma = settings.group_credit, settings.broader_credit
    # W R Wᵀ with R = (1 − β) I + γ B (sparse, one product) + β (W G)(W G)ᵀ (dense BLAS).
    n_concepts = x.shape[1]
    mixing = sp.identity(n_concepts, dtype=np.float32, format="csr") * np.float32(1.0 - beta)
    if gamma:
        mixing = (mixing + broader.astype(np.float32) * np.float32(gamma)).tocsr()
    gram = (w @ mixing @ w.T).toarray()
    if beta:
        wg = (w @ group.astype(np.float32)).toarray()
        gram += np.float32(beta) * (wg @ wg.T)
    return _normalise_gram(gram)


def esco_inputs(graph: nx.DiGraph, settings: EngineSettings | None = None):
    """The ESCO occupation ids and the matrices :func:`soft_cosine` takes (for benchmarks and tests)."""
    settings = settings or EngineSettings()
    ids = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == _OCC and d.get("source") == Source.ESCO)
    concept_ids = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") in _CONCEPTS and d.get("source") == Source.ESCO)
    shape, rows, cols, ess, _ = _requirement_matrices(graph, ids, concept_ids)
    x = sp.csr_matrix((np.where(ess, settings.w_essential, settings.w_optional), (rows, cols)), shape=shape)
    group, broader = _concept_relations(graph, concept_ids, settings)
    return ids, concept_ids, x, group, broader


def _esco_space(graph: nx.DiGraph, ids: list[str], concept_ids: list[str], settings: EngineSettings) -> SpaceIndex:
    shape, rows, cols, ess, _ = _requirement_matrices(graph, ids, concept_ids)
    weights = np.where(ess, settings.w_essential, settings.w_optional)
    x = sp.csr_matrix((weights, (rows, cols)), shape=shape)
    essential = sp.csr_matrix((np.ones(int(ess.sum())), (rows[ess], cols[ess])), shape=shape)
    has = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    group, broader = _concept_relations(graph, concept_ids, settings)

    score = soft_cosine(x, group, broader, settings)

    related = ((group @ group.T) + broader).tocsr()
    related.setdiag(0)
    related.eliminate_zeros()
    related.data[:] = 1.0

    groups = [graph.nodes[o].get("isco_code", "") for o in ids]
    return _finish_space(Source.ESCO, ids, concept_ids, score, essential, has, related, groups, "ISCO unit group", settings)


_STOP = frozenset(
    "a an the and or of to in for on with by as at from into such other others use using used "
    "their its this that be is are may including include e g etc all any".split()
)
_WORD = re.compile(r"[a-z][a-z0-9+#]+")


def _text_similarity(graph: nx.DiGraph, ids: list[str], texts) -> tuple[np.ndarray, np.ndarray]:
    """All-pairs cosine of idf-weighted word counts; ``texts(props)`` gives a node's
    strings (an occupation without any is marked absent)."""
    vocabulary: dict[str, int] = {}
    rows, cols, vals = [], [], []
    present = np.zeros(len(ids), dtype=bool)
    for i, occupation in enumerate(ids):
        strings = texts(graph.nodes[occupation])
        if not strings:
            continue
        present[i] = True
        text = " ".join(strings).lower()
        counts = Counter(t for t in _WORD.findall(text) if t not in _STOP)
        for term, count in counts.items():
            rows.append(i)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            vals.append(1.0 + math.log(count))
    m = sp.csr_matrix((vals, (rows, cols)), shape=(len(ids), max(1, len(vocabulary))))
    df = np.diff(m.tocsc().indptr)
    return _cosine_rows(m @ sp.diags(idf_weights(df, len(ids)))), present


def _onet_space(graph: nx.DiGraph, ids: list[str], concept_ids: list[str], settings: EngineSettings) -> SpaceIndex:
    shape, rows, cols, ess, importance = _requirement_matrices(graph, ids, concept_ids)
    essential = sp.csr_matrix((np.ones(int(ess.sum())), (rows[ess], cols[ess])), shape=shape)
    has = essential  # for O*NET, "has" means the element is important to the origin too

    # Skills & knowledge: standardised importance profiles.
    dense = np.zeros(shape)
    dense[rows, cols] = importance
    with_skills = np.bincount(rows, minlength=shape[0]) > 0
    parts: list[tuple[np.ndarray, np.ndarray, float]] = []
    if with_skills.sum() > 1:
        mean = dense[with_skills].mean(axis=0)
        sd = dense[with_skills].std(axis=0)
        sd[sd == 0] = 1.0
        z = (dense - mean) / sd
        z[~with_skills] = 0.0
        parts.append((np.clip(_cosine_rows(z), 0.0, 1.0), with_skills, settings.onet_weights[0]))

    # Technologies and tools.
    tech_ids: dict[str, int] = {}
    t_rows, t_cols = [], []
    for i, occupation in enumerate(ids):
        for target, edge in graph.succ[occupation].items():
            if edge["kind"] == EdgeKind.USES:
                t_rows.append(i)
                t_cols.append(tech_ids.setdefault(target, len(tech_ids)))
    if tech_ids:
        t = sp.csr_matrix((np.ones(len(t_rows)), (t_rows, t_cols)), shape=(len(ids), len(tech_ids)))
        df = np.diff(t.tocsc().indptr)
        tw = t @ sp.diags(idf_weights(df, len(ids)))
        with_tech = np.asarray(t.sum(axis=1)).ravel() > 0
        parts.append((_cosine_rows(tw), with_tech, settings.onet_weights[1]))

    def task_texts(props):
        tasks = props.get("tasks", ())
        return (*tasks, props.get("label", ""), props.get("description", "")) if tasks else ()

    for texts, weight in ((task_texts, settings.onet_weights[2]), (lambda p: p.get("alt_labels", ()), settings.onet_weights[3])):
        similarity, present = _text_similarity(graph, ids, texts)
        if weight and present.any():
            parts.append((similarity, present, weight))

    interests = np.array([props.get("interests") or (0.0,) * 6 for props in map(graph.nodes.__getitem__, ids)], dtype=float)
    with_interests = interests.sum(axis=1) > 0
    if settings.onet_weights[4] and with_interests.sum() > 1:
        sd = interests[with_interests].std(axis=0)
        sd[sd == 0] = 1.0
        z = (interests - interests[with_interests].mean(axis=0)) / sd
        z[~with_interests] = 0.0
        parts.append((np.clip(_cosine_rows(z), 0.0, 1.0), with_interests, settings.onet_weights[4]))

    numerator = np.zeros((len(ids), len(ids)))
    denominator = np.zeros((len(ids), len(ids)))
    for matrix, present, weight in parts:
        mask = np.outer(present, present)
        numerator += weight * np.where(mask, matrix, 0.0)
        denominator += weight * mask
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), 0.0)
    np.clip(score, 0.0, 1.0, out=score)

    related = sp.csr_matrix((len(concept_ids), len(concept_ids)))
    groups = [o[:6] for o in ids]  # SOC broad group: "15-125" of 15-1252.00
    return _finish_space(Source.ONET, ids, concept_ids, score, essential, has, related, groups, "SOC broad group", settings)


def _finish_space(
    source: str,
    ids: list[str],
    concept_ids: list[str],
    score: np.ndarray,
    essential: sp.csr_matrix,
    has: sp.csr_matrix,
    related: sp.csr_matrix,
    groups: list[str],
    group_name: str,
    settings: EngineSettings,
) -> SpaceIndex:
    n = len(ids)
    np.fill_diagonal(score, 0.0)
    threshold, percentile, mean, sd, pairs, total_sd = _calibrate(score, groups, settings.threshold_sd)
    if settings.fixed_threshold is not None:
        threshold = settings.fixed_threshold
        percentile = _percentile_below(score, threshold)
    top = _top_k(score, min(settings.top_k, n - 1))

    # Explanation counts only for the materialised pairs: n·k sparse row products
    # instead of dense n × n matrices.
    essential = essential.tocsr()
    has = has.tocsr()
    optional = (has - essential).tocsr() if source == Source.ESCO else sp.csr_matrix(has.shape)
    optional.eliminate_zeros()
    origin = np.repeat(np.arange(n), top.shape[1])
    target = top.ravel()
    valid = target >= 0
    origin, target = origin[valid], target[valid]

    def overlap(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
        return np.asarray(a[origin].multiply(b[target]).sum(axis=1)).ravel()

    essential_count = np.asarray(essential.sum(axis=1)).ravel()
    shared_essential = overlap(has, essential)
    shared_optional = overlap(has, optional)
    reverse_shared = overlap(essential, has)  # |ess(a) ∩ has(b)|
    has_count = np.diff(has.indptr)
    both = overlap(has, has)
    union = has_count[origin] + has_count[target] - both
    jaccard = np.where(union > 0, both / np.maximum(union, 1), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(essential_count[target] > 0, shared_essential / np.maximum(essential_count[target], 1), np.nan)
        reverse = np.where(essential_count[origin] > 0, reverse_shared / np.maximum(essential_count[origin], 1), np.nan)

    def place(values: np.ndarray, dtype) -> np.ndarray:
        out = np.zeros(top.shape, dtype=dtype)
        out.ravel()[valid] = values
        return out

    return SpaceIndex(
        source=source,
        ids=ids,
        concept_ids=concept_ids,
        essential=essential,
        has=has,
        related=related.tocsr(),
        top_index=top,
        top_score=place(score[origin, target], np.float64),
        top_coverage=place(coverage, np.float64),
        top_reverse=place(reverse, np.float64),
        top_jaccard=place(jaccard, np.float64),
        top_shared_essential=place(shared_essential, np.int32),
        top_shared_optional=place(shared_optional, np.int32),
        top_missing=place(essential_count[target] - shared_essential, np.int32),
        threshold=threshold,
        threshold_percentile=percentile,
        within_mean=mean,
        within_sd=sd,
        within_pairs=pairs,
        within_total_sd=total_sd,
        group_name=group_name,
    )


def _top_k(score: np.ndarray, k: int) -> np.ndarray:
    """Per row, the k best columns by score (ties: lower column first); −1 pads rows with
    fewer than k positive scores. The diagonal must already be 0."""
    n = score.shape[0]
    take = min(k + 1, n - 1)
    candidates = np.argpartition(-score, take, axis=1)[:, :take]
    candidates.sort(axis=1)  # ascending column, so the stable sort below breaks ties by column
    values = np.take_along_axis(score, candidates, axis=1)
    order = np.argsort(-values, axis=1, kind="stable")
    ranked = np.take_along_axis(candidates, order, axis=1)
    ranked_values = np.take_along_axis(values, order, axis=1)
    top = np.full((n, k), -1, dtype=np.int32)
    for i in range(n):
        keep = ranked[i][(ranked[i] != i) & (ranked_values[i] > 0)][:k]
        top[i, : len(keep)] = keep
    return top


def _calibrate(score: np.ndarray, groups: list[str], sds: float) -> tuple[float, float, float, float, int, float]:
    """Threshold = mean of the within-group pair scores − ``sds`` · their within-group SD;
    and the threshold's percentile among all pairs.

    The SD is the pooled within-group standard deviation — of each pair's score around
    its own group's mean — so that groups that are internally tight but far apart from
    each other (ESCO has both near-identical and very mixed unit groups) do not inflate it.
    Also returned: the plain SD of all within-group scores (the unpooled variant).
    """
    labels = np.asarray(groups)
    members: dict[str, np.ndarray] = {}
    for label in np.unique(labels):
        if label:
            index = np.flatnonzero(labels == label)
            if len(index) > 1:
                members[label] = index
    blocks, means = [], []
    for index in members.values():
        block = score[np.ix_(index, index)][np.triu_indices(len(index), k=1)].astype(np.float64)
        blocks.append(block)
        means.append(np.full(block.size, block.mean()))
    if not blocks or sum(b.size for b in blocks) < 2:
        return 0.0, 0.0, 0.0, 0.0, sum(b.size for b in blocks), 0.0
    within = np.concatenate(blocks)
    group_mean = np.concatenate(means)
    mean = float(within.mean())
    sd = float(np.sqrt(((within - group_mean) ** 2).mean()))
    threshold = max(0.0, mean - sds * sd)
    return threshold, _percentile_below(score, threshold), mean, sd, int(within.size), float(within.std())


def _percentile_below(score: np.ndarray, threshold: float) -> float:
    """Share (in %) of occupation pairs scoring below ``threshold``; the matrix is
    symmetric, so counting over all off-diagonal cells counts every pair twice."""
    n = score.shape[0]
    below = int(np.count_nonzero(score < threshold)) - int(np.count_nonzero(np.diag(score) < threshold))
    return float(below / (n * (n - 1)) * 100.0)
