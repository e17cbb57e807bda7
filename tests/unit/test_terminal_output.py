"""Labels never reach the terminal as control sequences: ESC/OSC sequences, bidi
overrides and NUL bytes are stripped at load, and whatever the store holds is escaped
when ``show``, ``similar`` and ``search`` print it (a Neo4j server may hold data loaded
by another program)."""

from __future__ import annotations

import json

import pytest
from fixture_world import settings_for

from skillgraph.app import workspace
from skillgraph.app.cli import main
from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.memory_store import MemoryStore

ICT_PM = "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"
PM = "http://data.europa.eu/esco/occupation/0cc00003-5e1f-4c7a-9d2b-000000000003"
HOSTILE = "project\x1b]8;;http://evil.example\x07 manager\x1b[2J\u202egnp\x00"
RAW = ("\x1b", "\x07", "\u202e", "\x00")


def test_onet_titles_with_nul_and_escapes_load_clean(make_data_dir, tmp_path):
    root = make_data_dir()
    path = root / "onet-29.3" / "db_29_3_text" / "Occupation Data.txt"
    path.write_bytes(path.read_bytes().replace(b"\tWeb Developers\t", b"\tWeb\x00 Devel\x1b[31mopers\xe2\x80\xae\t", 1))
    store = open_memory_store(settings_for(root, tmp_path)).store
    assert store.node("15-1254.00")["label"] == "Web Developers"


@pytest.fixture
def hostile(fixture_store, monkeypatch, tmp_path):
    """The CLI reading a store in which "project manager" carries control sequences."""
    graph = fixture_store.graph.copy()
    graph.nodes[PM]["label"] = HOSTILE
    graph.nodes[PM]["alt_labels"] = (HOSTILE,)
    store = MemoryStore(graph, dict(fixture_store.info), fixture_store.index)
    monkeypatch.setattr(workspace, "open_store", lambda settings, **kwargs: store)
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "300")
    return store


@pytest.mark.parametrize(
    "argv",
    [
        ["show", PM],
        ["show", PM, "--all"],
        ["similar", ICT_PM],
        ["search", "project", "manager"],
        ["gap", ICT_PM, PM],
    ],
    ids=lambda a: " ".join(a[:1]),
)
def test_printed_labels_are_escaped(hostile, capsys, argv):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in RAW), repr(out)
    assert "\\x1b]8;;http://evil.example\\x07" in out or "\\x1b" in out


def test_json_output_stays_json_and_means_the_same(hostile, capsys):
    assert main(["show", PM, "--json"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in RAW)
    assert json.loads(out)["occupation"]["label"] == HOSTILE
