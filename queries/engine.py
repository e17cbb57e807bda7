"""The similarity engine: every pair of roles scored as sparse matrix algebra, once per
snapshot — similarity, directional coverage with credit for transferable skills, occupation
families, the calibrated viability threshold — plus the materialised top-k (SIMILAR_TO).

ESCO and O*NET occupations live in two spaces and are only compared within their own. The
full n × n matrices are kept (ESCO 3,007², O*NET 1,016², float32): filters, rankings and
pathways read them, so no result is limited to a top-k.

**ESCO concept part** — a soft cosine over the occupation × concept matrix ``X``::

    X[o, s] = w_essential (1.0) | w_optional (0.5)      # ESCO relationType
    W = X · diag(idf)         idf(s) = (1 + ln((1 + N) / (1 + df(s)))) ** idf_power
    R = (1 − β) I + β · G Gᵀ + γ · B                    # concept relatedness
    concepts(a, b) = (W R Wᵀ)[a, b] / sqrt((W R Wᵀ)[a, a] · (W R Wᵀ)[b, b])

``G`` puts each skill/competence concept in its skill group (knowledge is left out: its
groups are whole ISCED fields), ``B`` links concepts in a direct broader/narrower relation.

**O*NET score** — the weighted mean of the components an occupation pair both has
(weights 1, 1, 1, 1, ½): skills & knowledge (correlation of importance profiles, clipped
at 0), technologies and tools (idf-weighted cosine), task statements and alternate titles
(idf-weighted word cosines), interests (RIASEC profile correlation, clipped at 0).

**Hybrid ESCO score** — most ESCO roles have a crosswalk match in O*NET, whose ratings,
tasks, technologies and titles describe the work more evenly than ESCO's long, unevenly
worded skill lists. With ``M`` the ESCO × O*NET match matrix (rows: the role's SAME_AS
matches weighted by confidence, inherited ones at half weight, summing to 1)::

    onet(a, b)   = Σ M[a,c] M[b,d] S_onet[c,d] / Σ M[a,c] M[b,d]   over c ≠ d
    onet'(a, b)  = Q_concepts(F_onet(onet(a, b)))      # the same percentile, on the concept scale
    gate(a, b)   = min(1, concepts(a, b) / τ)          # τ: the concept part's viability threshold
    hybrid(a, b) = concepts + (1 − α) · gate · (onet' − concepts)          α = hybrid_weight (0.6)

— the O*NET part counts only between *different* O*NET occupations (roles sharing one match
are ones O*NET cannot tell apart); it is put on the concept part's scale by quantiles over
the matched pairs, and moves the score towards its own reading by up to 1 − α, in full once
the two roles share a meaningful set of ESCO concepts (an O*NET match is coarse: dozens of
ESCO roles share one, so O*NET alone cannot make two roles alike). A role without a
crosswalk match keeps its concept part alone. Both parts are kept for the explanation.

**Coverage (directional, with transferable skills)** — the share of the *target's*
essential requirements the *origin* brings, where a requirement the origin holds counts 1
and one it holds a related concept for counts partly (the one definition of
:mod:`skillgraph.queries.credit`, vectorised here)::

    coverage(a → b) = Σ_{s ∈ essential(b)} credit_a(s) / |essential(b)|

**Families** — ESCO lists many near-identical specialisations (42 "… shop manager"). Two
occupations are in one family when one is narrower than the other within the same ISCO unit
group (through the ESCO hierarchy), or when they share the unit group and their similarity
reaches ``family_similarity``. For O*NET: specialties (``.01``…) of the same detailed
occupation (not of an "All Other" code), or the same SOC broad group and
``family_similarity``.

**Viability threshold** — calibrated per space as in Nesta's career-causeways work: the
mean minus one standard deviation of the scores between occupations of the same group
(ESCO: ISCO unit group; O*NET: SOC broad group), the SD being the pooled within-group one.
A **realistic move** reaches the threshold and brings at least ``min_step_coverage`` of the
target's essential requirements (pathways also bound the job-zone change).
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
from skillgraph.queries.credit import NEAR_CREDIT, NEAR_IMPORTANCE

__all__ = [
    "EngineSettings",
    "soft_cosine",
    "esco_inputs",
    "esco_scores",
    "esco_match_inputs",
    "SpaceIndex",
    "SimilarityIndex",
    "build_index",
    "annotate_families",
    "jaccard_matrix",
    "idf_weights",
    "ENGINE_VERSION",
]

_OCC = NodeKind.OCCUPATION.value
_CONCEPTS = {NodeKind.SKILL.value, NodeKind.KNOWLEDGE.value}
#: Pairs sampled to map the O*NET part onto the concept part's scale (seeded: reproducible).
_QUANTILE_SAMPLE = 400_000
_QUANTILES = np.linspace(0.0, 1.0, 2001)


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

    Examples
    --------
    >>> jaccard_matrix(sp.csr_matrix([[1, 1, 0], [0, 1, 1]])).round(3).tolist()
    [[1.0, 0.333], [0.333, 1.0]]
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
    """Compute every similarity score, coverage, family, threshold and top-k list of ``graph``."""
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
    onet_ids = sorted(occupations.get(Source.ONET.value, []))
    onet_scores = None
    if len(onet_ids) >= 2:
        onet_space, onet_scores = _onet_space(graph, onet_ids, sorted(concepts[Source.ONET.value]), settings)
        spaces[Source.ONET.value] = onet_space
    esco_ids = sorted(occupations.get(Source.ESCO.value, []))
    if len(esco_ids) >= 2:
        spaces[Source.ESCO.value] = _esco_space(
            graph, esco_ids, sorted(concepts[Source.ESCO.value]), settings, onet_ids, onet_scores
        )
    return SimilarityIndex(spaces, settings)


def annotate_families(graph: nx.DiGraph, index: SimilarityIndex) -> None:
    """Write each occupation's family (the id of its family's representative) onto its node
    as ``family_id``, so both stores carry it as an ordinary property. Done once, while the
    graph is being built (before the snapshot is written or Neo4j is loaded)."""
    for space in index.spaces.values():
        representative: dict[int, str] = {}
        for position, family in enumerate(space.family.tolist()):
            representative.setdefault(family, space.ids[position])  # ids are sorted: the first id
        for position, occupation in enumerate(space.ids):
            graph.nodes[occupation]["family_id"] = representative[int(space.family[position])]


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
    """G (skill/competence concepts × groups), B (symmetric broader/narrower links) and
    L (symmetric ESCO skill–skill relations, empty when the loader gave none)."""
    data = graph.nodes
    position = {c: i for i, c in enumerate(concept_ids)}
    groups: dict[str, int] = {}
    g_rows, g_cols = [], []
    b_rows, b_cols = [], []
    l_rows, l_cols = [], []
    for concept in concept_ids:
        props = data[concept]
        i = position[concept]
        if props.get("kind") == NodeKind.SKILL and props.get("group_id"):
            g_rows.append(i)
            g_cols.append(groups.setdefault(props["group_id"], len(groups)))
        for target, edge in graph.succ[concept].items():
            j = position.get(target)
            if j is None or j == i:
                continue
            if edge["kind"] == EdgeKind.BROADER:
                b_rows += [i, j]
                b_cols += [j, i]
            elif edge["kind"] == EdgeKind.RELATED:
                l_rows += [i, j]
                l_cols += [j, i]
    n = len(concept_ids)
    group = sp.csr_matrix((np.ones(len(g_rows)), (g_rows, g_cols)), shape=(n, max(1, len(groups))))

    def symmetric(r, c):
        m = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
        m.sum_duplicates()
        m.data[:] = 1.0  # a pair listed twice stays 1
        return m

    return group, symmetric(b_rows, b_cols), symmetric(l_rows, l_cols)


def _relation_strengths(
    group: sp.csr_matrix, broader: sp.csr_matrix, linked: sp.csr_matrix, settings: EngineSettings
) -> sp.csr_matrix:
    """Concept × concept coverage credit of each relation (the strongest one per pair)."""
    n = broader.shape[0]
    same_group = (group @ group.T).tocsr()
    same_group.setdiag(0)
    same_group.eliminate_zeros()
    same_group.data[:] = settings.group_related_credit
    direct = (broader + linked).tocsr()
    direct.data[:] = settings.related_credit
    strengths = same_group.maximum(direct) if same_group.nnz else direct
    strengths = sp.csr_matrix(strengths, shape=(n, n), dtype=np.float32)
    strengths.setdiag(0)
    strengths.eliminate_zeros()
    strengths.sort_indices()
    return strengths


def credit_matrix(has: sp.csr_matrix, relation: sp.csr_matrix) -> sp.csr_matrix:
    """Occupations × concepts credit: 1 where held, else the strongest relation from a held
    concept (the one definition of :mod:`skillgraph.queries.credit`, as matrix algebra).

    Each relation strength is one level; a concept gets the highest level any held concept
    reaches it by (a maximum, never a sum: two weak relations are not one strong one).

    Examples
    --------
    >>> has = sp.csr_matrix([[1, 0, 0]])
    >>> rel = sp.csr_matrix([[0, 0.5, 0.25], [0.5, 0, 0], [0.25, 0, 0]], dtype=np.float32)
    >>> credit_matrix(has, rel).toarray().round(2).tolist()
    [[1.0, 0.5, 0.25]]
    """
    has = (has > 0).astype(np.float32).tocsr()
    credit = has.copy()
    for level in sorted(set(relation.data.tolist())):
        reach = (has @ (relation == level).astype(np.float32)).tocsr()
        reach.data[:] = level
        credit = credit.maximum(reach)
    credit = sp.csr_matrix(credit, dtype=np.float32)
    credit.eliminate_zeros()
    credit.sort_indices()
    return credit


def _coverage_matrix(credit: sp.csr_matrix, essential: sp.csr_matrix) -> np.ndarray:
    """coverage[a, b] = Σ credit_a(s) over b's essentials / |essentials(b)| (NaN: b has none)."""
    counts = np.diff(essential.indptr).astype(np.float32)
    covered = (credit @ essential.T.astype(np.float32).tocsc()).toarray().astype(np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):
        covered /= counts[None, :]
    covered[:, counts == 0] = np.nan
    return covered


