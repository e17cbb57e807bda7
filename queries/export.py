"""Bulk export of the materialised similar roles of every occupation (ESCO and O*NET).

Columns: ``origin_id, origin_label, rank, target_id, target_label, score, coverage,
shared_essential, shared_optional, missing_essential`` — the last three are counts of
requirements (see :mod:`skillgraph.queries.explain` for their definitions).
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.store import GraphStore

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
    """Write the top ``top`` similar roles of every occupation to the CSV file ``out``.

    The file is written to a temporary name and renamed when complete. Returns the
    number of origins written per source and the number of rows.
    """
    if not isinstance(top, int) or not 1 <= top <= 100:
        raise InvalidArgumentError(f"--top must be an integer from 1 to 100, got {top!r}")
    ids = store.occupation_ids()
    props = store.nodes(ids)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {"rows": 0}
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(SIMILAR_COLUMNS)
            for origin in ids:
                rows = store.similar(origin, limit=top)
                if not rows:
                    continue
                source = props[origin]["source"]
                counts[source] = counts.get(source, 0) + 1
                for row in rows:
                    coverage = row["coverage"]
                    writer.writerow(
                        (
                            origin,
                            props[origin]["label"],
                            row["rank"],
                            row["target_id"],
                            props[row["target_id"]]["label"],
                            f"{row['score']:.6f}",
                            "" if coverage is None else f"{coverage:.6f}",
                            row["shared_essential"],
                            row["shared_optional"],
                            row["missing_essential"],
                        )
                    )
                    counts["rows"] += 1
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return counts
