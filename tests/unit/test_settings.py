"""Settings from the environment: defaults, parsing and errors that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.settings import Settings


def test_defaults_follow_xdg_folders():
    settings = Settings.from_env({"XDG_CACHE_HOME": "/c", "XDG_DATA_HOME": "/d"})
    assert settings.cache_dir == Path("/c/skillgraph")
    assert settings.home_dir == Path("/d/skillgraph")
    assert settings.backend == "memory" and settings.viability_threshold is None


def test_values_are_read_and_the_password_is_not_in_repr():
    settings = Settings.from_env(
        {"SKILLGRAPH_BACKEND": "Neo4j", "SKILLGRAPH_NEO4J_PASSWORD": "s3cret", "SKILLGRAPH_VIABILITY_THRESHOLD": "0.25"}
    )
    assert settings.backend == "neo4j"
    assert settings.viability_threshold == 0.25
    assert "s3cret" not in repr(settings)
    assert settings.neo4j_connect_timeout == 2.5
    assert Settings.from_env({"SKILLGRAPH_NEO4J_CONNECT_TIMEOUT": "30"}).neo4j_connect_timeout == 30.0


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SKILLGRAPH_BACKEND": "postgres"}, "SKILLGRAPH_BACKEND='postgres'"),
        ({"SKILLGRAPH_VIABILITY_THRESHOLD": "high"}, "SKILLGRAPH_VIABILITY_THRESHOLD='high'"),
        ({"SKILLGRAPH_VIABILITY_THRESHOLD": "1.5"}, "SKILLGRAPH_VIABILITY_THRESHOLD=1.5"),
        ({"SKILLGRAPH_NEO4J_CONNECT_TIMEOUT": "soon"}, "SKILLGRAPH_NEO4J_CONNECT_TIMEOUT='soon'"),
        ({"SKILLGRAPH_NEO4J_CONNECT_TIMEOUT": "0"}, "SKILLGRAPH_NEO4J_CONNECT_TIMEOUT=0.0"),
    ],
)
def test_bad_values_name_the_variable(env, named):
    with pytest.raises(InvalidArgumentError) as info:
        Settings.from_env(env)
    assert named in str(info.value)
