"""Saved sessions (app.sessions): persistence, editing, conflicts, deletion, "delete
everything", and parallel writers and readers in separate processes."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from skillgraph.app.sessions import (
    DB_NAME,
    MAX_SHORTLIST,
    SCHEMA_VERSION,
    Session,
    SessionConflictError,
    SessionNotFoundError,
    SessionStore,
    SessionStoreError,
    ShortlistEntry,
)
from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.settings import Settings


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore.from_settings(Settings(home_dir=tmp_path / "home", cache_dir=tmp_path / "cache"))


def full_session() -> Session:
    return Session(
        alias="K.M.",
        current_role="role:developer",
        skills=("skill:a", "skill:b", "skill:a"),
        interests=(("Social", 3), ("Realistic", 1), ("Enterprising", 5)),
        notes="First meeting.\nWants more people contact.",
        shortlist=(
            ShortlistEntry("role:pm", "leads projects already", (("skill:budget", "evening course"), ("skill:risk", ""))),
            ShortlistEntry("role:analyst", "likes requirements work"),
        ),
    )


def test_nothing_is_written_until_the_first_save(store):
    assert store.list_sessions() == []
    assert not store.path.exists() and not store.path.parent.exists()
    with pytest.raises(SessionNotFoundError):
        store.get("abc")


def test_a_saved_session_reads_back_from_a_new_store(store, tmp_path):
    saved = store.save(full_session())
    assert saved.id and saved.revision == 1 and saved.created_at == saved.updated_at
    again = SessionStore(tmp_path / "home" / DB_NAME).get(saved.id)
    assert again == saved
    assert again.skills == ("skill:a", "skill:b")  # duplicates dropped, order kept
    assert again.interests == (("Realistic", 1), ("Social", 3), ("Enterprising", 5))  # RIASEC order
    assert again.notes == "First meeting.\nWants more people contact."
    assert [e.role_id for e in again.shortlist] == ["role:pm", "role:analyst"]
    # empty actions are not stored
    assert again.shortlist[0].next_actions == (("skill:budget", "evening course"),)
    assert again.shortlist[1].reason == "likes requirements work"


def test_the_file_is_private_and_schema_versioned(store):
    store.save(full_session())
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT value FROM schema_info WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_newer_schema_is_refused(store):
    store.save(full_session())
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE schema_info SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(SessionStoreError, match="newer skillgraph"):
        store.list_sessions()


def test_update_bumps_the_revision_and_list_shows_most_recent_first(store):
    first = store.create("A.")
    second = store.create("B.", skills=["x"])
    time.sleep(0.01)
    edited = store.save(first.edit(notes="changed", shortlist=(ShortlistEntry("role:1", "why"),)))
    assert edited.revision == 2 and edited.created_at == first.created_at and edited.updated_at > first.updated_at
    listed = store.list_sessions()
    assert [s.alias for s in listed] == ["A.", "B."]
    assert (listed[0].shortlisted, listed[1].skills) == (1, 1)
    assert store.get(second.id) == second


def test_saving_a_stale_copy_is_a_conflict_not_a_silent_overwrite(store):
    opened_by_a = store.save(full_session())
    opened_by_b = store.get(opened_by_a.id)
    store.save(opened_by_a.edit(notes="A's notes"))
    with pytest.raises(SessionConflictError, match="changed by someone else"):
        store.save(opened_by_b.edit(notes="B's notes"))
    assert store.get(opened_by_a.id).notes == "A's notes"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"alias": "  "}, "alias"),
        ({"alias": "x" * 81}, "at most 80"),
        ({"interests": (("Bold", 3),)}, "Unknown interest area"),
        ({"interests": (("Social", 9),)}, "1–5"),
        ({"shortlist": tuple(ShortlistEntry(f"role:{i}") for i in range(MAX_SHORTLIST + 1))}, "at most 5"),
        ({"shortlist": (ShortlistEntry("role:1"), ShortlistEntry("role:1"))}, "twice"),
        ({"shortlist": (ShortlistEntry("role:developer"),)}, "own shortlist"),
    ],
)
def test_invalid_sessions_are_rejected_before_anything_is_written(store, change, message):
    with pytest.raises(InvalidArgumentError, match=message):
        store.save(full_session().edit(**change))
    assert not store.path.exists()


def test_delete_one_session(store):
    keep = store.save(full_session())
    gone = store.create("to delete", notes="secret words")
    store.delete(gone.id)
    assert [s.id for s in store.list_sessions()] == [keep.id]
    with pytest.raises(SessionNotFoundError):
        store.get(gone.id)
    with pytest.raises(SessionNotFoundError):
        store.delete(gone.id)
    # secure_delete and the WAL checkpoint leave no copy of the deleted notes on disk
    for path in store.files():
        assert b"secret words" not in path.read_bytes(), path


def test_delete_all_leaves_no_file_behind(store):
    store.save(full_session())
    store.create("other")
    # a reader holding the database open while another connection writes keeps -wal/-shm around
    reader = sqlite3.connect(store.path)
    reader.execute("SELECT COUNT(*) FROM sessions").fetchone()
    store.create("third")
    assert any(p.name.endswith(("-wal", "-shm")) for p in store.files())
    reader.close()
    store.path.with_name(DB_NAME + "-journal").write_bytes(b"left over")
    removed = store.delete_all()
    assert {p.name for p in removed} >= {DB_NAME, DB_NAME + "-journal"}
    assert not store.path.parent.exists()
    assert store.list_sessions() == []


def test_delete_all_keeps_a_folder_that_holds_other_files(store):
    store.save(full_session())
    other = store.path.parent / "not-ours.txt"
    other.write_text("keep me")
    store.delete_all()
    assert other.exists() and not store.path.exists()


# -- parallel writers and readers ------------------------------------------------------------------

WRITERS = 4
UPDATES = 25


def _tagged(session: Session, tag: str) -> Session:
    """Every part of the session carries the same tag, so a reader can tell a mix."""
    return session.edit(
        notes=f"notes {tag}",
        skills=tuple(f"{tag}/skill{i}" for i in range(8)),
        interests=tuple((area, 1 + len(tag) % 5) for area in ("Realistic", "Social", "Conventional")),
        shortlist=tuple(
            ShortlistEntry(f"{tag}/role{i}", f"reason {tag}", tuple((f"{tag}/gap{j}", f"action {tag}") for j in range(3)))
            for i in range(4)
        ),
    )


def _check_whole(session: Session) -> str | None:
    tag = session.notes.removeprefix("notes ")
    parts = [
        *(s.rsplit("/", 1)[0] for s in session.skills),
        *(e.role_id.rsplit("/", 1)[0] for e in session.shortlist),
        *(e.reason.removeprefix("reason ") for e in session.shortlist),
        *(skill.rsplit("/", 1)[0] for e in session.shortlist for skill, _ in e.next_actions),
        *(action.removeprefix("action ") for e in session.shortlist for _, action in e.next_actions),
    ]
    if len(session.skills) != 8 or len(session.shortlist) != 4 or any(len(e.next_actions) != 3 for e in session.shortlist):
        return f"incomplete session: {session}"
    if any(p != tag for p in parts) or {v for _, v in session.interests} != {1 + len(tag) % 5}:
        return f"mixed session: {session}"
    return None


def _writer(path: str, shared_id: str, writer: int) -> tuple[int, int, str]:
    """Update the shared session UPDATES times (retrying on conflict) and create own sessions."""
    store = SessionStore(Path(path))
    done = conflicts = 0
    own = store.create(f"writer {writer}")
    while done < UPDATES:
        current = store.get(shared_id)
        try:
            store.save(_tagged(current, f"w{writer}-{done}"))
        except SessionConflictError:
            conflicts += 1
            continue
        done += 1
        own = store.save(_tagged(own, f"own{writer}-{done}"))
    return done, conflicts, own.id


def _reader(path: str, stop: str, deadline: float) -> tuple[int, list[str]]:
    store = SessionStore(Path(path))
    reads, problems = 0, []
    while not os.path.exists(stop) and time.monotonic() < deadline:
        for summary in store.list_sessions():
            session = store.get(summary.id)
            if session.revision > 1:  # the first revision of a writer's own session is empty
                problem = _check_whole(session)
                if problem:
                    problems.append(problem)
            reads += 1
    return reads, problems


def test_parallel_writers_never_corrupt_or_expose_half_written_sessions(store, tmp_path):
    shared = store.save(_tagged(Session(alias="shared"), "start"))
    stop = tmp_path / "stop-reading"
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS + 2) as pool:
        deadline = time.monotonic() + 120
        readers = [pool.apply_async(_reader, (str(store.path), str(stop), deadline)) for _ in range(2)]
        writers = [pool.apply_async(_writer, (str(store.path), shared.id, w)) for w in range(WRITERS)]
        results = [w.get(timeout=120) for w in writers]
        stop.touch()
        deadline_reached = [r.get(timeout=120) for r in readers]
    assert all(done == UPDATES for done, _, _ in results)
    problems = [p for _, ps in deadline_reached for p in ps]
    assert problems == []
    assert all(reads > 0 for reads, _ in deadline_reached)
    final = store.get(shared.id)
    # every successful update bumped the revision exactly once: no lost update
    assert final.revision == 1 + WRITERS * UPDATES
    assert _check_whole(final) is None
    for _, _, own_id in results:
        own = store.get(own_id)
        assert own.revision == 1 + UPDATES and _check_whole(own) is None
    assert len(store.list_sessions()) == 1 + WRITERS
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute("SELECT COUNT(*) FROM shortlist WHERE session_id NOT IN (SELECT id FROM sessions)").fetchone()
        assert orphans == (0,)
    if os.environ.get("SKILLGRAPH_TEST_VERBOSE"):
        print("conflicts per writer:", [c for _, c, _ in results])
