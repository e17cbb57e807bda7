"""Quality report of the similarity engine on the full data (weak proxies, honestly labelled).

    SKILLGRAPH_DATA_DIR=../shared/data python bench/quality.py

Prints:
1. each taxonomy's calibrated viability threshold (mean − 1 SD of the scores between
   occupations of the same group) and its percentile among all pairs;
2. for ESCO, the share of each occupation's top-10 similar roles that sit in its ISCO
   unit group, that share a broader occupation with it (parent, child or sibling), or
   either — for the engine's score, for plain Jaccard of the requirement sets, and for
   random picks (the exact expectation);
3. for O*NET, the same with SOC minor groups (first three digits, e.g. 15-12xx);
4. what people see: the number of occupation families, and for the family-collapsed
   top-10 (one entry per family, as every list shows) the share outside the origin's ISCO
   (SOC) minor group, the number of moves into other fields that are realistic, and the
   realistic-move graph (moves per role).

These proxies reward roles that the classifications already put together; a good
career-transition score should beat Jaccard and random on them without maximising
them (useful moves often cross groups). See the README for how scores are defined.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import scipy.sparse as sp
from common import open_full_store, print_table

from skillgraph.graph.model import EdgeKind, Source
from skillgraph.queries.engine import jaccard_matrix

K = 10


def top_k_from(matrix: np.ndarray, k: int) -> np.ndarray:
    m = matrix.copy()
    np.fill_diagonal(m, -np.inf)
    part = np.argpartition(-m, k, axis=1)[:, :k]
    return part


def shares(top: np.ndarray, same) -> float:
    hits = [same(i, j) for i in range(top.shape[0]) for j in top[i] if j >= 0]
    return float(np.mean(hits)) if hits else 0.0


def random_expectation(n: int, same) -> float:
    """Expected share for a uniformly random other occupation (exact)."""
    total = 0.0
    for i in range(n):
        total += sum(1 for j in range(n) if j != i and same(i, j)) / (n - 1)
    return total / n


def main() -> None:
    store = open_full_store()
    index = store.index
    graph = store.graph
    meta = store.meta().similarity
    rows = []
    for prefix, name in (("esco", "ESCO"), ("onet", "O*NET")):
        rows.append(
            (
                name,
                meta[f"{prefix}_group"],
                f"{meta[f'{prefix}_within_mean']:.3f}",
                f"{meta[f'{prefix}_within_sd']:.3f}",
                f"{meta[f'{prefix}_threshold']:.3f}",
                f"{meta[f'{prefix}_threshold_percentile']:.1f}",
                f"{meta[f'{prefix}_within_pairs']:,}",
                f"{meta[f'{prefix}_within_total_sd']:.3f} → {max(0.0, meta[f'{prefix}_within_mean'] - meta[f'{prefix}_within_total_sd']):.3f}",
            )
        )
    print_table(
        "Calibrated viability thresholds (mean − 1 pooled within-group SD of within-group scores)",
        (
            "taxonomy",
            "group",
            "within mean",
            "pooled SD",
            "threshold",
            "percentile among all pairs",
            "within pairs",
            "plain SD → threshold",
        ),
        rows,
    )

    # ESCO
    space = index.spaces[Source.ESCO]
    ids = space.ids
    n = len(ids)
    isco = [graph.nodes[o].get("isco_code", "") for o in ids]
    position = space.position
    parents: dict[int, set[int]] = defaultdict(set)
    for o in ids:
        for target, edge in graph.succ[o].items():
            if edge["kind"] == EdgeKind.BROADER and target in position:
                parents[position[o]].add(position[target])

    def same_unit(i, j):
        return isco[i] == isco[j] and isco[i] != ""

    def same_broader(i, j):
        return j in parents[i] or i in parents[j] or bool(parents[i] & parents[j])

    def either(i, j):
        return same_unit(i, j) or same_broader(i, j)

    engine_top = top_k_from(space.score, K)
    concept_top = top_k_from(space.parts["concepts"].astype(np.float32), K)
    jac_top = top_k_from(jaccard_matrix(space.has), K)
    rows = []
    for label, top in (
        ("engine score (hybrid)", engine_top),
        ("concept part alone", concept_top),
        ("plain Jaccard", jac_top),
    ):
        rows.append((label, f"{shares(top, same_unit):.3f}", f"{shares(top, same_broader):.3f}", f"{shares(top, either):.3f}"))
    rows.append(
        (
            "random (expected)",
            f"{random_expectation(n, same_unit):.3f}",
            f"{random_expectation(n, same_broader):.3f}",
            f"{random_expectation(n, either):.3f}",
        )
    )
    print_table(
        f"ESCO ({n:,} occupations): share of each top-{K} in the origin's …",
        ("ranking", "ISCO unit group", "same broader occupation", "either"),
        rows,
    )

    # O*NET
    space = index.spaces[Source.ONET]
    ids = space.ids
    with_data = np.flatnonzero((space.top_index[:, 0] >= 0))
    minor = [o[:5] for o in ids]  # "15-12" of 15-1252.00: the SOC minor group

    def same_minor(i, j):
        return minor[i] == minor[j]

    tech_rows, tech_cols = [], []
    tech_pos: dict[str, int] = {}
    for i, o in enumerate(ids):
        for target, edge in graph.succ[o].items():
            if edge["kind"] == EdgeKind.USES:
                tech_rows.append(i)
                tech_cols.append(tech_pos.setdefault(target, len(tech_pos)))
    tech = sp.csr_matrix((np.ones(len(tech_rows)), (tech_rows, tech_cols)), shape=(len(ids), len(tech_pos)))
    plain = sp.hstack([space.has, tech]).tocsr()
    jac = jaccard_matrix(plain)
    engine_top = top_k_from(space.score, K)[with_data]
    jac_top = top_k_from(jac, K)[with_data]
    sub_n = len(with_data)
    print_table(
        f"O*NET ({sub_n:,} occupations with data): share of each top-{K} in the origin's SOC minor group",
        ("ranking", "SOC minor group"),
        [
            ("engine score", f"{shares_rows(engine_top, with_data, same_minor):.3f}"),
            ("plain Jaccard (important elements + technologies)", f"{shares_rows(jac_top, with_data, same_minor):.3f}"),
            ("random (expected)", f"{random_expectation_subset(with_data, same_minor):.3f}"),
        ],
    )

    print_table(
        f"What people see: one entry per family, top-{K}",
        (
            "taxonomy",
            "occupations",
            "families",
            "largest family",
            f"top-{K} outside the origin's minor group",
            "realistic moves per role (median)",
            "roles with ≥ 5 realistic moves into other fields",
        ),
        [family_row(index.spaces[Source.ESCO], graph, "ESCO"), family_row(index.spaces[Source.ONET], graph, "O*NET")],
    )


def family_row(space, graph, name: str) -> tuple:
    """Family statistics and the family-collapsed top-K of every origin."""
    n = len(space.ids)
    refs = [graph.nodes[o] for o in space.ids]
    minor = np.array([(r.get("code", "")[:5] if name == "O*NET" else r.get("isco_code", "")[:3]) for r in refs])
    family = space.family
    sizes = np.bincount(family)
    score = space.score
    coverage = np.nan_to_num(space.coverage, nan=0.0)
    zones = np.array([r.get("job_zone") or 0 for r in refs])
    outside, realistic_counts, other_ok = [], [], 0
    for i in range(n):
        order = np.argsort(-score[i], kind="stable")
        seen, top = {int(family[i])}, []
        for j in order:
            if j == i or score[i, j] <= 0:
                continue
            if int(family[j]) in seen:
                continue
            seen.add(int(family[j]))
            top.append(j)
            if len(top) == K:
                break
        outside += [minor[j] != minor[i] for j in top]
        known = (zones[i] > 0) & (zones > 0)
        ok = (score[i] >= space.threshold) & (coverage[i] >= space.min_step_coverage)
        ok &= ~known | (np.abs(zones - zones[i]) <= 1)
        ok[i] = False
        realistic_counts.append(int(ok.sum()))
        other = ok & (family != family[i]) & (minor != minor[i])
        other_ok += len(set(family[other].tolist())) >= 5
    return (
        name,
        f"{n:,}",
        f"{len(sizes):,}",
        f"{sizes.max()}",
        f"{np.mean(outside):.3f}",
        f"{np.median(realistic_counts):.0f}",
        f"{other_ok / n:.3f}",
    )


def shares_rows(top: np.ndarray, origins: np.ndarray, same) -> float:
    hits = [same(int(origins[r]), int(j)) for r in range(top.shape[0]) for j in top[r] if j >= 0]
    return float(np.mean(hits)) if hits else 0.0


def random_expectation_subset(members: np.ndarray, same) -> float:
    members = [int(m) for m in members]
    total = 0.0
    for i in members:
        total += sum(1 for j in members if j != i and same(i, j)) / (len(members) - 1)
    return total / len(members)


if __name__ == "__main__":
    main()