def soft_cosine(x: sp.csr_matrix, group: sp.csr_matrix, broader: sp.csr_matrix, settings: EngineSettings) -> np.ndarray:
    """All-pairs ESCO concept part (see the module docstring) of the rows of ``x``.

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
    group, broader, _ = _concept_relations(graph, concept_ids, settings)
    return ids, concept_ids, x, group, broader


def _match_matrix(graph: nx.DiGraph, ids: list[str], onet_ids: list[str]) -> sp.csr_matrix:
    """ESCO × O*NET crosswalk weights: each role's SAME_AS matches, weighted by confidence
    (inherited matches at half weight), rows summing to 1 (empty rows: no match)."""
    position = {code: j for j, code in enumerate(onet_ids)}
    rows, cols, vals = [], [], []
    same_as = EdgeKind.SAME_AS.value
    for i, occupation in enumerate(ids):
        for target, edge in graph.succ[occupation].items():
            if edge["kind"] == same_as and target in position:
                weight = float(edge.get("confidence") or 1.0) * (0.5 if edge.get("inherited") else 1.0)
                rows.append(i)
                cols.append(position[target])
                vals.append(max(weight, 1e-6))
    m = sp.csr_matrix((vals, (rows, cols)), shape=(len(ids), len(onet_ids)), dtype=np.float64)
    m.sum_duplicates()
    totals = np.asarray(m.sum(axis=1)).ravel()
    totals[totals == 0] = 1.0
    return (sp.diags(1.0 / totals) @ m).tocsr()


def _quantiles(values: np.ndarray) -> np.ndarray:
    """``np.quantile(values, _QUANTILES)`` (linear interpolation) of float32 ``values``,
    sorted as float32 (half the time of sorting them as float64, the same order)."""
    ordered = np.sort(values).astype(np.float64)
    position = _QUANTILES * (len(ordered) - 1)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _quantile_map(
    values: np.ndarray, onto: np.ndarray, sample: tuple[np.ndarray, np.ndarray], onto_sample: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """Map ``values`` (in [0, 1]) onto the distribution of ``onto`` by quantiles estimated
    on sampled pairs — ``sample`` indexes them in ``values``, ``onto_sample`` the same pairs
    in ``onto`` — (same percentile in, same percentile out); monotone, so ranks are kept. Applied through a lookup table of 2¹⁶ steps (an exact interpolation of 9 million
    values would take seconds)."""
    source_q = _quantiles(values[sample])
    target_q = _quantiles(onto[onto_sample])
    # np.interp needs increasing points: ties (many pairs share one O*NET match) are spread
    # by a negligible step.
    source_q = np.maximum.accumulate(source_q + np.arange(len(source_q)) * 1e-9)
    steps = 1 << 16
    table = np.interp(np.linspace(0.0, 1.0, steps + 1), source_q, target_q).astype(np.float32)
    index = values * np.float32(steps)
    np.clip(index, 0, steps, out=index)
    return table[index.astype(np.int32)]  # truncation: a step of 1.5e-5 is far below the scores' precision


def _distinct_rows(m: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """The distinct rows of ``m`` (in order of first appearance) and, for each row of
    ``m``, the position of its copy among them."""
    m = m.tocsr()
    m.sort_indices()
    seen: dict[tuple[bytes, bytes], int] = {}
    inverse = np.empty(m.shape[0], dtype=np.intp)
    for i in range(m.shape[0]):
        a, b = m.indptr[i], m.indptr[i + 1]
        inverse[i] = seen.setdefault((m.indices[a:b].tobytes(), m.data[a:b].tobytes()), len(seen))
    first = np.unique(inverse, return_index=True)[1]
    return m[first], inverse


def _spread(values: np.ndarray, inverse: np.ndarray) -> np.ndarray:
    """``values[inverse][:, inverse]``: a matrix over distinct rows spread to every pair
    (two ``take``s, four times faster than one fancy index over 9 million cells)."""
    return np.take(np.take(values, inverse, axis=0), inverse, axis=1)


def _sample_pairs(mask: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``n`` distinct off-diagonal pairs (i < j) among the positions where ``mask``
    is True, drawn with a fixed seed."""
    members = np.flatnonzero(mask)
    rng = np.random.default_rng(20251201)
    m = len(members)
    if m < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    total = m * (m - 1) // 2
    if total <= n:
        i, j = np.triu_indices(m, k=1)
    else:
        i = rng.integers(0, m, size=n)
        j = rng.integers(0, m, size=n)
        keep = i != j
        i, j = np.minimum(i[keep], j[keep]), np.maximum(i[keep], j[keep])
    return members[i], members[j]


