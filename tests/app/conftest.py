"""Fixtures for the Streamlit app tests.

The app reads its settings from the environment (as it does when started with
``streamlit run``), so these fixtures point ``SKILLGRAPH_DATA_DIR`` at fixture data and
``SKILLGRAPH_CACHE_DIR`` at a private cache, then drive the pages with
``streamlit.testing.v1.AppTest``.

``hostile_data_dir`` is the fixture world with labels that carry HTML, script and
Markdown (an occupation, a skill), to prove that data is displayed as text everywhere.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from apphelpers import HOSTILE_LABELS
from fixture_world import FIXTURE_THRESHOLD

_ENV = (
    "SKILLGRAPH_DATA_DIR",
    "SKILLGRAPH_CACHE_DIR",
    "SKILLGRAPH_HOME",
    "SKILLGRAPH_BACKEND",
    "SKILLGRAPH_NEO4J_URI",
    "SKILLGRAPH_NEO4J_USER",
    "SKILLGRAPH_NEO4J_PASSWORD",
    "SKILLGRAPH_NEO4J_DATABASE",
    "SKILLGRAPH_VIABILITY_THRESHOLD",
)


def _relabel_csv(data: bytes, labels: dict[str, str]) -> bytes:
    text = data.decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in reader:
        row["preferredLabel"] = labels.get(row["preferredLabel"], row["preferredLabel"])
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def write_hostile_copy(source: Path, target: Path) -> Path:
    """A copy of the data folder ``source`` whose ESCO labels are replaced by HOSTILE_LABELS."""
    shutil.copytree(source, target)
    changed = 0
    for archive in (target / "esco-v1.1.1").glob("*.zip"):
        with zipfile.ZipFile(archive) as zf:
            members = {name: zf.read(name) for name in zf.namelist()}
        for name in ("occupations_en.csv", "skills_en.csv"):
            if name in members:
                members[name] = _relabel_csv(members[name], HOSTILE_LABELS)
                changed += 1
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, payload in members.items():
                zf.writestr(name, payload)
    assert changed == 2, "the fixture layout changed: occupations_en.csv / skills_en.csv not found in the ESCO zips"
    return target


@pytest.fixture(scope="session")
def hostile_data_dir(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture world with hostile labels (session-wide; read only)."""
    return write_hostile_copy(fixture_data_dir, tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="session")
def app_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the fixture snapshots of every app test (built once each)."""
    return tmp_path_factory.mktemp("app-cache")


def _point_env(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path | None, cache_dir: Path, threshold: float | None = FIXTURE_THRESHOLD
) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    if data_dir is not None:
        monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(cache_dir / "home"))
    if threshold is not None:
        monkeypatch.setenv("SKILLGRAPH_VIABILITY_THRESHOLD", str(threshold))


@pytest.fixture
def fixture_env(monkeypatch: pytest.MonkeyPatch, fixture_data_dir: Path, app_cache_dir: Path) -> Path:
    """Environment for the app on the fixture world."""
    _point_env(monkeypatch, fixture_data_dir, app_cache_dir / "fixture")
    return fixture_data_dir


@pytest.fixture
def hostile_env(monkeypatch: pytest.MonkeyPatch, hostile_data_dir: Path, app_cache_dir: Path) -> Path:
    """Environment for the app on the hostile fixture world."""
    _point_env(monkeypatch, hostile_data_dir, app_cache_dir / "hostile")
    return hostile_data_dir


@pytest.fixture
def full_env(monkeypatch: pytest.MonkeyPatch, full_settings, full_store) -> Path:
    """Environment for the app on the full official data (the snapshot is built once by
    ``full_store``, then the app opens it)."""
    _point_env(monkeypatch, full_settings.data_dir, full_settings.cache_dir, full_settings.viability_threshold)
    return full_settings.data_dir


@pytest.fixture
def point_env(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path | None, Path], None]:
    """Point the app at any data folder and cache folder."""
    return lambda data_dir, cache_dir: _point_env(monkeypatch, data_dir, cache_dir)
