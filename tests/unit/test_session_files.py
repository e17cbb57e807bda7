"""Session export/import files (app.session_files) and private file writing: round trips,
refusals of bad files with a clear message and nothing stored, the CLI commands, and
temporary files that are 0600 and never left behind."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from skillgraph.app.cli import main
from skillgraph.app.session_files import (
    FILE_VERSION,
    SessionFileError,
    import_session,
    session_from_json,
    session_to_json,
    write_private,
)
from skillgraph.app.sessions import Session, SessionStore, ShortlistEntry
from skillgraph.graph.errors import OutputError


@pytest.fixture
def sessions(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "home" / "sessions.sqlite3")


@pytest.fixture
def real_session(fixture_ids) -> Session:
    i = fixture_ids
    return Session(
        alias="R.S. <b>",
        current_role=i["software developer"],
        skills=(i["debug software"], i["manage budgets"]),
        interests=(("Social", 4), ("Enterprising", 5)),
        notes="Line one\nLine two — “quoted”",
        shortlist=(
            ShortlistEntry(
                i["project manager"],
                "leads releases",
                ((i["coach employees"], "Mentor a junior colleague for 3 months"),),
                (i["manage budgets"],),
            ),
            ShortlistEntry(i["web developer"], "likes front-end work"),
        ),
    )


def test_export_then_import_gives_the_same_session(sessions, fixture_store, real_session):
    saved = sessions.save(real_session)
    text = session_to_json(saved, versions={"ESCO": "1.1.1"})
    document = json.loads(text)
    assert document["format"] == "skillgraph-session" and document["version"] == FILE_VERSION
    assert document["session"]["shortlist"][0]["not_relevant"] == [real_session.shortlist[0].dismissed[0]]
    assert "id" not in document["session"] and "revision" not in document["session"]
    imported = import_session(sessions, text.encode("utf-8"), fixture_store)
    assert imported.id != saved.id and imported.revision == 1
    fields = ("alias", "current_role", "skills", "interests", "notes", "shortlist")
    assert {f: getattr(imported, f) for f in fields} == {f: getattr(saved, f) for f in fields}
    assert len(sessions.list_sessions()) == 2


def _document(real_session: Session) -> dict:
    return json.loads(session_to_json(real_session))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.update(version=FILE_VERSION + 1), "version 2, written by a newer skillgraph"),
        (lambda d: d.update(version="1"), 'no valid "version"'),
        (lambda d: d.update(format="something-else"), "not a skillgraph session file"),
        (lambda d: d.pop("session"), "lacks the field session"),
        (lambda d: d["session"].pop("skills"), "lacks the field skills"),
        (lambda d: d["session"].pop("alias"), "lacks the field alias"),
        (lambda d: d["session"].update(skills="not a list"), "skills must be a list"),
        (lambda d: d["session"]["shortlist"][0].pop("role_id"), r"shortlist\[0\] lacks the field role_id"),
        (lambda d: d["session"].update(interests={"Social": 7}), "must be 1–5"),
        (lambda d: d["session"].update(alias="   "), "alias"),
        (lambda d: d["session"].update(notes="x" * 20_001), "at most 20,000"),
        (lambda d: d["session"]["skills"].append("http://data.europa.eu/esco/skill/not-there"), "1 skill id"),
        (lambda d: d["session"]["shortlist"][0].update(role_id="99-9999.99"), "1 role id"),
        (lambda d: d["session"]["shortlist"][0]["actions"].append({"skill_id": "nope", "action": "x"}), "skill id"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(sessions, fixture_store, real_session, damage, message):
    document = _document(real_session)
    damage(document)
    with pytest.raises(SessionFileError, match=message):
        import_session(sessions, json.dumps(document), fixture_store)
    assert sessions.list_sessions() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"\xff\xfe not text", "not UTF-8"), (b"{not json", "not JSON"), (b"[]", "not a skillgraph session file")],
)
def test_files_that_are_not_session_files_are_refused(sessions, data, message):
    with pytest.raises(SessionFileError, match=message):
        import_session(sessions, data)
    assert sessions.list_sessions() == []


def test_unknown_ids_pass_without_a_graph_but_not_with_one(real_session, fixture_store):
    document = _document(real_session)
    document["session"]["skills"].append("skill:from-another-version")
    text = json.dumps(document)
    assert "skill:from-another-version" in session_from_json(text).skills
    with pytest.raises(SessionFileError, match="another ESCO or O\\*NET version; nothing was imported"):
        session_from_json(text, fixture_store)


def test_write_private_makes_0600_files_and_leaves_no_temporary_file(tmp_path):
    out = write_private(tmp_path / "a" / "brief.html", b"<p>client</p>")
    assert out.read_bytes() == b"<p>client</p>" and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["brief.html"]
    # the target is a folder: the rename fails, and the temporary file is removed
    blocked = tmp_path / "b" / "brief.pdf"
    blocked.mkdir(parents=True)
    with pytest.raises(OutputError, match="cannot write .*brief.pdf"):
        write_private(blocked, b"%PDF secret")
    assert [p.name for p in blocked.parent.iterdir()] == ["brief.pdf"]


def test_the_cli_exports_and_imports_a_session(fixture_settings, fixture_ids, real_session, capsys, monkeypatch, tmp_path):
    for name, value in (
        ("SKILLGRAPH_DATA_DIR", fixture_settings.data_dir),
        ("SKILLGRAPH_CACHE_DIR", fixture_settings.cache_dir),
        ("SKILLGRAPH_HOME", fixture_settings.home_dir),
    ):
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("SKILLGRAPH_SESSIONS_URL", raising=False)
    sessions = SessionStore.from_settings(fixture_settings)
    saved = sessions.save(real_session)
    out = tmp_path / "exports" / "client.json"
    assert main(["sessions", "export", saved.id, "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and json.loads(out.read_text())["session"]["alias"] == "R.S. <b>"
    assert os.listdir(out.parent) == ["client.json"]
    assert main(["sessions", "import", str(out)]) == 0
    assert "imported the session of R.S. <b>" in capsys.readouterr().out
    assert len(sessions.list_sessions()) == 2
    bad = tmp_path / "bad.json"
    document = json.loads(out.read_text())
    document["version"] = 9
    bad.write_text(json.dumps(document))
    assert main(["sessions", "import", str(bad)]) == 2
    assert "newer skillgraph" in capsys.readouterr().err
    assert len(sessions.list_sessions()) == 2
