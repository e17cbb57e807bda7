"""The Cypher statements of the Neo4j backend, loaded by name from ``queries/cypher``.

Cypher is data: each statement lives in ``queries/cypher/<name>.cypher`` (shipped as
package data), one statement per file, opened by a header of ``//`` comment lines::

    // name: similar
    // params: $occupation_id, $limit
    // returns: target_id, props

Only those leading comment lines are dropped; nothing is ever split on ``//`` inside a
line, because ESCO ids are ``http://…`` URIs (they only ever reach a statement as
parameters, but a comment-stripper must not be the thing that breaks them). This module
is the one place where file contents become :class:`typing.LiteralString` for the driver.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import LiteralString, cast

__all__ = ["CypherQuery", "cypher", "query_names", "parse_query"]

_PACKAGE = "skillgraph.queries"
_FOLDER = "cypher"
_HEADER_KEYS = ("name", "params", "returns")
_HEADER_LINE = re.compile(r"^//\s*(\w+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class CypherQuery:
    """One statement and what its header declares."""

    name: str
    text: LiteralString
    params: tuple[str, ...]  # without the leading $
    returns: tuple[str, ...]
    header: dict[str, str]


def _split_list(value: str) -> tuple[str, ...]:
    if value.strip() in ("", "-", "none"):
        return ()
    return tuple(part.strip().lstrip("$") for part in value.split(",") if part.strip())


def parse_query(name: str, source: str) -> CypherQuery:
    """Split a file's text into its header and its statement.

    Raises ValueError when the header lacks ``name``/``params``/``returns`` or names
    another file, or when no statement follows it.
    """
    lines = source.splitlines()
    header: dict[str, str] = {}
    body_start = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            body_start = index + 1
            continue
        if not stripped.startswith("//"):
            break
        match = _HEADER_LINE.match(stripped)
        if match and match.group(1) in _HEADER_KEYS and match.group(1) not in header:
            header[match.group(1)] = match.group(2)
        body_start = index + 1
    missing = [key for key in _HEADER_KEYS if key not in header]
    if missing:
        raise ValueError(f"{name}.cypher: header lacks {', '.join(missing)} (// name: … // params: … // returns: …)")
    if header["name"] != name:
        raise ValueError(f"{name}.cypher: header names {header['name']!r}, expected {name!r}")
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise ValueError(f"{name}.cypher: no statement after the header")
    # The one place where file contents become a LiteralString: they are part of the
    # package, never built from input.
    return CypherQuery(
        name=name,
        text=cast(LiteralString, body),
        params=_split_list(header["params"]),
        returns=_split_list(header["returns"]),
        header=dict(header),
    )


def _folder():
    return resources.files(_PACKAGE).joinpath(_FOLDER)


def query_names() -> list[str]:
    """Names of every shipped statement, sorted."""
    return sorted(entry.name.removesuffix(".cypher") for entry in _folder().iterdir() if entry.name.endswith(".cypher"))


@functools.cache
def cypher(name: str) -> CypherQuery:
    """The statement ``queries/cypher/<name>.cypher``.

    Raises KeyError naming the available statements when there is no such file.
    """
    entry = _folder().joinpath(f"{name}.cypher")
    if not entry.is_file():
        raise KeyError(f"no Cypher statement {name!r}; available: {', '.join(query_names())}")
    return parse_query(name, entry.read_text(encoding="utf-8"))
