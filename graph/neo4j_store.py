"""The Neo4j store: the same graph and the same row-returning primitives over Bolt.

Every read is one statement of ``queries/cypher`` (see :mod:`skillgraph.graph.cypher`), run with
``routing_=READ`` against the configured database. Rows come back exactly as
:class:`skillgraph.graph.memory_store.MemoryStore` returns them for the same data: lists become
tuples again, properties Neo4j cannot hold (nulls) come back as ``None`` under the keys
the load marker recorded, and every list is sorted with the memory store's own keys
after the server's ``ORDER BY`` (so a server's string collation never changes an order).
The engine's every-pair arrays (``ScoreRow`` and ``SimilaritySpace`` nodes) come back as
the same numpy arrays, bit for bit.

The data does not change while a store is open (a reload is read by a new store), so the
store keeps what it has read once: nodes, requirement edges, technologies, crosswalk
matches, concept relations, skill-group members, search entries, space ids. Bulk reads come back as one record per occupation or
per statement: a Bolt message per row costs more than the row.

What was loaded is described by the load marker node ``(:SkillgraphLoad {id:
'current'})`` written by :mod:`skillgraph.graph.neo4j_loader`: versions, counts, similarity settings
and thresholds, and ``complete``. A store only opens over a complete load.

The password is never logged, shown in ``repr`` or put into a message.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from typing import Any

import neo4j
import numpy as np
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from skillgraph.graph.cypher import cypher
from skillgraph.graph.errors import StoreAuthError, StoreUnavailableError
from skillgraph.graph.memory_store import requirement_sort_key, technology_sort_key
from skillgraph.graph.model import Source
from skillgraph.graph.settings import Settings
from skillgraph.graph.store import (
    GraphStore,
    Hierarchy,
    NodeProps,
    OnetMatchRow,
    RelatedConcept,
    RequirementRow,
    ScoreRow,
    SearchEntry,
    SimilarRow,
    StoreMeta,
    TechnologyRow,
    Transitions,
)

__all__ = [
    "Neo4jStore",
    "open_driver",
    "describe_address",
    "run_statement",
    "live_counts",
    "translate_error",
    "MARKER_ID",
    "LOAD_FORMAT",
    "CONNECT_TIMEOUT",
    "LOAD_HINT",
]

#: The id of the load marker node (label SkillgraphLoad).
MARKER_ID = "current"
#: Layout of the loaded graph; bump when it changes: stores refuse other layouts and the
#: next load wipes and reloads.
LOAD_FORMAT = "2"
#: Seconds to wait for the TCP connection, the Bolt handshake and the log-in (the default of
#: SKILLGRAPH_NEO4J_CONNECT_TIMEOUT); with the pool's acquisition timeout one second above
#: it, an unreachable or silent server is reported within about three and a half seconds.
CONNECT_TIMEOUT = 2.5
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: Properties the loader adds to every node that the memory store does not have.
INTERNAL_NODE_KEYS = frozenset({"load_order"})
LOAD_HINT = "run `skillgraph load --target neo4j`"
#: Node properties kept per store: the data does not change while a store is open (a
#: reload is picked up by a new store), and lookups of single nodes are the commonest read.
NODE_CACHE_SIZE = 60_000


def _redact(uri: str) -> str:
    """``uri`` without the user name and password a user may have written into it
    (``bolt://neo4j:secret@host:7687`` → ``bolt://***@host:7687``)."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return "***" if "@" in uri else uri
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}://{authority}{slash}{path}"


def _scrub(text: str, settings: Settings) -> str:
    """``text`` (a driver's message) with the URI's credentials and the password removed."""
    text = text.replace(settings.neo4j_uri, _redact(settings.neo4j_uri))
    if settings.neo4j_password:
        text = text.replace(settings.neo4j_password, "***")
    return text