def _esco_space(
    graph: nx.DiGraph,
    ids: list[str],
    concept_ids: list[str],
    settings: EngineSettings,
    onet_ids: list[str],
    onet_scores: np.ndarray | None,
) -> SpaceIndex:
    shape, rows, cols, ess, _ = _requirement_matrices(graph, ids, concept_ids)
    weights = np.where(ess, settings.w_essential, settings.w_optional)
    x = sp.csr_matrix((weights, (rows, cols)), shape=shape)
    essential = sp.csr_matrix((np.ones(int(ess.sum())), (rows[ess], cols[ess])), shape=shape)
    has = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    group, broader, linked = _concept_relations(graph, concept_ids, settings)

    groups = [graph.nodes[o].get("isco_code", "") for o in ids]
    match = _match_matrix(graph, ids, onet_ids) if onet_scores is not None else None
    score, parts = esco_scores(x, group, broader, settings, groups, match, onet_scores)
    parts = {name: part.astype(np.float16) for name, part in parts.items()}  # for explanations: 3 digits
    relation = _relation_strengths(group, broader, linked, settings)
    broader_of = _esco_broader(graph, ids)
    family = _families(score, groups, broader_of, settings.family_similarity)
    return _finish_space(
        Source.ESCO, ids, concept_ids, score, essential, has, relation, parts, family, groups, "ISCO unit group", settings
    )


