"""Bulk export of the most similar roles of every occupation (ESCO and O*NET), read from
the engine's all-pairs scores: ``--top N`` gives N rows per occupation for any N.

Columns: ``origin_id, origin_label, rank, target_id, target_label, score, coverage,
shared_essential, shared_optional, missing_essential`` — coverage is the share of the
target's essential requirements the origin brings (related skills counting partly, see
:mod:`skillgraph.queries.credit`); the last three are counts of requirements (see
:mod:`skillgraph.queries.explain` for their definitions).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.model import Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.credit import held_from_rows
from skillgraph.queries.csv_writer import csv_file

__all__ = ["SIMILAR_COLUMNS", "export_similar"]

SIMILAR_COLUMNS = (
    "origin_id",
    "origin_label",
    "rank",
    "target_id",
    "target_label",
    "score",
    "coverage",
    "shared_essential",
    "shared_optional",
    "missing_essential",
)


def export_similar(store: GraphStore, out: Path, *, top: int = 20) -> dict[str, int]:
    """Write the ``top`` most similar roles of every occupation to the CSV file ``out``.

    Ranks follow the similarity over every role of the taxonomy (ties: id order). The
    file is written to a temporary name and renamed when complete, with cells that a
    spreadsheet would run as formulas neutralised (:mod:`skillgraph.queries.csv_writer`);
    an ``out`` that cannot be written is an OutputError. Returns the number of origins
    written per source and the number of rows.
    """
    if not isinstance(top, int) or top < 1:
        raise InvalidArgumentError(f"--top must be a positive integer, got {top!r}")
    ids = store.occupation_ids()
    props = store.nodes(ids)
    requirements = store.requirements(ids)
    holds: dict[str, set[str]] = {}
    essentials: dict[str, set[str]] = {}
    for occupation, rows in requirements.items():
        holds[occupation] = held_from_rows(rows, props[occupation]["source"])
        essentials[occupation] = {r["id"] for r in rows if r["relation"] == "essential"}
    out = Path(out)
    counts: dict[str, int] = {"rows": 0}
    # csv_file: formula-like cells neutralised, atomic, OutputError when out cannot be written.
    with csv_file(out) as writer:
        writer.writerow(SIMILAR_COLUMNS)
        for source in (Source.ESCO.value, Source.ONET.value):
            space = store.space_ids(source)
            if len(space) < 2:
                continue
            for origin in space:
                row = store.score_rows([origin])[origin]
                order = np.lexsort((np.arange(len(space)), -row.score.astype(np.float64)))
                order = order[(order != row.position) & (row.score[order] > 0)][:top]
                if not len(order):
                    continue
                counts[source] = counts.get(source, 0) + 1
                held = holds.get(origin, set())
                for rank, j in enumerate(order.tolist(), start=1):
                    target = space[j]
                    coverage = float(row.coverage_out[j])
                    essential = essentials.get(target, set())
                    optional = {r["id"] for r in requirements.get(target, [])} - essential
                    shared = len(essential & held)
                    writer.writerow(
                        (
                            origin,
                            props[origin]["label"],
                            rank,
                            target,
                            props[target]["label"],
                            f"{float(row.score[j]):.6f}",
                            "" if np.isnan(coverage) else f"{coverage:.6f}",
                            shared,
                            len(optional & held) if source == Source.ESCO else 0,
                            len(essential) - shared,
                        )
                    )
                    counts["rows"] += 1
    return counts
