"""Shared helpers for the benchmark scripts: opening the full-data store, timing, tables."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

__all__ = ["data_settings", "open_full_store", "median_time", "print_table", "console"]

console = Console(width=140)


def data_settings(cache_dir: Path | None = None):
    """Settings pointing at SKILLGRAPH_DATA_DIR (required) and a benchmark cache folder."""
    from skillgraph.graph.settings import Settings

    data_dir = os.environ.get("SKILLGRAPH_DATA_DIR")
    if not data_dir:
        sys.exit("Set SKILLGRAPH_DATA_DIR to the folder with the official data (e.g. ../shared/data)")
    cache = cache_dir or Path(os.environ.get("SKILLGRAPH_BENCH_CACHE") or Path(tempfile.gettempdir()) / "skillgraph-bench")
    return Settings.from_env().with_(data_dir=Path(data_dir), cache_dir=cache)


def open_full_store(settings=None):
    """The embedded store over the full data (built once into the benchmark cache)."""
    from skillgraph.app.workspace import open_memory_store

    return open_memory_store(settings or data_settings()).store


def median_time(func: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> tuple[float, list[float]]:
    """Median wall time of ``func`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(c) for c in row))
    console.print(table)