def esco_scores(
    x: sp.csr_matrix,
    group: sp.csr_matrix,
    broader: sp.csr_matrix,
    settings: EngineSettings,
    groups: list[str],
    match: sp.csr_matrix | None = None,
    onet_scores: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The all-pairs ESCO score (diagonal 0) and its float32 parts: the concept part
    (:func:`soft_cosine`) and, with the crosswalk ``match`` matrix and the O*NET scores, the
    O*NET part of the hybrid (NaN where absent; see the module docstring). ``groups``: each
    occupation's ISCO unit group."""
    concepts = soft_cosine(x, group, broader, settings)
    np.fill_diagonal(concepts, 0.0)
    parts: dict[str, np.ndarray] = {"concepts": concepts}
    if match is None or onet_scores is None or settings.hybrid_weight >= 1.0:
        return concepts, parts
    matched = np.diff(match.indptr) > 0
    if matched.sum() < 2:
        return concepts, parts
    # O*NET evidence compares *different* O*NET occupations: two ESCO roles with the same
    # match are ones O*NET cannot tell apart, which says nothing about how alike their work
    # is (42 shop managers and a pawnbroker share one match). So the part is the weighted
    # mean over pairs of different matches, and absent where there are none.
    # Computed over the distinct crosswalk rows (1,293 for 3,007 roles: dozens of roles share
    # one match), then spread to every pair: a tenth of the work on 9-million-cell arrays.
    rows, inverse = _distinct_rows(match)
    s0 = onet_scores.astype(np.float32, copy=True)
    np.fill_diagonal(s0, 0.0)
    m32 = rows.astype(np.float32)
    onet = np.asarray(m32 @ (m32 @ s0).T, dtype=np.float32)  # M S₀ Mᵀ (S₀ is symmetric)
    row_matched = (np.diff(rows.indptr) > 0).astype(np.float32)
    mass = np.outer(row_matched, row_matched) - (m32 @ m32.T).toarray().astype(np.float32)
    both = mass > 1e-3  # weight on different matches (the rest is on identical ones)
    onet /= np.maximum(mass, np.float32(1e-3))
    onet *= both  # 0 where the two roles have no different matches
    sample = _sample_pairs(both.any(axis=1)[inverse], _QUANTILE_SAMPLE)
    a, b = inverse[sample[0]], inverse[sample[1]]
    keep = both[a, b]
    mapped = _quantile_map(onet, concepts, (a[keep], b[keep]), (sample[0][keep], sample[1][keep]))
    mapped *= both  # 0 where absent: the gate below is 0 there too
    # The O*NET evidence moves the score towards its own reading by up to (1 − α), in full
    # once the two roles share a meaningful set of ESCO concepts (the concept part at its
    # viability threshold τ): O*NET matches are coarse (dozens of ESCO roles share one),
    # so on its own it cannot make two roles alike. In place: these are 9-million-cell arrays.
    tau = _calibrate(concepts, groups, settings.threshold_sd)[0]
    present = _spread(both, inverse)
    gate = concepts * np.float32((1.0 - settings.hybrid_weight) / max(tau, 1e-6))
    np.minimum(gate, np.float32(1.0 - settings.hybrid_weight), out=gate)
    gate *= present
    score = _spread(mapped, inverse)  # mapped O*NET part …
    score -= concepts  # … − concepts
    score *= gate
    del gate
    score += concepts
    np.clip(score, 0.0, 1.0, out=score)
    np.fill_diagonal(score, 0.0)
    np.copyto(onet, np.float32(np.nan), where=~both)
    onet = _spread(onet, inverse)
    np.fill_diagonal(onet, np.nan)
    parts["onet"] = onet
    return score, parts


def esco_match_inputs(graph: nx.DiGraph, ids: list[str], settings: EngineSettings | None = None):
    """The crosswalk match matrix and the O*NET scores the hybrid takes (for benchmarks)."""
    onet_ids = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == _OCC and d.get("source") == Source.ONET)
    concept_ids = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") in _CONCEPTS and d.get("source") == Source.ONET)
    _, onet_scores = _onet_space(graph, onet_ids, concept_ids, settings or EngineSettings())
    return _match_matrix(graph, ids, onet_ids), onet_scores