def describe_address(settings: Settings) -> str:
    """``bolt://host:port`` plus the database, if one is configured (never credentials,
    not even those written into the URI)."""
    address = _redact(settings.neo4j_uri)
    if settings.neo4j_database:
        address += f" (database {settings.neo4j_database!r})"
    return address


def _check_uri(settings: Settings) -> None:
    """StoreUnavailableError for a URI the driver would choke on later: credentials in it
    (never echoed), a port that is not a number from 1 to 65535."""
    uri = settings.neo4j_uri
    shown = _redact(uri)
    rest = uri.partition("://")[2]
    authority = rest.partition("/")[0]
    if "@" in authority:
        raise StoreUnavailableError(
            f"SKILLGRAPH_NEO4J_URI={shown!r} holds a user name or password; put them in SKILLGRAPH_NEO4J_USER "
            "and SKILLGRAPH_NEO4J_PASSWORD and write the address alone, e.g. bolt://localhost:7687"
        )
    host_port = authority.rsplit("]", 1)[-1]  # an IPv6 host is in brackets
    if ":" in host_port:
        port = host_port.rsplit(":", 1)[1]
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            raise StoreUnavailableError(
                f"SKILLGRAPH_NEO4J_URI={shown!r}: the port {port!r} is not a number from 1 to 65535; "
                "use e.g. bolt://localhost:7687"
            )


def translate_error(error: Exception, address: str) -> Exception | None:
    """The skillgraph error for a driver error, or None when it is not about reaching the server.

    ``address`` is shown as given: pass :func:`describe_address`, never the raw URI."""
    if isinstance(error, neo4j_errors.AuthError):
        return StoreAuthError(
            f"The Neo4j server at {address} refused the credentials; check SKILLGRAPH_NEO4J_USER and SKILLGRAPH_NEO4J_PASSWORD"
        )
    if isinstance(error, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError)):
        return StoreUnavailableError(
            f"Cannot reach the Neo4j server at {address}: {error.__class__.__name__}; start it (e.g. "
            "`docker compose up -d neo4j`) or set SKILLGRAPH_NEO4J_URI to where it runs"
        )
    if isinstance(error, ValueError) and "resolve" in str(error).lower():
        return StoreUnavailableError(
            f"Cannot reach the Neo4j server at {address}: the host name does not resolve; check SKILLGRAPH_NEO4J_URI"
        )
    if isinstance(error, neo4j_errors.Neo4jError) and (error.code or "").endswith("DatabaseNotFound"):
        return StoreUnavailableError(
            f"The Neo4j server at {address} has no such database; create it or set SKILLGRAPH_NEO4J_DATABASE"
        )
    return None


def open_driver(settings: Settings) -> neo4j.Driver:
    """A driver for the configured server, with connectivity and credentials checked.

    Raises
    ------
    StoreUnavailableError
        The address is malformed or nothing answers there within a few seconds.
    StoreAuthError
        The server refused the user name or password.
    """
    address = describe_address(settings)
    shown = _redact(settings.neo4j_uri)
    scheme = settings.neo4j_uri.split("://", 1)[0].lower() if "://" in settings.neo4j_uri else ""
    if scheme not in _SCHEMES:
        raise StoreUnavailableError(
            f"SKILLGRAPH_NEO4J_URI={shown!r} is not a Bolt address; use one of the schemes "
            f"{', '.join(s + '://' for s in _SCHEMES)}, e.g. bolt://localhost:7687"
        )
    _check_uri(settings)
    try:
        driver = GraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            connection_timeout=settings.neo4j_connect_timeout,
            # The shipped statements name every type they may meet, some of which a graph
            # can lack (RELATED without ESCO's skill-skill relations, everything before a
            # load): "unknown type" notifications would be logged on every such call.
            notifications_disabled_classifications=[neo4j.NotificationDisabledClassification.UNRECOGNIZED],
            connection_acquisition_timeout=settings.neo4j_connect_timeout + 1.0,
            max_transaction_retry_time=10.0,
        )
    except (ValueError, neo4j_errors.ConfigurationError) as e:
        raise StoreUnavailableError(
            f"SKILLGRAPH_NEO4J_URI={shown!r} is not a Bolt address ({_scrub(str(e), settings)}); "
            "use e.g. bolt://localhost:7687 or neo4j://host:7687"
        ) from None  # the driver's own message may hold the raw URI
    try:
        driver.verify_connectivity()
    except Exception as e:
        driver.close()
        translated = translate_error(e, address)
        if translated is not None:
            raise translated from e
        raise
    return driver


