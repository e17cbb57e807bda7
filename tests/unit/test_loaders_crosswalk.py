"""loaders.crosswalk and the crosswalk part of loaders.build: 2010→2019 splits, inheritance
by narrower occupations, skips, and the job zone an ESCO occupation gets from O*NET."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from fixture_world import CROSSWALK_FIXTURES, ESCO_FIXTURES, ONET_FIXTURES

from skillgraph.graph.errors import DataFormatError
from skillgraph.loaders.build import build_graph
from skillgraph.loaders.crosswalk import OnetMapping, inherit_mappings, load_crosswalk
from skillgraph.loaders.sources import DataSources

NESTA = "esco_onet_crosswalk_Nov2020.csv"
SOC = "onet-soc-2010_to_2019_Crosswalk.csv"
UNKNOWN_ESCO = "http://data.europa.eu/esco/occupation/0cc00098-5e1f-4c7a-9d2b-000000000098"


@pytest.fixture(scope="module")
def built():
    sources = DataSources((ESCO_FIXTURES,), (ONET_FIXTURES,), (CROSSWALK_FIXTURES / NESTA, CROSSWALK_FIXTURES / SOC))
    return build_graph(sources)


def same_as(graph, esco_id: str) -> dict[str, dict]:
    return {t: d for t, d in graph.succ[esco_id].items() if d["kind"] == "SAME_AS"}


def copy_crosswalks(tmp_path: Path) -> Path:
    folder = tmp_path / "crosswalks"
    shutil.copytree(CROSSWALK_FIXTURES, folder)
    return folder


def test_reading_the_crosswalk_files(fixture_ids):
    data = load_crosswalk([CROSSWALK_FIXTURES])
    assert dict(data.report.rows_read) == {"O*NET-SOC 2010 to 2019 crosswalk": 7, "ESCO–O*NET crosswalk": 7}
    web = [m for m in data.mappings if m.esco_id == fixture_ids["web developer"]]
    assert sorted((m.onet_code, m.soc2010, m.confidence) for m in web) == [
        ("15-1254.00", "15-1134.00", 1.0),
        ("15-1255.00", "15-1134.00", 1.0),
    ]
    # 7 rows; three name a 2010 code that splits into two 2019 codes (11-9199.00, 15-1134.00 twice).
    assert len(data.mappings) == 10
    assert not any(m.inherited for m in data.mappings)


def test_a_2010_code_that_splits_gives_two_same_as_edges(built, fixture_ids):
    edges = same_as(built.graph, fixture_ids["web developer"])
    assert set(edges) == {"15-1254.00", "15-1255.00"}
    for edge in edges.values():
        assert (edge["confidence"], edge["inherited"], edge["soc2010"]) == (1.0, False, "15-1134.00")


def test_narrower_occupation_inherits_its_broader_occupations_mapping(built, fixture_ids):
    edges = same_as(built.graph, fixture_ids["mobile app developer"])
    assert set(edges) == {"15-1252.00"}
    edge = edges["15-1252.00"]
    assert edge["inherited"] is True
    assert edge["inherited_from"] == fixture_ids["software developer"]
    assert edge["confidence"] == 2.0
    direct = same_as(built.graph, fixture_ids["software developer"])["15-1252.00"]
    assert (direct["inherited"], direct["inherited_from"]) == (False, "")


def test_same_as_edges_of_the_fixture(built, fixture_ids):
    graph = built.graph
    pairs = {(graph.nodes[s]["label"], t) for s, t, kind in graph.edges(data="kind") if kind == "SAME_AS"}
    assert pairs == {
        ("ICT project manager", "15-1299.09"),
        ("ICT operations manager", "11-3021.00"),
        ("project manager", "13-1082.00"),
        ("software developer", "15-1252.00"),
        ("mobile app developer", "15-1252.00"),
        ("web developer", "15-1254.00"),
        ("web developer", "15-1255.00"),
        ("user interface developer", "15-1254.00"),
        ("user interface developer", "15-1255.00"),
    }
    assert not same_as(graph, fixture_ids["programme manager"])
    assert any(
        "7 of 8 ESCO occupations mapped to O*NET (6 directly, 1 through a broader occupation)" in n for n in built.report.notes
    )


def test_unknown_esco_uri_and_missing_2019_code_are_skipped_and_counted(built):
    skips = built.report.skips
    unknown = skips["crosswalk row names an ESCO occupation not in occupations_en"]
    assert (unknown.count, unknown.examples) == (1, [UNKNOWN_ESCO])
    assert UNKNOWN_ESCO not in built.graph
    missing = skips["crosswalk maps to an O*NET-SOC 2019 code not in this O*NET release"]
    assert (missing.count, missing.examples) == (1, ["11-9199.00"])
    assert "11-9199.00" not in built.graph


def test_esco_occupations_get_their_job_zone_from_the_onet_match(built, fixture_ids):
    nodes = built.graph.nodes
    zone = {
        label: (nodes[fixture_ids[label]].get("job_zone"), nodes[fixture_ids[label]].get("job_zone_source"))
        for label in (
            "ICT project manager",
            "ICT operations manager",
            "mobile app developer",
            "web developer",
            "programme manager",
        )
    }
    assert zone["ICT project manager"] == (4, "15-1299.09")
    assert zone["ICT operations manager"] == (5, "11-3021.00")
    assert zone["mobile app developer"] == (4, "15-1252.00")  # through the inherited mapping
    # Split mapping to zones 3 (15-1254.00) and 4 (15-1255.00) with the same confidence: the lower.
    assert zone["web developer"] == (3, "15-1254.00")
    assert zone["programme manager"] == (None, "")  # no crosswalk row, no broader occupation


def test_crosswalk_needs_both_esco_and_onet():
    result = build_graph(DataSources((), (ONET_FIXTURES,), (CROSSWALK_FIXTURES,)))
    assert not any(kind == "SAME_AS" for *_, kind in result.graph.edges(data="kind"))
    assert "crosswalk not applied: it needs both ESCO and O*NET" in result.report.notes


def test_inherit_mappings_walks_up_chains_and_survives_cycles():
    direct = [OnetMapping("a", "15-1299.09", 2.0, "15-1199.09")]
    broader = {"b": ["a"], "c": ["b"], "x": ["y"], "y": ["x"]}
    out = inherit_mappings(direct, broader, ["a", "b", "c", "x", "y"])
    assert [(m.esco_id, m.inherited, m.inherited_from) for m in out] == [
        ("a", False, ""),
        ("b", True, "a"),
        ("c", True, "a"),
    ]


def test_inherit_mappings_prefers_an_occupations_own_mapping():
    direct = [OnetMapping("a", "11-1111.00", 1.0, "11-1111.00"), OnetMapping("b", "22-2222.00", 0.5, "22-2222.00")]
    out = inherit_mappings(direct, {"b": ["a"]}, ["a", "b"])
    assert {(m.esco_id, m.onet_code, m.inherited) for m in out} == {("a", "11-1111.00", False), ("b", "22-2222.00", False)}


def test_a_2010_code_missing_from_the_soc_crosswalk_is_skipped_and_counted(tmp_path):
    folder = copy_crosswalks(tmp_path)
    nesta = folder / NESTA
    nesta.write_text(
        nesta.read_text(encoding="utf-8")
        + "9999,imaginary occupation,2512,15-1799.00,imaginary,na,0.5,1.0,http://data.europa.eu/esco/occupation/0cc00097-5e1f-4c7a-9d2b-000000000097\n",
        encoding="utf-8",
    )
    data = load_crosswalk([folder])
    skip = data.report.skips["crosswalk O*NET-SOC 2010 code not in the 2010→2019 crosswalk"]
    assert skip.count == 1
    assert skip.examples == [f"{nesta}, line 9: 15-1799.00"]


@pytest.mark.parametrize(
    ("row", "column", "expected", "found"),
    [
        ("1,x,2512,15-1132.00,x,na,0.5,high,http://data.europa.eu/esco/occupation/new", "confidence", "0.5, 1 or 2", "'high'"),
        ("1,x,2512,15-1132.00,x,na,0.5,3.0,http://data.europa.eu/esco/occupation/new", "confidence", "0.5, 1 or 2", "'3.0'"),
        ("1,x,2512,15-113200,x,na,0.5,1.0,http://data.europa.eu/esco/occupation/new", "onet_code", "a code like", "'15-113200'"),
        (
            "1,x,2512,15-1132.00,x,na,0.5,1.0,occupation/new",
            "concept_uri",
            "http://data.europa.eu/esco/occupation/",
            "'occupation/new'",
        ),
    ],
)
def test_bad_crosswalk_values_name_file_line_column(tmp_path, row, column, expected, found):
    folder = copy_crosswalks(tmp_path)
    nesta = folder / NESTA
    nesta.write_text(nesta.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        load_crosswalk([folder])
    error = info.value
    assert (error.file, error.line, error.column) == (str(nesta), 9, column)
    assert expected in error.expected and error.found == found
    assert f"{nesta}, line 9, column '{column}'" in str(error)


def test_an_esco_occupation_mapped_twice_is_an_error(tmp_path, fixture_ids):
    folder = copy_crosswalks(tmp_path)
    nesta = folder / NESTA
    nesta.write_text(
        nesta.read_text(encoding="utf-8") + f"1,web developer,2512,15-1132.00,x,na,0.5,1.0,{fixture_ids['web developer']}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFormatError) as info:
        load_crosswalk([folder])
    assert (info.value.line, info.value.column) == (9, "concept_uri")
    assert "first at line 6" in str(info.value)


def test_counts_of_the_crosswalk_in_the_built_graph(built):
    kinds = Counter(kind for *_, kind in built.graph.edges(data="kind"))
    assert kinds["SAME_AS"] == 9
