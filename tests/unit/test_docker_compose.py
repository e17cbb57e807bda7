"""docker-compose.yml is valid for Compose (checked by the real tool) and says what the
README promises: Neo4j 5 community with a cypher-shell healthcheck and a data volume,
auth from the env file, and an app that waits for a healthy Neo4j and reads the host's
data read-only at /data.

The check needs a Compose implementation: the ``docker compose`` plugin or the
``docker-compose`` command (Debian: ``apt-get install -y docker-compose``). Without one
the test skips — except on CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, timeout=60)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    message = "no Compose tool (docker compose plugin or docker-compose; Debian: apt-get install -y docker-compose)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(message + " — on CI it must be installed", pytrace=False)
    pytest.skip(message)


def compose(folder: Path, env_file: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "SKILLGRAPH_HOST_DATA")}
    return subprocess.run(
        [
            *compose_command(),
            "--project-directory",
            str(folder),
            "--env-file",
            str(env_file),
            "-f",
            str(folder / "docker-compose.yml"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=folder,
    )


def pinned_neo4j_version() -> str:
    pom = (ROOT / ".ci" / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    return re.search(r"<neo4j.version>([\d.]+)</neo4j.version>", pom).group(1)


def test_the_readme_names_the_pinned_neo4j_version():
    assert f"verified on **Neo4j {pinned_neo4j_version()} Community**" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_compose_file_is_valid_with_the_example_env_file():
    result = compose(ROOT, ROOT / ".env.example", "config", "-q")
    assert result.returncode == 0, result.stderr


def test_the_resolved_configuration_says_what_the_readme_promises():
    result = compose(ROOT, ROOT / ".env.example", "config")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    # The version the integration tests run against (.ci/neo4j/pom.xml), and the README says so.
    assert f"image: neo4j:{pinned_neo4j_version()}-community" in text
    assert "cypher-shell" in text
    assert "neo4j-data:/data" in text or ("source: neo4j-data" in text and "target: /data" in text)
    assert "NEO4J_AUTH: neo4j/change-me-please" in text  # from the env file
    assert "condition: service_healthy" in text
    assert "SKILLGRAPH_DATA_DIR: /data" in text
    assert "SKILLGRAPH_BACKEND: neo4j" in text
    assert "SKILLGRAPH_NEO4J_URI: bolt://neo4j:7687" in text
    assert ":/data:ro" in text or ("target: /data" in text and "read_only: true" in text)


def test_compose_refuses_a_broken_file(tmp_path):
    # The check above is only worth something if the tool really validates.
    broken = (ROOT / "docker-compose.yml").read_text().replace("condition: service_healthy", "condition: when_ready")
    (tmp_path / "docker-compose.yml").write_text(broken)
    result = compose(tmp_path, ROOT / ".env.example", "config", "-q")
    assert result.returncode != 0


def test_a_missing_password_is_an_error(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("SKILLGRAPH_HOST_DATA=./data\n")
    (tmp_path / "docker-compose.yml").write_text((ROOT / "docker-compose.yml").read_text())
    result = compose(tmp_path, empty, "config", "-q")
    assert result.returncode != 0
    assert "NEO4J_PASSWORD" in result.stderr


def test_the_real_env_file_is_never_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
    assert (ROOT / ".env.example").is_file()
    dockerignore = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".env" in dockerignore  # nor copied into the image


def test_the_dockerfile_loads_then_serves():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in text
    assert "pip install ." in text
    assert "skillgraph load --target neo4j" in text
    assert "streamlit run streamlit_app.py --server.address 0.0.0.0" in text


def test_the_shared_profile_runs_two_replicas_with_sessions_in_postgres_behind_one_port():
    result = compose(ROOT, ROOT / ".env.example", "--profile", "shared", "config")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "image: postgres:15" in text and "pg_isready" in text
    assert text.count("SKILLGRAPH_SESSIONS_URL: postgresql://skillgraph:change-me-too@postgres:5432/skillgraph") == 2
    assert "app-1:8501" in (ROOT / "deploy" / "nginx-shared.conf").read_text()
    assert "127.0.0.1:8080:8080" in text
    assert "EXTRAS: postgres" in text
    # everything it adds runs only with the profile
    assert text.count("- shared") >= 4
