"""`skillgraph load --target neo4j` and SKILLGRAPH_BACKEND=neo4j through the real CLI."""

from __future__ import annotations

import pytest

from skillgraph.app.cli import main

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_env(monkeypatch, neo4j_settings, neo4j_driver, fixture_data_dir, tmp_path):
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(fixture_data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SKILLGRAPH_BACKEND", raising=False)
    return neo4j_settings


def test_load_target_neo4j_shows_phases_then_skips_unchanged_data(cli_env, neo4j_driver, capsys):
    from bolt_helpers import wipe

    wipe(neo4j_driver, cli_env)
    assert main(["load", "--target", "neo4j"]) == 0
    out = capsys.readouterr().out
    assert "Neo4j load phases" in out
    for phase in ("constraints and indexes", "nodes Occupation", "REQUIRES", "SIMILAR_TO", "verify counts", "total"):
        assert phase in out, phase
    assert "loaded from scratch" in out and "load marker complete" in out
    assert cli_env.neo4j_password not in out

    assert main(["load", "--target", "neo4j"]) == 0
    assert "already holds this data" in capsys.readouterr().out


def test_backend_neo4j_answers_the_cli(cli_env, neo4j_driver, monkeypatch, capsys):
    assert main(["load", "--target", "neo4j"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("SKILLGRAPH_BACKEND", "neo4j")
    assert main(["stats"]) == 0
    neo4j_out = capsys.readouterr().out
    monkeypatch.setenv("SKILLGRAPH_BACKEND", "memory")
    assert main(["stats"]) == 0
    memory_out = capsys.readouterr().out
    assert "SIMILAR_TO" in neo4j_out
    assert neo4j_out == memory_out


def test_backend_neo4j_with_a_wrong_password_is_one_clear_line(cli_env, monkeypatch, capsys):
    monkeypatch.setenv("SKILLGRAPH_BACKEND", "neo4j")
    monkeypatch.setenv("SKILLGRAPH_NEO4J_PASSWORD", "definitely-wrong-9")
    # A loaded machine may take longer than 2.5 s to refuse a log-in: wait for the refusal.
    monkeypatch.setenv("SKILLGRAPH_NEO4J_CONNECT_TIMEOUT", "60")
    assert main(["stats"]) == 2
    err = capsys.readouterr().err
    assert "refused the credentials" in err
    assert "definitely-wrong-9" not in err