def run_statement(
    driver: neo4j.Driver,
    name: str,
    params: dict[str, Any],
    *,
    database: str | None,
    address: str,
    routing: RoutingControl = RoutingControl.READ,
) -> list[neo4j.Record]:
    """Run the shipped statement ``name`` (:func:`skillgraph.graph.cypher.cypher`) with ``params``.

    Errors about reaching the server or the credentials become the skillgraph errors of
    :func:`translate_error`; any other driver error is raised as it is.
    """
    try:
        records, _, _ = driver.execute_query(cypher(name).text, params, routing_=routing, database_=database)
    except Exception as e:
        translated = translate_error(e, address)
        if translated is not None:
            raise translated from e
        raise
    return records


def live_counts(driver: neo4j.Driver, *, database: str | None, address: str) -> tuple[dict[str, int], dict[str, int]]:
    """Node counts per kind and relationship counts per type of the skillgraph data, counted now."""
    nodes = {
        r["kind"]: r["count"] for r in run_statement(driver, "count_nodes", {}, database=database, address=address) if r["count"]
    }
    edges = {
        r["type"]: r["count"] for r in run_statement(driver, "count_edges", {}, database=database, address=address) if r["count"]
    }
    return dict(sorted(nodes.items())), dict(sorted(edges.items()))


def _array(data: bytes | bytearray | None, dtype: str) -> np.ndarray:
    """A little-endian ``byte[]`` property as an array of the native type of ``dtype``."""
    array = np.frombuffer(data or b"", dtype=np.dtype(dtype))
    return array.astype(np.dtype(dtype).newbyteorder("="), copy=False)


def _plain(value: Any) -> Any:
    """Lists (Neo4j's only sequence type) back into the tuples the memory store keeps."""
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