def _esco_broader(graph: nx.DiGraph, ids: list[str]) -> list[int]:
    """Position of each occupation's broader ESCO occupation (−1: none)."""
    position = {o: i for i, o in enumerate(ids)}
    out = []
    for occupation in ids:
        parent = -1
        for target, edge in graph.succ[occupation].items():
            if edge["kind"] == EdgeKind.BROADER and target in position:
                parent = position[target]
                break
        out.append(parent)
    return out


def _families(score: np.ndarray, groups: list[str], parent: list[int], similarity: float) -> np.ndarray:
    """Family number of each occupation (see the module docstring): union of narrower →
    broader links inside one group, and of same-group pairs whose similarity reaches
    ``similarity``. Numbers follow the first (sorted) member of each family."""
    n = len(groups)
    root = list(range(n))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            root[max(a, b)] = min(a, b)

    for i, p in enumerate(parent):
        if p >= 0 and groups[i] and groups[i] == groups[p]:
            union(i, p)
    labels = np.asarray(groups)
    for label in np.unique(labels):
        if not label:
            continue
        members = np.flatnonzero(labels == label)
        if len(members) < 2:
            continue
        block = score[np.ix_(members, members)]
        a, b = np.nonzero(np.triu(block >= similarity, k=1))
        for i, j in zip(members[a].tolist(), members[b].tolist(), strict=True):
            union(i, j)
    roots = np.array([find(i) for i in range(n)], dtype=np.int32)
    _, family = np.unique(roots, return_inverse=True)
    return family.astype(np.int32)


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


