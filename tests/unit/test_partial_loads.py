"""No silent partial load: a source that is present but incomplete is an error; sources
taken from different places are shown; a rebuild with fewer sources, or with a table far
smaller than the previous load's (a loose CSV cut at a line break), needs --rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_world import settings_for

from skillgraph.app.cli import main
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.errors import DataFormatError, DataNotFoundError, SourcesShrankError
from skillgraph.loaders.sources import DataSources, find_sources

ONET = ("onet-29.3", "db_29_3_text")


def snapshots(settings) -> list[bytes]:
    return [p.read_bytes() for p in sorted(settings.snapshot_dir.glob("graph-*"))]


def test_an_onet_folder_without_occupation_data_is_an_error_not_an_esco_only_graph(make_data_dir, tmp_path):
    root = make_data_dir()
    settings = settings_for(root, tmp_path)
    open_memory_store(settings)  # a full snapshot, and the paths remembered
    before = snapshots(settings)
    (root.joinpath(*ONET) / "Occupation Data.txt").unlink()
    with pytest.raises(DataFormatError) as info:
        open_memory_store(settings)
    message = str(info.value)
    assert message.startswith(str(root.joinpath(*ONET)))
    assert "an incomplete O*NET release: 'Occupation Data.txt' is missing" in message
    assert "Job Zones.txt" in message  # what is there
    assert snapshots(settings) == before


def test_an_esco_folder_without_occupations_is_an_error(make_data_dir, tmp_path):
    root = make_data_dir(esco_zipped=False)
    (root / "esco-v1.1.1" / "occupations_en.csv").unlink()
    with pytest.raises(DataFormatError, match="an incomplete ESCO package: occupations_en.csv is missing"):
        find_sources(settings_for(root, tmp_path))


def test_a_snapshot_is_not_replaced_by_one_with_fewer_sources_without_rebuild(make_data_dir, tmp_path):
    root = make_data_dir()
    settings = settings_for(root, tmp_path)
    full = find_sources(settings)
    open_memory_store(settings)
    before = snapshots(settings)
    esco_only = DataSources(esco=full.esco, origin="test")
    with pytest.raises(DataNotFoundError) as info:
        open_memory_store(settings, sources=esco_only)
    message = str(info.value)
    assert "the current snapshot was built from ESCO, O*NET, crosswalk, but O*NET and crosswalk are not found now" in message
    assert "skillgraph load --rebuild" in message
    assert snapshots(settings) == before
    rebuilt = open_memory_store(settings, sources=esco_only, rebuild=True)
    assert rebuilt.built and rebuilt.store.meta().node_counts.get("Technology", 0) == 0


def test_onet_from_the_last_load_is_shown_as_a_mix(make_data_dir, tmp_path, monkeypatch, capsys):
    first = make_data_dir("first")
    second = make_data_dir("second")
    shutil.rmtree(second / "onet-29.3")
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SKILLGRAPH_VIABILITY_THRESHOLD", "0.5")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(first))
    assert main(["load"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(second))
    assert main(["load"]) == 0
    out = capsys.readouterr().out
    assert "found in" in out
    onet_row = next(line for line in out.splitlines() if "│ O*NET" in line)
    assert str(first) in onet_row and "last load" in onet_row
    assert "The sources come from different places" in " ".join(out.split())


def cut_relations_in_half(root: Path) -> Path:
    path = root / "esco-v1.1.1" / "occupationSkillRelations.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[: len(lines) // 3]) + b"\r\n")  # ends with a line break
    return path


def test_a_table_far_smaller_than_the_previous_load_needs_rebuild(make_data_dir, tmp_path, monkeypatch, capsys):
    root = make_data_dir(esco_zipped=False)
    settings = settings_for(root, tmp_path)
    open_memory_store(settings)
    before = snapshots(settings)
    cut_relations_in_half(root)
    with pytest.raises(SourcesShrankError) as info:
        open_memory_store(settings)
    message = str(info.value)
    assert message.startswith("ESCO occupation–skill relations: ")
    assert "of the 80 of the previous load; is a file cut short or replaced?" in message
    assert snapshots(settings) == before
    # The CLI says it in one line (exit 2); --rebuild accepts the smaller data.
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(root))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(settings.cache_dir))
    monkeypatch.setenv("SKILLGRAPH_CONFIG_DIR", str(settings.config_dir))
    monkeypatch.setenv("SKILLGRAPH_VIABILITY_THRESHOLD", "0.5")
    assert main(["load"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ESCO occupation–skill relations:") and err.count("\n") == 1
    assert main(["load", "--rebuild"]) == 0