class Neo4jStore(GraphStore):
    """Read access to a skills graph loaded into Neo4j 5 (verified on 5.26.30 Community).

    Open it with :meth:`connect`; load it with ``skillgraph load --target neo4j``.
    """

    backend = "neo4j"

    def __init__(self, driver: neo4j.Driver, *, database: str | None, address: str) -> None:
        self._driver = driver
        self._database = database
        self._address = address
        self._meta: StoreMeta | None = None
        self._marker: dict[str, Any] | None = None
        self._occupation_entries: tuple[SearchEntry, ...] | None = None
        self._skill_entries: tuple[SearchEntry, ...] | None = None
        self._occupation_ids: dict[str | None, list[str]] = {}
        self._group_labels: dict[str, str] | None = None
        self._node_cache: dict[str, dict[str, Any] | None] = {}
        self._marker_lists: dict[str, list[Any]] = {}
        self._space_ids: dict[str, tuple[str, ...]] = {}
        self._known_occupations: set[str] = set()  # ids read as occupations (spaces, occupation_ids)
        # Read once per store, since the data does not change while it is open (a reload is
        # read by a new store); each is bounded by the data itself (every occupation's
        # requirement edges, every concept's relations, every skill group's members).
        self._requirement_edges: dict[str, tuple[tuple, ...] | None] = {}  # None: no such node
        self._concepts: dict[str, dict[str, Any]] = {}  # requirement columns of each concept
        self._relations: dict[str, tuple[str, tuple[str, ...], str] | None] = {}  # source, broader, group
        self._group_members: dict[str, tuple[tuple[str, str], ...]] | None = None  # group → (skill id, source)
        self._technologies: dict[str, list[dict[str, Any]]] = {}
        self._onet_matches: dict[str, list[dict[str, Any]]] = {}

    @classmethod
    def connect(cls, settings: Settings) -> Neo4jStore:
        """Connect to the server the settings name and check that a complete load is there.

        Raises
        ------
        StoreUnavailableError
            Unreachable server, unknown database, or no (complete) skillgraph load in it.
        StoreAuthError
            Wrong user name or password.
        """
        driver = open_driver(settings)
        store = cls(driver, database=settings.neo4j_database, address=describe_address(settings))
        try:
            store.meta()
        except BaseException:
            store.close()
            raise
        return store

    def __repr__(self) -> str:
        return f"Neo4jStore(address={self._address!r})"

    def close(self) -> None:
        self._driver.close()

    # -- running statements ------------------------------------------------------------------
    def _read(self, name: str, **params: Any) -> list[neo4j.Record]:
        return run_statement(self._driver, name, params, database=self._database, address=self._address)

    # -- what is loaded --------------------------------------------------------------------------
    def _load_marker(self) -> dict[str, Any]:
        if self._marker is None:
            records = self._read("marker_read", marker_id=MARKER_ID)
            if not records:
                raise StoreUnavailableError(
                    f"The Neo4j database at {self._address} holds no skillgraph data (no load marker); {LOAD_HINT}"
                )
            marker = dict(records[0]["props"])
            if not marker.get("complete"):
                raise StoreUnavailableError(
                    f"The last load into the Neo4j database at {self._address} did not finish "
                    f"(started {marker.get('started_at', 'at an unknown time')}); {LOAD_HINT} to complete it"
                )
            if marker.get("format") != LOAD_FORMAT:
                raise StoreUnavailableError(
                    f"The Neo4j database at {self._address} was loaded by another skillgraph version "
                    f"(layout {marker.get('format')!r}, this version reads {LOAD_FORMAT!r}); {LOAD_HINT} to reload it"
                )
            self._marker = marker
        return self._marker

    def meta(self) -> StoreMeta:
        if self._meta is None:
            marker = self._load_marker()

            def loads(key: str, default: Any) -> Any:
                value = marker.get(key)
                return json.loads(value) if value else default

            self._meta = StoreMeta(
                backend=self.backend,
                versions=loads("versions_json", {}),
                node_counts=loads("node_counts_json", {}),
                edge_counts=loads("edge_counts_json", {}),
                built_at=marker.get("built_at", ""),
                sources=tuple(tuple(s) for s in loads("sources_json", [])),
                skipped=tuple(tuple(s) for s in loads("skipped_json", [])),
                notes=tuple(loads("notes_json", [])),
                similarity=loads("similarity_json", {}),
                complete=bool(marker.get("complete")),
                address=self._address,
            )
        return self._meta

    def _marker_list(self, key: str) -> list[Any]:
        if key not in self._marker_lists:
            value = self._load_marker().get(key)
            self._marker_lists[key] = json.loads(value) if value else []
        return self._marker_lists[key]

    def live_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Node counts per kind and relationship counts per type, counted now (not the marker's)."""
        return live_counts(self._driver, database=self._database, address=self._address)

    # -- nodes -------------------------------------------------------------------------------------
    @functools.cached_property
    def _node_keys(self) -> dict[str, list[str]]:
        value = self._load_marker().get("node_keys_json")
        return json.loads(value) if value else {}

    def nodes(self, ids: Iterable[str]) -> dict[str, NodeProps]:
        wanted = list(dict.fromkeys(ids))
        cache = self._node_cache
        missing = [i for i in wanted if i not in cache]
        if missing:
            node_keys = self._node_keys
            found: dict[str, dict[str, Any]] = {}
            # Ids the store knows to be occupations (a similarity space's, say) need one
            # index seek each; any others one per label.
            known = self._known_occupations
            occupations = [i for i in missing if i in known]
            others = [i for i in missing if i not in known]
            records = []
            if occupations:
                records += self._read("occupations_by_id", ids=occupations)[0]["nodes"]
            if others:
                records += self._read("nodes_by_id", ids=others)[0]["nodes"]
            for props in records:
                out = {key: None for key in node_keys.get(props.get("kind", ""), ())}
                out.update((k, _plain(v)) for k, v in props.items() if k not in INTERNAL_NODE_KEYS)
                found[out["id"]] = out
            if len(cache) + len(missing) > NODE_CACHE_SIZE:
                cache.clear()
            for node_id in missing:
                cache[node_id] = found.get(node_id)  # None: known not to exist
        # Copies, so a caller changing a dict cannot change what the next caller sees.
        return {i: dict(props) for i in wanted if (props := cache.get(i)) is not None}

    def occupation_ids(self, source: str | None = None) -> list[str]:
        if source not in self._occupation_ids:
            ids = [r["id"] for r in self._read("occupation_ids", source=source)]
            self._occupation_ids[source] = sorted(ids)
            self._known_occupations.update(ids)
        return list(self._occupation_ids[source])

    def occupation_search_entries(self) -> Sequence[SearchEntry]:
        if self._occupation_entries is None:
            entries: list[SearchEntry] = []
            for r in sorted(self._read("occupation_search_entries")[0]["entries"], key=lambda r: r["load_order"]):
                node_id, label, source = r["id"], r["label"], r["source"]
                entries.append(SearchEntry(node_id, label, "label", source, label))
                field = "alt_title" if source == Source.ONET else "alt_label"
                entries.extend(SearchEntry(node_id, alt, field, source, label) for alt in r["alt_labels"] or ())
            self._occupation_entries = tuple(entries)
        return self._occupation_entries

    def skill_search_entries(self) -> Sequence[SearchEntry]:
        if self._skill_entries is None:
            entries: list[SearchEntry] = []
            for r in sorted(self._read("skill_search_entries")[0]["entries"], key=lambda r: r["load_order"]):
                node_id, label, source = r["id"], r["label"], r["source"]
                entries.append(SearchEntry(node_id, label, "label", source, label))
                entries.extend(SearchEntry(node_id, alt, "alt_label", source, label) for alt in r["alt_labels"] or ())
            self._skill_entries = tuple(entries)
        return self._skill_entries

    # -- one occupation's neighbourhood -------------------------------------------------------------
    def requirements(self, occupation_ids: Sequence[str]) -> dict[str, list[RequirementRow]]:
        wanted = list(dict.fromkeys(occupation_ids))
        edges = self._requirement_edges
        missing = [i for i in wanted if i not in edges]
        if missing:
            found: dict[str, list[tuple]] = {}
            concepts = self._concepts
            for record in self._read("requirements", ids=missing):
                rows = found.setdefault(record["occupation_id"], [])
                for r in record["requirements"]:
                    if r["id"] not in concepts:
                        concepts[r["id"]] = {
                            "id": r["id"],
                            "label": r["label"],
                            "kind": r["kind"],
                            "skill_type": r["skill_type"] if r["skill_type"] is not None else "",
                            "reuse_level": r["reuse_level"] if r["reuse_level"] is not None else "",
                            "description": r["description"] if r["description"] is not None else "",
                            "group_id": r["group_id"] if r["group_id"] is not None else "",
                        }
                    rows.append((r["id"], r["relation"], r["importance"], r["level"]))
            # Like the memory store, any other existing node gets an empty list.
            others = self.nodes(i for i in missing if i not in found)
            for occupation_id in missing:
                rows = found.get(occupation_id)
                if rows is None:
                    edges[occupation_id] = () if occupation_id in others else None
                    continue
                built = [self._requirement_row(*row) for row in rows]
                built.sort(key=requirement_sort_key)
                edges[occupation_id] = tuple((r["id"], r["relation"], r["importance"], r["level"]) for r in built)
        return {i: [self._requirement_row(*row) for row in edges[i]] for i in wanted if edges[i] is not None}

    def _requirement_row(self, concept_id: str, relation: str, importance: float | None, level: float | None) -> RequirementRow:
        concept = self._concepts[concept_id]
        group_id = concept["group_id"]
        return {
            "id": concept_id,
            "label": concept["label"],
            "kind": concept["kind"],
            "skill_type": concept["skill_type"],
            "reuse_level": concept["reuse_level"],
            "description": concept["description"],
            "relation": relation,
            "importance": importance,
            "level": level,
            "group_id": group_id,
            "group_label": self._skill_group_labels().get(group_id, "") if group_id else "",
        }

    def _skill_group_labels(self) -> dict[str, str]:
        if self._group_labels is None:
            self._group_labels = {r["id"]: r["label"] for r in self._read("skillgroup_labels")[0]["labels"]}
        return self._group_labels

    def technologies(self, occupation_id: str) -> list[TechnologyRow]:
        rows = self._technologies.get(occupation_id)
        if rows is None:
            rows = [
                {
                    "id": r["id"],
                    "label": r["label"],
                    "category": r["category"] if r["category"] is not None else "",
                    "commodity_title": r["commodity_title"] if r["commodity_title"] is not None else "",
                    "hot": bool(r["hot"]),
                    "in_demand": bool(r["in_demand"]),
                    "via": r["via"],
                }
                for records in [self._read("technologies", occupation_id=occupation_id, onet=Source.ONET.value)]
                for r in (records[0]["technologies"] if records else ())
            ]
            rows.sort(key=technology_sort_key)
            self._technologies[occupation_id] = rows
        return [dict(row) for row in rows]  # copies: a caller may change its rows

    def onet_matches(self, occupation_id: str) -> list[OnetMatchRow]:
        rows = self._onet_matches.get(occupation_id)
        if rows is None:
            rows = [
                {
                    "id": r["id"],
                    "label": r["label"],
                    "source": r["source"],
                    "confidence": r["confidence"],
                    "inherited": r["inherited"],
                    "inherited_from": r["inherited_from"] if r["inherited_from"] is not None else "",
                }
                for r in self._read("onet_matches", occupation_id=occupation_id)
            ]
            # The memory store's order: highest confidence, direct before inherited, title.
            rows.sort(key=lambda r: (-r["confidence"], r["inherited"], r["label"].lower(), r["id"]))
            self._onet_matches[occupation_id] = rows
        return [dict(row) for row in rows]

    def hierarchy(self, occupation_id: str) -> Hierarchy:
        out: dict[str, list[dict[str, Any]]] = {"broader": [], "narrower": [], "isco": []}
        records = self._read("hierarchy", occupation_id=occupation_id)
        if not records:
            return out
        for key in out:
            out[key] = [
                {"id": x["id"], "label": x["label"], "code": x["code"] if x["code"] is not None else ""} for x in records[0][key]
            ]
        out["broader"].sort(key=lambda r: (r["label"].lower(), r["id"]))
        out["narrower"].sort(key=lambda r: (r["label"].lower(), r["id"]))
        out["isco"].sort(key=lambda r: -len(r["code"]))  # unit group first, up to the major group
        return out

    # -- similarity ------------------------------------------------------------------------------------
    def similar(self, occupation_id: str, *, limit: int | None = None) -> list[SimilarRow]:
        keys = self._marker_list("similar_keys_json")
        out = []
        for r in self._read("similar", occupation_id=occupation_id, limit=limit):
            row: dict[str, Any] = {"target_id": r["target_id"]}
            row.update((key, None) for key in keys)
            row.update((k, _plain(v)) for k, v in r["props"].items())
            out.append(row)
        out.sort(key=lambda row: row["rank"])
        return out

    def related_concepts(
        self, concept_ids: Iterable[str], *, among: Iterable[str] | None = None
    ) -> dict[str, list[RelatedConcept]]:
        wanted = list(dict.fromkeys(concept_ids))
        allowed = None if among is None else set(among)
        sources = self._marker_list("related_sources_json")
        if not wanted or not sources:
            return {}
        relations = self._relations
        missing = [i for i in wanted if i not in relations]
        if missing:
            for r in self._read("related_concepts", ids=missing, sources=sources):
                relations[r["id"]] = (r["source"], tuple(r["related"]), r["group_id"] or "")
            for concept_id in missing:
                relations.setdefault(concept_id, None)  # unknown, or of a taxonomy without relations
        if self._group_members is None and any(entry is not None and entry[2] for entry in map(relations.get, wanted)):
            members: dict[str, list[tuple[str, str]]] = {}
            for r in self._read("skill_group_members", sources=sources)[0]["groups"]:
                members.setdefault(r["group_id"], []).extend((skill_id, r["source"]) for skill_id in r["ids"])
            self._group_members = {g: tuple(m) for g, m in members.items()}
        group_members = self._group_members or {}
        similarity = self.meta().similarity
        # The embedded store keeps the credits as float32: the same values, bit for bit.
        direct = float(np.float32(similarity.get("related_credit", 0.0)))
        group = float(np.float32(similarity.get("group_related_credit", 0.0)))
        out: dict[str, list[RelatedConcept]] = {}
        for concept_id in wanted:
            entry = relations[concept_id]
            if entry is None:
                continue
            source, broader, group_id = entry
            credit = dict.fromkeys(broader, direct)  # the strongest relation wins
            for other, other_source in group_members.get(group_id, ()) if group_id else ():
                if other != concept_id and other_source == source:
                    credit.setdefault(other, group)
            if allowed is not None:
                credit = {other: value for other, value in credit.items() if other in allowed}
            if credit:
                out[concept_id] = sorted(RelatedConcept(other, value) for other, value in credit.items())
        return out

    # -- every pair: ScoreRow and SimilaritySpace nodes ------------------------------------------------
    def space_ids(self, source: str) -> tuple[str, ...]:
        if source not in self._space_ids:
            records = self._read("space_ids", source=source)
            self._space_ids[source] = tuple(records[0]["ids"]) if records else ()
            self._known_occupations.update(self._space_ids[source])
        return self._space_ids[source]

    def score_rows(self, occupation_ids: Sequence[str]) -> dict[str, ScoreRow]:
        wanted = list(dict.fromkeys(occupation_ids))
        if not wanted:
            return {}
        found: dict[str, ScoreRow] = {}
        for r in self._read("score_rows", ids=wanted):
            names = list(r["part_names"] or ())
            parts = _array(r["parts"], "<f2")
            n = parts.size // len(names) if names else 0
            found[r["id"]] = ScoreRow(
                source=Source(r["source"]),
                position=int(r["position"]),
                score=_array(r["score"], "<f4"),
                coverage_out=_array(r["coverage_out"], "<f4"),
                coverage_in=_array(r["coverage_in"], "<f4"),
                parts={name: parts[k * n : (k + 1) * n] for k, name in enumerate(names)},
            )
        return {i: found[i] for i in wanted if i in found}

    def transitions(self, source: str) -> Transitions | None:
        records = self._read("transitions", source=source)
        if not records or records[0]["indptr"] is None:
            return None
        r = records[0]
        return Transitions(
            source=Source(source),
            indptr=_array(r["indptr"], "<i8"),
            indices=_array(r["indices"], "<i4"),
            score=_array(r["score"], "<f4"),
            coverage=_array(r["coverage"], "<f4"),
        )