#: Names of the O*NET components, in the order of EngineSettings.onet_weights.
ONET_PARTS = ("skills", "technologies", "tasks", "titles", "interests")


def _onet_space(
    graph: nx.DiGraph, ids: list[str], concept_ids: list[str], settings: EngineSettings
) -> tuple[SpaceIndex, np.ndarray]:
    shape, rows, cols, ess, importance = _requirement_matrices(graph, ids, concept_ids)
    essential = sp.csr_matrix((np.ones(int(ess.sum())), (rows[ess], cols[ess])), shape=shape)
    has = essential  # for O*NET, "has" means the element is important to the origin too

    # Skills & knowledge: standardised importance profiles.
    dense = np.zeros(shape)
    dense[rows, cols] = importance
    with_skills = np.bincount(rows, minlength=shape[0]) > 0
    parts: list[tuple[str, np.ndarray, np.ndarray, float]] = []
    if with_skills.sum() > 1:
        mean = dense[with_skills].mean(axis=0)
        sd = dense[with_skills].std(axis=0)
        sd[sd == 0] = 1.0
        z = (dense - mean) / sd
        z[~with_skills] = 0.0
        parts.append(("skills", np.clip(_cosine_rows(z), 0.0, 1.0), with_skills, settings.onet_weights[0]))

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
        parts.append(("technologies", _cosine_rows(tw), with_tech, settings.onet_weights[1]))

    def task_texts(props):
        tasks = props.get("tasks", ())
        return (*tasks, props.get("label", ""), props.get("description", "")) if tasks else ()

    for name, texts, weight in (
        ("tasks", task_texts, settings.onet_weights[2]),
        ("titles", lambda p: p.get("alt_labels", ()), settings.onet_weights[3]),
    ):
        similarity, present = _text_similarity(graph, ids, texts)
        if weight and present.any():
            parts.append((name, similarity, present, weight))

    interests = np.array([props.get("interests") or (0.0,) * 6 for props in map(graph.nodes.__getitem__, ids)], dtype=float)
    with_interests = interests.sum(axis=1) > 0
    if settings.onet_weights[4] and with_interests.sum() > 1:
        sd = interests[with_interests].std(axis=0)
        sd[sd == 0] = 1.0
        z = (interests - interests[with_interests].mean(axis=0)) / sd
        z[~with_interests] = 0.0
        parts.append(("interests", np.clip(_cosine_rows(z), 0.0, 1.0), with_interests, settings.onet_weights[4]))

    n = len(ids)
    numerator = np.zeros((n, n))
    denominator = np.zeros((n, n))
    kept: dict[str, np.ndarray] = {}
    for name, matrix, present, weight in parts:
        mask = np.outer(present, present)
        numerator += weight * np.where(mask, matrix, 0.0)
        denominator += weight * mask
        component = np.where(mask, matrix, np.nan).astype(np.float16)
        np.fill_diagonal(component, np.nan)
        kept[name] = component
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), 0.0)
    np.clip(score, 0.0, 1.0, out=score)
    score = score.astype(np.float32)
    np.fill_diagonal(score, 0.0)

    relation = sp.csr_matrix((len(concept_ids), len(concept_ids)), dtype=np.float32)
    groups = [o[:6] for o in ids]  # SOC broad group: "15-125" of 15-1252.00
    family = _families(score, groups, _onet_specialty_of(ids), settings.family_similarity)
    space = _finish_space(
        Source.ONET,
        ids,
        concept_ids,
        score,
        essential,
        has,
        relation,
        kept,
        family,
        groups,
        "SOC broad group",
        settings,
        near=sp.csr_matrix(((importance >= NEAR_IMPORTANCE) & ~ess, (rows, cols)), shape=shape),
    )
    return space, score


