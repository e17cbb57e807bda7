"""The project installs as one package, ``skillgraph``: the repository's top-level folders are
never importable under their bare names, the rule that bans them holds, and a wheel carries
the Cypher statements and the app's static files and runs the CLI."""

from __future__ import annotations

import importlib.resources
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BARE = ("app", "graph", "loaders", "queries")


def _python(code: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, *args, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", BARE)
def test_bare_names_are_not_importable_outside_the_repository(name, tmp_path):
    result = _python(f"import {name}", tmp_path)
    assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr


def test_the_installed_package_is_this_repository(tmp_path):
    result = _python("import skillgraph.queries, skillgraph.app.cli; print(skillgraph.queries.__file__)", tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == ROOT / "queries" / "__init__.py"


def test_no_module_imports_the_bare_names():
    # ruff's banned-api rule (TID251, configured in pyproject.toml) over the whole tree.
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.fail("ruff is not installed (it comes with the dev extra: pip install -e '.[dev]')")
    result = subprocess.run([ruff, "check", "--no-cache", str(ROOT)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # The formatter too, so the tree stays as `ruff format` leaves it.
    result = subprocess.run([ruff, "format", "--check", str(ROOT)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


def test_a_wheel_carries_the_package_data_and_runs_the_cli(tmp_path):
    # Built from a copy: setuptools reuses a build/ folder left in the tree, which would
    # ship files deleted since.
    source = tmp_path / "source"
    junk = ("build", "dist", ".git", ".venv", ".cache", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache")
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*junk))
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("skillgraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.startswith("skillgraph-")} == {"skillgraph"}
    shipped = sorted(p.name for p in (ROOT / "queries" / "cypher").glob("*.cypher"))
    assert sorted(Path(n).name for n in names if n.startswith("skillgraph/queries/cypher/")) == shipped
    assert "skillgraph/app/static/favicon.png" in names
    assert "skillgraph/app/static/graph_component/index.html" in names

    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # -S: no site processing, so this environment's editable install is out of the way; the
    # dependencies come from its site-packages, skillgraph only from the wheel.
    deps = sysconfig.get_paths()["purelib"]
    code = (
        f"import sys; sys.path[:0] = [{str(target)!r}, {deps!r}]\n"
        "import skillgraph.queries\n"
        f"assert skillgraph.queries.__file__.startswith({str(target)!r}), skillgraph.queries.__file__\n"
        "from skillgraph.graph.cypher import query_names\n"
        "print(len(query_names()))\n"
        "from skillgraph.app.cli import main\n"
        "sys.argv = ['skillgraph', '--help']\n"
        "main()\n"
    )
    result = _python(code, tmp_path, "-S")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(len(shipped))
    assert "usage: skillgraph" in result.stdout


def test_the_cypher_files_are_package_data():
    folder = importlib.resources.files("skillgraph.queries").joinpath("cypher")
    assert any(entry.name.endswith(".cypher") for entry in folder.iterdir())
