"""The Cypher statements are data: one statement per file, a header naming its parameters
and columns, parameters only (no pasted ids, labels built from input or values)."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from skillgraph.graph.cypher import cypher, parse_query, query_names
from skillgraph.graph.model import EdgeKind, NodeKind

NAMES = query_names()
ESCO_URI = "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"


def raw(name: str) -> str:
    return resources.files("skillgraph.queries").joinpath("cypher", f"{name}.cypher").read_text(encoding="utf-8")


def test_the_statements_are_shipped_and_found():
    assert len(NAMES) >= 40
    for expected in ("nodes_by_id", "requirements", "similar", "related_concepts", "marker_write", "wipe_batch"):
        assert expected in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_file_has_the_header(name):
    lines = raw(name).splitlines()
    assert lines[0] == f"// name: {name}"
    header = [line for line in lines if line.startswith("//")]
    assert any(line.startswith("// params: ") for line in header), name
    assert any(line.startswith("// returns: ") for line in header), name
    # The header comes first: no comment after the statement has begun.
    first_code = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("//"))
    assert not any("//" in line for line in lines[first_code:]), f"{name}: a comment or '//' inside the statement"


@pytest.mark.parametrize("name", NAMES)
def test_every_statement_uses_parameters_only(name):
    query = cypher(name)
    body = query.text
    assert not re.search(r"['\"`]", body), f"{name}: quoted literal or back-ticked name in the statement"
    assert "://" not in body and "http" not in body.lower(), f"{name}: a pasted address"
    assert not re.search(r"\b(apoc|gds)\.", body, re.IGNORECASE), f"{name}: APOC/GDS are not available everywhere"
    assert ";" not in body, f"{name}: more than one statement"
    used = set(re.findall(r"\$(\w+)", body))
    assert used == set(query.params), f"{name}: header declares {sorted(query.params)}, statement uses {sorted(used)}"


def returned_columns(body: str) -> list[set[str]]:
    """The column names of each top-level RETURN clause (one per UNION branch)."""
    body = re.sub(r"\{\n.*?\n\}", "", body, flags=re.S)  # CALL { … } subqueries return inwards
    out = []
    for segment in re.split(r"\bRETURN\s+", body)[1:]:
        segment = re.split(r"\bORDER BY\b|\bUNION\b|\n\s*\n", segment)[0]
        names = set(re.findall(r"\bAS\s+(\w+)", segment))
        names |= set(re.findall(r"(?:^|,)\s*(\w+)\s*(?=,|$)", segment.replace("\n", " ")))
        out.append(names)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_declared_columns_are_returned(name):
    query = cypher(name)
    clauses = returned_columns(query.text)
    if not query.returns:
        assert clauses == [], f"{name}: returns columns its header does not declare"
        return
    assert clauses, f"{name}: header declares columns but nothing is returned"
    for columns in clauses:
        assert set(query.returns) <= columns, f"{name}: header {query.returns}, a RETURN has {sorted(columns)}"


def test_the_column_check_notices_a_missing_column():
    assert returned_columns("MATCH (n) RETURN n.id AS id, n.label AS label ORDER BY id") == [{"id", "label"}]
    assert returned_columns("MATCH (n) RETURN digits, g.id AS id") == [{"digits", "id"}]
    assert not {"id", "kind"} <= returned_columns("MATCH (n) RETURN n.id AS id")[0]


def test_only_leading_comment_lines_are_dropped():
    text = (
        "// name: probe\n// params: $id\n// returns: id\n"
        "MATCH (o:Occupation {id: $id})\n"
        f"WHERE o.note <> {ESCO_URI!r}\n"
        "RETURN o.id AS id\n"
    )
    query = parse_query("probe", text)
    assert query.params == ("id",) and query.returns == ("id",)
    assert ESCO_URI in query.text  # a URI's // is not a comment marker
    assert query.text.startswith("MATCH") and query.text.endswith("RETURN o.id AS id")


@pytest.mark.parametrize(
    "text, problem",
    [
        ("MATCH (n) RETURN n", "header lacks name"),
        ("// name: other\n// params: -\n// returns: n\nMATCH (n) RETURN n", "header names 'other'"),
        ("// name: probe\n// params: -\n// returns: n\n", "no statement"),
        ("// name: probe\n// returns: n\nRETURN 1 AS n", "header lacks params"),
    ],
)
def test_a_bad_header_is_refused(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_query("probe", text)


def test_an_unknown_statement_lists_the_known_ones():
    with pytest.raises(KeyError, match="nodes_by_id"):
        cypher("no_such_statement")


def test_the_loader_creates_every_constraint_and_index():
    from skillgraph.graph.neo4j_loader import _SCHEMA

    assert set(_SCHEMA) == {name for name in NAMES if name.startswith("schema_")}
    names = [re.search(r"CREATE (?:CONSTRAINT|INDEX) (\w+) IF NOT EXISTS", cypher(n).text).group(1) for n in _SCHEMA]
    assert len(set(names)) == len(names), "two schema statements share a name: IF NOT EXISTS would skip one"
    assert all(name.startswith("skillgraph_") for name in names)


#: The label a kind's id lookups and constraint use: skills and knowledge share Concept.
ID_LABEL = {"Skill": "Concept", "Knowledge": "Concept"}


def test_every_node_kind_and_relationship_type_has_its_statements():
    labels = {kind.value for kind in NodeKind}
    text = {name: cypher(name).text for name in NAMES}
    for label in {ID_LABEL.get(label, label) for label in labels} | {"SkillgraphLoad", "ScoreRow"}:
        unique = f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        assert any(t.startswith("CREATE CONSTRAINT") and unique in t for t in text.values()), f"no id constraint for {label}"
    scanned = re.search(r"MATCH \(n:([\w|]+)\)", text["nodes_by_id"]).group(1).split("|")
    counted = re.search(r"MATCH \(n:([\w|]+)\)", text["count_nodes"]).group(1).split("|")
    wiped = re.search(r"MATCH \(n:([\w|]+)\)", text["wipe_batch"]).group(1).split("|")
    for label in labels:
        merge = f"MERGE (n:{label}:Concept " if label in ID_LABEL else f"MERGE (n:{label} "
        assert any(merge in t for t in text.values()), f"no node load statement for {label}"
        for name, found in (("nodes_by_id", scanned), ("count_nodes", counted), ("wipe_batch", wiped)):
            assert ID_LABEL.get(label, label) in found, f"{name} forgets {label}"
    assert {"SkillgraphLoad", "ScoreRow", "SimilaritySpace"} <= set(wiped)
    for edge in EdgeKind:
        assert any(f"MERGE (a)-[r:{edge}]->(b)" in t for t in text.values()), f"no load statement for {edge}"
        assert f"[r:{edge}]" in text["count_edges"], f"count_edges forgets {edge}"