def _onet_specialty_of(ids: list[str]) -> list[int]:
    """For an O*NET specialty (``15-1299.08``), the position of its detailed occupation's
    ``.00`` code when the detailed occupation is not an "All Other" one (``…9``): the
    specialties of "All Other" codes are different occupations; −1 otherwise."""
    position = {code: i for i, code in enumerate(ids)}
    out = []
    for code in ids:
        base = code[:7]
        parent = position.get(base + ".00", -1) if not code.endswith(".00") and not base.endswith("9") else -1
        out.append(parent)
    return out


def _finish_space(
    source: str,
    ids: list[str],
    concept_ids: list[str],
    score: np.ndarray,
    essential: sp.csr_matrix,
    has: sp.csr_matrix,
    relation: sp.csr_matrix,
    parts: dict[str, np.ndarray],
    family: np.ndarray,
    groups: list[str],
    group_name: str,
    settings: EngineSettings,
    *,
    near: sp.csr_matrix | None = None,
) -> SpaceIndex:
    n = len(ids)
    calibrated, percentile, mean, sd, pairs, total_sd = _calibrate(score, groups, settings.threshold_sd)
    threshold = calibrated
    if settings.fixed_threshold is not None:
        threshold = settings.fixed_threshold
        percentile = _percentile_below(score, threshold)
    elif percentile < settings.min_threshold_percentile:
        threshold = _percentile_value(score, settings.min_threshold_percentile)
        percentile = _percentile_below(score, threshold)
    essential = essential.tocsr()
    has = has.tocsr()
    credit = credit_matrix(has, relation)
    if near is not None and near.nnz:  # O*NET: rated just below important → related credit
        near = (near > 0).astype(np.float32) * np.float32(NEAR_CREDIT)
        credit = sp.csr_matrix(credit.maximum(near), dtype=np.float32)
    coverage = _coverage_matrix(credit, essential)
    top = _top_k(score, min(settings.top_k, n - 1))

    # Explanation counts only for the materialised pairs: n·k sparse row products.
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
    has_count = np.diff(has.indptr)
    both = overlap(has, has)
    union = has_count[origin] + has_count[target] - both
    jaccard = np.where(union > 0, both / np.maximum(union, 1), 0.0)

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
        relation=relation.tocsr(),
        score=score,
        coverage=coverage,
        parts=parts,
        family=family,
        top_index=top,
        top_score=place(score[origin, target], np.float64),
        top_coverage=place(coverage[origin, target].astype(np.float64), np.float64),
        top_reverse=place(coverage[target, origin].astype(np.float64), np.float64),
        top_jaccard=place(jaccard, np.float64),
        top_shared_essential=place(shared_essential, np.int32),
        top_shared_optional=place(shared_optional, np.int32),
        top_missing=place(essential_count[target] - shared_essential, np.int32),
        threshold=threshold,
        threshold_percentile=percentile,
        calibrated_threshold=calibrated,
        within_mean=mean,
        within_sd=sd,
        within_pairs=pairs,
        within_total_sd=total_sd,
        group_name=group_name,
        min_step_coverage=settings.min_step_coverage,
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
    rows, cols, pair_group = _within_group_pairs(groups)
    if len(rows) < 2:
        return 0.0, 0.0, 0.0, 0.0, len(rows), 0.0
    within = score[rows, cols].astype(np.float64)
    sizes = np.bincount(pair_group)
    sizes = sizes[sizes > 0]
    group_mean = np.repeat(np.add.reduceat(within, np.cumsum(sizes) - sizes) / sizes, sizes)
    mean = float(within.mean())
    sd = float(np.sqrt(((within - group_mean) ** 2).mean()))
    threshold = max(0.0, mean - sds * sd)
    return threshold, _percentile_below(score, threshold), mean, sd, int(within.size), float(within.std())


