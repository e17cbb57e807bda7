"""Fixtures shared by every test folder.

The fixture world (``tests/fixtures``, described in its README) is a handful of invented
rows in the official file formats. ``fixture_data_dir`` lays it out like ``shared/data``
(ESCO as the two official v1.1.1 zips, the O*NET text folder, the crosswalks);
``fixture_settings`` points a :class:`skillgraph.graph.settings.Settings` at it with a private cache;
``fixture_store`` is the embedded store built from it once per session.

``full_data_dir`` / ``full_store`` are the official data in ``$SKILLGRAPH_DATA_DIR`` for
tests marked ``data``: skipped when it is not set, except on CI (``CI=true``) where
missing data is a failure, so a misconfigured pipeline cannot pass by skipping.

Session-scoped fixtures are shared: never modify the files of ``fixture_data_dir`` or
the graph of ``fixture_store``. Tests that damage files build their own copy with
``make_data_dir``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fixture_world import ESCO_FIXTURES, ONET_FIXTURES, settings_for, write_data_dir

from skillgraph.graph.settings import Settings


@pytest.fixture(autouse=True, scope="session")
def _private_config_dir(tmp_path_factory: pytest.TempPathFactory):
    """Tests never create the snapshot key in the user's real ~/.config/skillgraph."""
    if os.environ.get("SKILLGRAPH_CONFIG_DIR"):
        yield
        return
    os.environ["SKILLGRAPH_CONFIG_DIR"] = str(tmp_path_factory.mktemp("config"))
    try:
        yield
    finally:
        os.environ.pop("SKILLGRAPH_CONFIG_DIR", None)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """The language model's embeddings (cached under ``SKILLGRAPH_CACHE_DIR``) never go to
    the user's real cache; a cache folder given by the caller is used (and shared), so the
    full-data tests reuse a build of the taxonomy embeddings instead of redoing it."""
    if os.environ.get("SKILLGRAPH_CACHE_DIR"):
        yield
        return
    os.environ["SKILLGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    try:
        yield
    finally:
        os.environ.pop("SKILLGRAPH_CACHE_DIR", None)


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture world laid out like shared/data (shared by the session: read only)."""
    return write_data_dir(tmp_path_factory.mktemp("fixture-data"))


@pytest.fixture
def make_data_dir(tmp_path: Path) -> Callable[..., Path]:
    """Factory for a private copy of the fixture layout that a test may damage.

    ``make_data_dir(name="data", esco_zipped=True)`` → the new folder under ``tmp_path``.
    """

    def make(name: str = "data", *, esco_zipped: bool = True) -> Path:
        return write_data_dir(tmp_path / name, esco_zipped=esco_zipped)

    return make


@pytest.fixture
def fixture_settings(fixture_data_dir: Path, tmp_path: Path) -> Settings:
    """Settings over ``fixture_data_dir`` with a fresh cache folder for this test."""
    return settings_for(fixture_data_dir, tmp_path)


@pytest.fixture(scope="session")
def fixture_store(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The embedded store built from the fixture world (session-wide; never mutate it)."""
    from skillgraph.app.workspace import open_memory_store

    settings = settings_for(fixture_data_dir, tmp_path_factory.mktemp("fixture-store"))
    return open_memory_store(settings).store


@pytest.fixture(scope="session")
def fixture_ids() -> dict[str, str]:
    """Preferred label → id of every ESCO occupation and skill of the fixture world, and
    title → code of every O*NET occupation (read from the fixture files themselves)."""
    ids: dict[str, str] = {}
    for name in ("occupations_en.csv", "skills_en.csv"):
        with open(ESCO_FIXTURES / name, encoding="utf-8", newline="") as fh:
            ids.update((row["preferredLabel"], row["conceptUri"]) for row in csv.DictReader(fh))
    with open(ONET_FIXTURES / "Occupation Data.txt", encoding="utf-8", newline="") as fh:
        ids.update((row["Title"], row["O*NET-SOC Code"]) for row in csv.DictReader(fh, delimiter="\t"))
    return ids


# -- the full official data ---------------------------------------------------------------


@pytest.fixture(scope="session")
def full_data_dir() -> Path:
    """``$SKILLGRAPH_DATA_DIR`` laid out like shared/data.

    Skips when it is not set or not there; on CI (``CI=true``) that is a failure instead.
    """
    value = os.environ.get("SKILLGRAPH_DATA_DIR", "").strip()
    on_ci = os.environ.get("CI", "").strip().lower() == "true"
    problem = None
    if not value:
        problem = "SKILLGRAPH_DATA_DIR is not set"
    else:
        path = Path(value).expanduser()
        expected = ("esco-v1.1.1", "onet-29.3", "crosswalks")
        missing = [name for name in expected if not (path / name).is_dir()]
        if missing:
            problem = f"SKILLGRAPH_DATA_DIR={value} lacks {', '.join(missing)}"
    if problem is not None:
        message = f"{problem}: the full-data tests need the official data (see shared/data/README.md)"
        if on_ci:
            pytest.fail(message + " — on CI the data must be there", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def full_settings(full_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the full data with a session-private cache (the snapshot is built once)."""
    return settings_for(full_data_dir, tmp_path_factory.mktemp("full-data"), threshold=None)


@pytest.fixture(scope="session")
def full_store(full_settings: Settings):
    """The embedded store built from the full official data, once per session (~8 s)."""
    from skillgraph.app.workspace import open_memory_store

    return open_memory_store(full_settings).store
