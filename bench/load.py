"""Cold build, warm start and peak memory of the embedded store on the full data.

    SKILLGRAPH_DATA_DIR=../shared/data python bench/load.py [--runs 3]

Each measurement runs in a fresh Python process (so caches, imports and memory start
from zero) and reports its own wall time and peak resident memory (ru_maxrss):

* cold: build from the official files (read, graph, similarity) and write the snapshot
  — what ``skillgraph load --rebuild`` does;
* warm: open the existing snapshot — what every later start does.

Targets (issue #2): cold ≤ 10 s, warm ≤ 1 s, peak memory ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import print_table

CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.settings import Settings
settings = Settings.from_env()
result = open_memory_store(settings, rebuild=sys.argv[1] == "cold")
seconds = time.perf_counter() - start
assert result.built == (sys.argv[1] == "cold"), result.built
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "open_seconds": result.seconds, "peak_mb": peak, "timings": result.timings}))
"""


def run(kind: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind], env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"{kind} run failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("SKILLGRAPH_DATA_DIR"):
        sys.exit("Set SKILLGRAPH_DATA_DIR to the folder with the official data (e.g. ../shared/data)")
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="skillgraph-bench-load-") as cache:
        env = {**os.environ, "SKILLGRAPH_CACHE_DIR": cache, "PYTHONPATH": str(root)}
        cold = [run("cold", env) for _ in range(args.runs)]
        warm = [run("warm", env) for _ in range(args.runs)]
    rows = []
    for name, runs, target_s in (("cold build + snapshot", cold, 10.0), ("warm start (snapshot)", warm, 1.0)):
        seconds = statistics.median(r["seconds"] for r in runs)
        opened = statistics.median(r["open_seconds"] for r in runs)
        peak = max(r["peak_mb"] for r in runs)
        rows.append(
            (
                name,
                f"{seconds:.2f}",
                f"{opened:.2f}",
                f"≤ {target_s:g}",
                f"{peak:.0f}",
                "≤ 1024",
                ", ".join(f"{r['seconds']:.2f}" for r in runs),
            )
        )
    print_table(
        f"Embedded store on the full data (median of {args.runs} fresh processes each)",
        ("measurement", "process s", "open s", "target s", "peak MB", "target MB", "all runs (process s)"),
        rows,
    )
    phases = {k: statistics.median(r["timings"].get(k, 0.0) for r in cold) for k in cold[0]["timings"]}
    print_table("Cold build phases (median seconds)", ("phase", "seconds"), [(k, f"{v:.2f}") for k, v in phases.items()])
    print("process s = whole child process incl. imports; open s = open_memory_store() alone")


if __name__ == "__main__":
    main()
