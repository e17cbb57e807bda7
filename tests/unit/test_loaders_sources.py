"""loaders.sources: finding the official files in a folder laid out like shared/data, the
fingerprint that keys snapshots, and the instructions when nothing is found."""

from __future__ import annotations

import os
import shutil

import pytest
from fixture_world import ESCO_CLASSIFICATION_ZIP, ESCO_RELATIONS_ZIP, settings_for

from skillgraph.graph.errors import DataNotFoundError
from skillgraph.graph.settings import Settings
from skillgraph.loaders.sources import ESCO_HELP, find_sources, fingerprint, remember_sources, remembered_sources, sources_in


def test_the_fixture_layout_is_found_like_shared_data(fixture_settings, fixture_data_dir):
    sources = find_sources(fixture_settings)
    assert [p.name for p in sources.esco] == sorted([ESCO_CLASSIFICATION_ZIP, ESCO_RELATIONS_ZIP])
    assert sources.onet == (fixture_data_dir / "onet-29.3" / "db_29_3_text",)
    assert sorted(p.name for p in sources.crosswalk) == ["esco_onet_crosswalk_Nov2020.csv", "onet-soc-2010_to_2019_Crosswalk.csv"]
    assert "SKILLGRAPH_DATA_DIR" in sources.origin


def test_an_unzipped_esco_folder_and_an_onet_zip_are_found(make_data_dir):
    root = make_data_dir(esco_zipped=False)
    folder = root / "onet-29.3" / "db_29_3_text"
    archive = root / "onet-29.3" / "db_29_3_text.zip"
    archive.write_bytes(b"")
    sources = sources_in(root, origin="test")
    assert sources.esco == (root / "esco-v1.1.1",)
    assert sources.onet == (folder,)  # the unpacked folder wins over a zip of the same release
    shutil.rmtree(folder)
    assert sources_in(root, origin="test").onet == (archive,)


def test_explicit_paths_come_first(fixture_settings, fixture_data_dir):
    esco = fixture_data_dir / "esco-v1.1.1" / ESCO_CLASSIFICATION_ZIP
    sources = find_sources(fixture_settings, esco=[esco])
    assert sources.esco == (esco,)
    assert sources.onet  # the rest still comes from SKILLGRAPH_DATA_DIR


def test_missing_explicit_path_or_data_dir_is_a_clear_error(tmp_path):
    settings = settings_for(tmp_path / "missing", tmp_path)
    with pytest.raises(DataNotFoundError, match="is not a folder"):
        find_sources(settings)
    with pytest.raises(DataNotFoundError, match="does not exist"):
        find_sources(settings_for(None, tmp_path), esco=[tmp_path / "nope.zip"])


def test_nothing_found_explains_how_to_get_the_data(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataNotFoundError) as info:
        find_sources(Settings(data_dir=empty, cache_dir=tmp_path / "cache", home_dir=tmp_path / "home"))
    message = str(info.value)
    assert "skillgraph download onet" in message
    assert ESCO_HELP in message


def test_fingerprint_changes_with_files_and_extras(make_data_dir):
    root = make_data_dir(esco_zipped=False)
    sources = sources_in(root, origin="test")
    base = fingerprint(sources, "7")
    assert fingerprint(sources, "7") == base
    assert fingerprint(sources, "8") != base
    path = root / "crosswalks" / "onet-soc-2010_to_2019_Crosswalk.csv"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    touched = fingerprint(sources, "7")
    assert touched != base
    (root / "esco-v1.1.1" / "skillSkillRelations.csv").write_text("added\n")
    assert fingerprint(sources, "7") != touched


def test_remembered_sources_round_trip(fixture_settings):
    sources = find_sources(fixture_settings)
    remember_sources(fixture_settings, sources)
    again = remembered_sources(fixture_settings)
    assert again is not None
    assert [p.resolve() for p in again.esco] == [p.resolve() for p in sources.esco]
    assert not list(fixture_settings.cache_dir.glob("*.tmp"))
