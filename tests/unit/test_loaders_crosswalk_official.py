"""The official ESCO–O*NET crosswalk (tests/fixtures/crosswalks-official, written in the
published format: 16 metadata lines, then the header) and the choice between it and
Nesta's: official, nesta or both (official first)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_world import CROSSWALK_FIXTURES, ESCO_FIXTURES, FIXTURES, ONET_FIXTURES, settings_for

from skillgraph.app.cli import main
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.errors import DataFormatError, DataNotFoundError
from skillgraph.loaders.build import build_graph
from skillgraph.loaders.crosswalk import MATCH_CONFIDENCE, IscoMapping, load_crosswalk
from skillgraph.loaders.sources import DataSources, find_sources, fingerprint

OFFICIAL_DIR = FIXTURES / "crosswalks-official"
OFFICIAL_FILE = OFFICIAL_DIR / "raw_crosswalk_esco_onet.csv"
NESTA = (CROSSWALK_FIXTURES / "esco_onet_crosswalk_Nov2020.csv", CROSSWALK_FIXTURES / "onet-soc-2010_to_2019_Crosswalk.csv")


def occ(n: int) -> str:
    return f"http://data.europa.eu/esco/occupation/0cc0000{n}-5e1f-4c7a-9d2b-00000000000{n}"


def build(source: str, crosswalk=(OFFICIAL_FILE, *NESTA)):
    return build_graph(DataSources((ESCO_FIXTURES,), (ONET_FIXTURES,), tuple(crosswalk), crosswalk_source=source))


def same_as(graph, esco_id: str) -> dict[str, dict]:
    return {t: d for t, d in graph.succ[esco_id].items() if d["kind"] == "SAME_AS"}


def test_the_confidence_scale_of_the_types_of_match():
    assert MATCH_CONFIDENCE == {"exactMatch": 2.0, "closeMatch": 1.0, "broadMatch": 1.0, "narrowMatch": 0.5, "exactISCO": 0.5}


def test_reading_the_official_file_as_published():
    data = load_crosswalk([OFFICIAL_FILE], source="official")
    assert data.read == ("official",)
    assert data.report.rows_read == {"official ESCO–O*NET crosswalk": 8}
    pairs = sorted((m.esco_id[-2:], m.onet_code, m.match, m.confidence) for m in data.mappings)
    assert pairs[:3] == [
        ("01", "13-1082.00", "broadMatch", 1.0),
        ("01", "15-1299.09", "exactMatch", 2.0),
        ("02", "11-3021.00", "narrowMatch", 0.5),
    ]
    assert all(m.crosswalk == "official" and m.soc2010 == "" for m in data.mappings)
    assert data.isco == [IscoMapping("http://data.europa.eu/esco/isco/C1219", "1219", "13-1082.00", 0.5)]


def test_official_only(fixture_ids):
    result = build("official")
    graph = result.graph
    # The exact match wins over ICT project manager's broader match.
    assert set(same_as(graph, occ(1))) == {"15-1299.09"}
    edge = same_as(graph, occ(1))["15-1299.09"]
    assert (edge["crosswalk"], edge["match"], edge["confidence"], edge["inherited"]) == ("official", "exactMatch", 2.0, False)
    # mobile app developer inherits software developer's match; programme manager has its
    # ISCO group's (exactISCO); user interface developer has nothing in the official file.
    inherited = same_as(graph, occ(6))["15-1252.00"]
    assert (inherited["inherited"], inherited["inherited_from"]) == (True, occ(5))
    by_group = same_as(graph, occ(4))["13-1082.00"]
    assert (by_group["match"], by_group["inherited_from"], by_group["confidence"]) == (
        "exactISCO",
        "http://data.europa.eu/esco/isco/C1219",
        0.5,
    )
    assert not same_as(graph, occ(8))
    assert graph.nodes[occ(4)]["job_zone_source"] == "13-1082.00"
    assert result.versions["crosswalk"] == "official EC/USDOL Sep 2022"
    notes = result.report.notes
    assert (
        "Crosswalk official (8 rows) maps 5 ESCO and 5 O*NET occupations of this data; used for 7 ESCO occupations "
        "(5 directly, 1 through a broader occupation, 1 through their ISCO group) ↔ 5 O*NET occupations; "
        "1 looser matches set aside where the same ESCO occupation has a closer one"
    ) in notes
    assert (
        "7 of 8 ESCO occupations mapped to O*NET (5 directly, 1 through a broader occupation, 1 through their ISCO group)"
        in notes
    )
    unknown = result.report.skips["crosswalk row names an ESCO occupation not in occupations_en"]
    assert unknown.examples == ["http://data.europa.eu/esco/occupation/0cc00099-5e1f-4c7a-9d2b-000000000099"]


def test_both_takes_the_official_matches_first_and_nesta_for_the_rest():
    result = build("both")
    graph = result.graph
    assert same_as(graph, occ(1))["15-1299.09"]["crosswalk"] == "official"
    # Nesta maps ICT operations manager with confidence 2; the official narrowMatch comes first all the same.
    assert {t: d["crosswalk"] for t, d in same_as(graph, occ(2)).items()} == {"11-3021.00": "official"}
    # user interface developer: only Nesta maps it (a 2010 code that splits in two).
    assert {t: (d["crosswalk"], d["confidence"]) for t, d in same_as(graph, occ(8)).items()} == {
        "15-1254.00": ("nesta", 0.5),
        "15-1255.00": ("nesta", 0.5),
    }
    assert result.versions["crosswalk"] == "official EC/USDOL Sep 2022, then Nesta Nov 2020 + O*NET-SOC 2010→2019"
    assert any(
        n.startswith(
            "Crosswalk nesta (7 rows) maps 6 ESCO and 6 O*NET occupations of this data; used for the ESCO "
            "occupations the official one leaves out: 1 ESCO occupations (1 directly"
        )
        for n in result.report.notes
    )
    assert "8 of 8 ESCO occupations mapped to O*NET (6 directly, 1 through a broader occupation, 1 through their ISCO group)" in (
        result.report.notes
    )


def test_nesta_only_ignores_the_official_file():
    result = build("nesta")
    assert {d["crosswalk"] for *_, d in result.graph.edges(data=True) if d["kind"] == "SAME_AS"} == {"nesta"}
    assert result.versions["crosswalk"] == "Nesta Nov 2020 + O*NET-SOC 2010→2019"
    assert "7 of 8 ESCO occupations mapped to O*NET (6 directly, 1 through a broader occupation)" in result.report.notes


def test_a_chosen_crosswalk_that_is_missing_is_an_error_naming_it():
    with pytest.raises(DataNotFoundError, match="raw_crosswalk_esco_onet.csv"):
        load_crosswalk(list(NESTA), source="official")
    with pytest.raises(DataNotFoundError, match="esco_onet_crosswalk_Nov2020.csv"):
        load_crosswalk([OFFICIAL_FILE], source="nesta")


def copy_official(tmp_path: Path) -> Path:
    target = tmp_path / "raw_crosswalk_esco_onet.csv"
    shutil.copyfile(OFFICIAL_FILE, target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "column", "expected"),
    [
        (b",exactMatch\r\n", b",sameAs\r\n", "Type of Match", "exactMatch, closeMatch"),
        (b"15-1254.00,Web", b"15-1254,Web", "O*NET Id", "a code like 15-1299.09"),
        (b"occupation/0cc00005-", b"skill/0cc00005-", "ESCO or ISCO URI", "http://data.europa.eu/esco/occupation/"),
        (b",broadMatch\r\n15-1254", b",exactISCO\r\n15-1254", "Type of Match", "exactISCO for an ISCO group"),
    ],
)
def test_bad_official_values_name_file_line_column(tmp_path, old, new, column, expected):
    path = copy_official(tmp_path)
    data = path.read_bytes()
    line = data[: data.index(old)].count(b"\n") + 1
    path.write_bytes(data.replace(old, new, 1))
    with pytest.raises(DataFormatError) as info:
        load_crosswalk([path], source="official")
    error = info.value
    assert (error.file, error.column) == (str(path), column)
    assert expected in error.expected
    assert error.line == line


def test_metadata_lines_cut_off_leave_no_header_to_find(tmp_path):
    path = copy_official(tmp_path)
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[:10] + [b"x,y,z"] * 10 + lines[17:]))
    with pytest.raises(DataFormatError) as info:
        load_crosswalk([path], source="official")
    assert "no header in the first 17 lines" in str(info.value)


# -- choosing, finding, fingerprinting ------------------------------------------------------


@pytest.fixture
def data_dir(make_data_dir) -> Path:
    """The fixture layout with the official crosswalk where shared/data keeps it."""
    root = make_data_dir()
    (root / "crosswalks" / "official-ec-dol").mkdir()
    shutil.copyfile(OFFICIAL_FILE, root / "crosswalks" / "official-ec-dol" / OFFICIAL_FILE.name)
    return root


def test_the_choice_selects_the_files_and_is_part_of_the_fingerprint(data_dir, tmp_path):
    settings = settings_for(data_dir, tmp_path)
    found = {choice: find_sources(settings, crosswalk_source=choice) for choice in ("official", "nesta", "both")}
    assert [p.name for p in found["official"].crosswalk] == ["raw_crosswalk_esco_onet.csv"]
    assert sorted(p.name for p in found["nesta"].crosswalk) == sorted(p.name for p in NESTA)
    assert len(found["both"].crosswalk) == 3
    assert find_sources(settings).crosswalk_source == "both"  # the default
    assert len({fingerprint(s) for s in found.values()}) == 3
    assert find_sources(settings.with_(crosswalk_source="nesta")).crosswalk_source == "nesta"


def test_choosing_a_crosswalk_that_is_not_there_is_an_error_not_a_graph_without_one(fixture_settings):
    with pytest.raises(DataNotFoundError) as info:
        find_sources(fixture_settings, crosswalk_source="official")
    message = str(info.value)
    assert "the official ESCO–O*NET crosswalk is not among the crosswalk files found" in message
    assert "skillgraph download crosswalks" in message and "--crosswalk-source nesta or both" in message


def test_load_reports_the_counts_and_later_commands_keep_the_choice(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SKILLGRAPH_VIABILITY_THRESHOLD", "0.5")
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["load", "--crosswalk-source", "official"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Crosswalk official (8 rows) maps 5 ESCO and 5 O*NET occupations" in out
    assert "7 of 8 ESCO occupations mapped to O*NET" in out
    # A later command without the option opens the same snapshot (the choice is remembered) ...
    assert main(["stats"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "official EC/USDOL Sep 2022" in out
    assert "Crosswalk official (8 rows) maps 5 ESCO and 5 O*NET occupations" in out
    from skillgraph.graph.settings import Settings

    assert not open_memory_store(Settings.from_env()).built
    # ... and SKILLGRAPH_CROSSWALK overrides it.
    monkeypatch.setenv("SKILLGRAPH_CROSSWALK", "nesta")
    assert main(["stats"]) == 0
    assert "Nesta Nov 2020" in " ".join(capsys.readouterr().out.split())


def test_an_unknown_choice_is_refused_with_the_allowed_values(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("SKILLGRAPH_CROSSWALK", "mine")
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["stats"]) == 2
    assert "SKILLGRAPH_CROSSWALK='mine' is not supported; use one of official, nesta, both" in capsys.readouterr().err
