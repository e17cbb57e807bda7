"""What a source reader hands to the build step: node records, edges and a report of skips."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from skillgraph.graph.model import EdgeKind

__all__ = ["Edge", "Skip", "LoadReport", "SourceData", "split_labels"]


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed edge between two node ids, with its properties (a dict of its own: the
    build step hands it to networkx as the edge's attribute dict, adding ``kind``)."""

    source: str
    target: str
    kind: EdgeKind
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Skip:
    """Records left out for one reason: how many, and a few examples with file and line."""

    reason: str
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, example: str, *, keep: int = 3) -> None:
        self.count += 1
        if len(self.examples) < keep:
            self.examples.append(example)


@dataclass
class LoadReport:
    """What was read from each source, and everything skipped with its reason."""

    rows_read: Counter[str] = field(default_factory=Counter)  # table title -> records read
    skips: dict[str, Skip] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def skip(self, reason: str, example: str) -> None:
        """Count one skipped record under ``reason``."""
        self.skips.setdefault(reason, Skip(reason)).add(example)

    def merge(self, other: LoadReport) -> None:
        self.rows_read.update(other.rows_read)
        for reason, skip in other.skips.items():
            mine = self.skips.setdefault(reason, Skip(reason))
            mine.count += skip.count
            mine.examples.extend(skip.examples[: max(0, 3 - len(mine.examples))])
        self.notes.extend(other.notes)


@dataclass
class SourceData:
    """Nodes (records from :mod:`skillgraph.graph.model`) and edges read from one source."""

    name: str
    version: str
    nodes: list[Any] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    report: LoadReport = field(default_factory=LoadReport)


def split_labels(value: str, *, separator: str = "\n") -> tuple[str, ...]:
    """Split a multi-valued label field, strip, drop blanks and repeats, keep order.

    ESCO's full CSVs put one alt label per line inside a quoted field; its collection
    files use `` | ``.

    Examples
    --------
    >>> split_labels("IT project manager\\n ICT project manager \\n\\nIT project manager")
    ('IT project manager', 'ICT project manager')
    """
    seen: dict[str, None] = {}
    for part in value.split(separator):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)
