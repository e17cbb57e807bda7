"""One-line errors instead of tracebacks, and no password in any of them."""

from __future__ import annotations

import io
import sys

import pytest

from skillgraph.app.cli import main
from skillgraph.graph.errors import StoreUnavailableError
from skillgraph.graph.neo4j_store import describe_address, open_driver, translate_error
from skillgraph.graph.settings import Settings

PASSWORD = "s3cret-pw"


@pytest.fixture
def env(monkeypatch, tmp_path, fixture_data_dir):
    for name in ("SKILLGRAPH_BACKEND", "SKILLGRAPH_NEO4J_URI", "SKILLGRAPH_NEO4J_PASSWORD", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(fixture_data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    return tmp_path


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("variable", ["SKILLGRAPH_HOME", "SKILLGRAPH_CACHE_DIR", "SKILLGRAPH_CONFIG_DIR"])
def test_a_settings_folder_that_is_a_file(env, monkeypatch, capsys, variable):
    a_file = env / "a-file"
    a_file.write_text("x")
    monkeypatch.setenv(variable, str(a_file))
    assert main(["sessions", "list"]) == 2
    assert f"{variable}={a_file} is a file, not a folder" in one_line_error(capsys)


def test_an_unwritable_cache_folder_is_one_line(env, monkeypatch, capsys):
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", "/proc/skillgraph-cache")
    assert main(["load"]) == 2
    assert "/proc/skillgraph-cache" in one_line_error(capsys)


def test_sessions_delete_all_with_stdin_at_eof_deletes_nothing(env, monkeypatch, capsys):
    from skillgraph.app.sessions import SessionStore

    store = SessionStore.from_settings(Settings.from_env())
    store.create("K.M.")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["sessions", "delete-all"]) == 1
    out = capsys.readouterr().out
    assert "nothing deleted: no answer on standard input (pass --yes to delete without asking)" in out
    assert len(store.list_sessions()) == 1


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("bolt://localhost:abc", "the port 'abc' is not a number from 1 to 65535"),
        ("neo4j://localhost:99999", "the port '99999' is not a number from 1 to 65535"),
        (f"bolt://neo4j:{PASSWORD}@localhost:7687", "'bolt://***@localhost:7687' holds a user name or password"),
        (f"neo4j+s://neo4j:{PASSWORD}@db.example:7687/x", "'neo4j+s://***@db.example:7687/x' holds a user name or password"),
    ],
)
def test_bad_neo4j_addresses_are_one_line_and_never_show_the_password(env, monkeypatch, capsys, uri, expected):
    monkeypatch.setenv("SKILLGRAPH_BACKEND", "neo4j")
    monkeypatch.setenv("SKILLGRAPH_NEO4J_URI", uri)
    monkeypatch.setenv("SKILLGRAPH_NEO4J_PASSWORD", PASSWORD)
    assert main(["stats"]) == 2
    err = one_line_error(capsys)
    assert expected in err
    assert PASSWORD not in err


def test_the_address_shown_by_the_app_and_the_cli_has_no_credentials():
    settings = Settings(neo4j_uri=f"bolt://neo4j:{PASSWORD}@graph.example:7687", neo4j_password=PASSWORD, neo4j_database="skills")
    address = describe_address(settings)
    assert address == "bolt://***@graph.example:7687 (database 'skills')"
    with pytest.raises(StoreUnavailableError) as info:
        open_driver(settings)
    assert PASSWORD not in str(info.value) and PASSWORD not in repr(info.value.__cause__)
    translated = translate_error(ValueError("Failed to DNS resolve address graph.example:7687"), address)
    assert isinstance(translated, StoreUnavailableError) and "does not resolve" in str(translated)