def _within_group_pairs(groups: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i < j) of occupations in one non-empty group, grouped by group in label
    order: rows, columns and each pair's group number. Built without a loop over the
    1,000-odd groups (they are counted on every score build)."""
    labels = np.asarray(groups)
    order = np.argsort(labels, kind="stable")  # by group, ascending positions within one
    _, start, size = np.unique(labels[order], return_index=True, return_counts=True)
    keep = (size >= 2) & (labels[order][start] != "")
    start, size = start[keep], size[keep]
    if not len(start):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    # Each member at sorted position p pairs with the later members of its group.
    group_of = np.repeat(np.arange(len(start)), size)
    member = np.arange(len(group_of)) - np.repeat(np.cumsum(size) - size, size) + start[group_of]
    later = (start + size)[group_of] - member - 1
    first = np.repeat(member, later)
    offset = np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    second = first + 1 + offset
    return order[first], order[second], np.repeat(group_of, later)


def _percentile_value(score: np.ndarray, percentile: float) -> float:
    """The lowest score with at least ``percentile`` % of the occupation pairs below it."""
    values = np.sort(score[np.triu_indices(score.shape[0], k=1)])
    if not len(values):
        return 0.0
    k = min(len(values) - 1, math.ceil(percentile / 100.0 * len(values)))
    value = values[k]
    if np.searchsorted(values, value, side="left") < k:  # ties at the cut: the next score up
        value = np.nextafter(value, np.inf, dtype=values.dtype)
    return float(value)


def _percentile_below(score: np.ndarray, threshold: float) -> float:
    """Share (in %) of occupation pairs scoring below ``threshold``; the matrix is
    symmetric, so counting over all off-diagonal cells counts every pair twice."""
    n = score.shape[0]
    below = int(np.count_nonzero(score < threshold)) - int(np.count_nonzero(np.diag(score) < threshold))
    return float(below / (n * (n - 1)) * 100.0)
