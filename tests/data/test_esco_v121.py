"""ESCO v1.2.1 as the ESCO portal publishes it today, read in place from
``$SKILLGRAPH_DATA_DIR/samples/esco-v1.2.1-partial`` (every file of that folder), and a
full graph built from those files combined with the v1.1.1 skill files (v1.2.1's
``skills_en.csv`` and ``occupationSkillRelations_en.csv`` are not in the folder).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from skillgraph.app.cli import main
from skillgraph.loaders.esco import DICTIONARY, ESCO_FILES, ESCO_TABLES, load_esco
from skillgraph.loaders.tables import SourceFiles, Table

pytestmark = pytest.mark.data

DUPLICATED = {
    "http://data.europa.eu/esco/occupation/4d27152a-a8ee-4f5a-9f93-a2fb4fb2b2e3",  # early years teaching assistant
    "http://data.europa.eu/esco/occupation/5d601b40-7e0e-404e-bbff-bb98e147437c",  # legal policy officer
    "http://data.europa.eu/esco/occupation/ad404c6b-291f-439e-9ad4-c93ddabd3c13",
    "http://data.europa.eu/esco/occupation/b4bff870-5c8f-4c33-b07f-f04d79830633",  # food service worker
}
#: Rows of each table the loader reads, as published.
ROWS = {
    "ESCO occupations": 3043,
    "ESCO skill groups": 640,
    "ESCO skills hierarchy": 640,
    "ESCO ISCO groups": 619,
    "ESCO occupation hierarchy": 3648,
    "ESCO skill–skill relations": 5818,
}


@pytest.fixture(scope="module")
def v121(full_data_dir: Path) -> Path:
    folder = full_data_dir / "samples" / "esco-v1.2.1-partial"
    if not (folder / "occupations_en.csv").exists():
        message = f"{folder} is missing: the v1.2.1 tests read the published files in place"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return folder


@pytest.fixture(scope="module")
def v111_zips(full_data_dir: Path) -> list[Path]:
    return sorted((full_data_dir / "esco-v1.1.1").glob("*.zip"))


@pytest.fixture(scope="module")
def combined(v121, v111_zips):
    return load_esco([v121, *v111_zips])


def test_every_file_of_the_folder_is_read_or_knowingly_left_out(v121):
    names = sorted(p.name for p in v121.iterdir() if p.suffix == ".csv")
    assert len(names) == 16
    assert [n for n in names if n.lower() not in ESCO_FILES] == []


def test_the_tables_read_have_the_published_rows_and_only_known_columns(v121):
    files = SourceFiles([v121], what="ESCO v1.2.1")
    counts = {}
    for table in ESCO_TABLES:
        if not files.has(table):
            continue
        counts[table.title] = sum(1 for _ in files.read(table))
        header = files.find(table).header
        assert set(header) <= {*table.required, *table.optional, *table.ignored}, table.title
    assert counts == ROWS
    assert "naceCode" in files.find(ESCO_TABLES[0]).header


def test_the_dictionary_documents_no_column_skillgraph_does_not_know(v121):
    files = SourceFiles([v121], what="ESCO v1.2.1")
    documented = [(r["filename"], r["data header"]) for r in files.read(DICTIONARY)]
    assert len(documented) == 160 and ("occupations", "naceCode") in documented


@pytest.mark.parametrize(
    "name",
    [
        "conceptSchemes_en.csv",
        "digCompSkillsCollection_en.csv",
        "digitalSkillsCollection_en.csv",
        "greenShareOcc_en.csv",
        "greenSkillsCollection_en.csv",
        "languageSkillsCollection_en.csv",
        "researchOccupationsCollection_en.csv",
        "researchSkillsCollection_en.csv",
        "transversalSkillsCollection_en.csv",
    ],
)
def test_each_file_left_out_is_well_formed_as_published(v121, name):
    """Files skillgraph does not use still read cleanly (UTF-8, no stray fields, a final
    line break): if the publisher changes their shape, these tests say so."""
    path = v121 / name
    first_column = path.read_text(encoding="utf-8-sig").split(",", 1)[0]
    table = Table(name, (name,), required=(first_column,))
    rows = sum(1 for _ in SourceFiles([path], what="ESCO v1.2.1").read(table))
    assert rows > 10
    assert ESCO_FILES[name.lower()].startswith("not used: ")


def test_the_four_repeated_occupations_are_one_note_and_the_newest_rows_are_kept(combined, v121):
    (note,) = [n for n in combined.report.notes if "appear twice" in n]
    assert note.startswith(f"{v121 / 'occupations_en.csv'}: 4 id(s) appear twice, the rows the same except modifiedDate")
    assert set(re.findall(r"http://data\.europa\.eu/esco/occupation/[0-9a-f-]+", note)) == DUPLICATED
    assert combined.report.rows_read["ESCO occupations"] == 3039
    assert sum(1 for n in combined.nodes if type(n).__name__ == "Occupation") == 3039


def test_the_combination_says_which_file_came_from_which_release(combined):
    assert combined.version == "1.2.1 + 1.1.1"
    (note,) = [n for n in combined.report.notes if n.startswith("ESCO files from different releases")]
    assert "1.2.1: ISCOGroups_en.csv, broaderRelationsOccPillar_en.csv, occupations_en.csv" in note
    assert "1.1.1: broaderRelationsSkillPillar.csv, occupationSkillRelations.csv, skills_en.csv" in note


def test_smoke_full_graph_from_v121_and_the_v111_skill_files(v121, v111_zips, full_data_dir, tmp_path, monkeypatch, capsys):
    """``skillgraph load`` on the combination builds the whole graph (with O*NET and both
    crosswalks) and prints the repeats as a note, in 80 columns."""
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SKILLGRAPH_DATA_DIR", raising=False)  # every part named on the command line
    monkeypatch.setenv("COLUMNS", "80")
    onet = full_data_dir / "onet-29.3" / "db_29_3_text"
    crosswalks = full_data_dir / "crosswalks"
    argv = ["load", "--esco", str(v121), *map(str, v111_zips), "--onet", str(onet), "--crosswalk", str(crosswalks)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())
    assert "1.2.1 + 1.1.1" in flat
    assert "4 id(s) appear twice" in flat
    assert max(len(line) for line in out.splitlines()) <= 80
    from skillgraph.app.workspace import open_memory_store
    from skillgraph.graph.settings import Settings

    opened = open_memory_store(Settings.from_env())  # later commands: the paths of the last load
    assert not opened.built
    store = opened.store
    meta = store.meta()
    assert meta.node_counts["Occupation"] == 3039 + 1016
    assert meta.versions["ESCO"] == "1.2.1 + 1.1.1"
    # The 35 occupations new in v1.2.1 have no v1.1.1 relations; those gone since v1.1.1 are skipped.
    reason = "occupation–skill relation names an occupation not in occupations_en"
    assert dict(meta.skipped)[reason] > 67
    assert store.index is not None
