"""CLI commands over the similarity engine (filled in with the engine's queries)."""

from __future__ import annotations

HANDLERS: dict = {}


def add_commands(sub) -> None:
    """Register the engine's commands on the ``skillgraph`` parser."""
