"""Saved sessions and drafts (app.sessions): persistence, editing, conflicts, deletion,
"delete everything", and parallel writers, readers and deleters in separate processes —
on SQLite and on PostgreSQL (``SKILLGRAPH_TEST_POSTGRES_URL``, see session_backends.py)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest
from session_backends import BACKENDS, Backend, make_store

from skillgraph.app.sessions import (
    DB_NAME,
    MAX_SHORTLIST,
    SCHEMA_VERSION,
    Draft,
    DraftGoneError,
    Session,
    SessionConflictError,
    SessionNotFoundError,
    SessionStore,
    SessionStoreError,
    ShortlistEntry,
    content_digest,
    new_draft_id,
    open_session_store,
)
from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.settings import Settings


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    """The SQLite store (for the tests about its file)."""
    return SessionStore.from_settings(Settings(home_dir=tmp_path / "home", cache_dir=tmp_path / "cache"))


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path: Path):
    b = Backend(request.param, tmp_path)
    yield b
    b.close()


@pytest.fixture
def any_store(backend):
    """Each store in turn: SQLite, then PostgreSQL."""
    return backend.store


def full_session() -> Session:
    return Session(
        alias="K.M.",
        current_role="role:developer",
        skills=("skill:a", "skill:b", "skill:a"),
        interests=(("Social", 3), ("Realistic", 1), ("Enterprising", 5)),
        notes="First meeting.\nWants more people contact.",
        shortlist=(
            ShortlistEntry(
                "role:pm", "leads projects already", (("skill:budget", "evening course"), ("skill:risk", "")), ("skill:x",)
            ),
            ShortlistEntry("role:analyst", "likes requirements work"),
        ),
    )


def test_nothing_is_written_until_the_first_save(store):
    assert store.list_sessions() == []
    assert store.get_draft("nope") is None
    assert not store.path.exists() and not store.path.parent.exists()
    with pytest.raises(SessionNotFoundError):
        store.get("abc")


def test_a_saved_session_reads_back_from_a_new_store(any_store, backend):
    saved = any_store.save(full_session())
    assert saved.id and saved.revision == 1 and saved.created_at == saved.updated_at
    again = make_store(backend.kind, backend.where).get(saved.id)
    assert again == saved
    assert again.skills == ("skill:a", "skill:b")  # duplicates dropped, order kept
    assert again.interests == (("Realistic", 1), ("Social", 3), ("Enterprising", 5))  # RIASEC order
    assert again.notes == "First meeting.\nWants more people contact."
    assert [e.role_id for e in again.shortlist] == ["role:pm", "role:analyst"]
    # empty actions are not stored; dismissed gaps are
    assert again.shortlist[0].next_actions == (("skill:budget", "evening course"),)
    assert again.shortlist[0].dismissed == ("skill:x",)
    assert again.shortlist[1].reason == "likes requirements work"


def test_the_file_is_private_and_schema_versioned(store):
    store.save(full_session())
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT value FROM schema_info WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_schema_1_file_is_upgraded_in_place(store):
    store.save(full_session())
    with sqlite3.connect(store.path) as conn:
        conn.execute("DROP TABLE drafts")
        conn.execute("DROP TABLE dismissed_gaps")
        conn.execute("UPDATE schema_info SET value = '1' WHERE key = 'schema_version'")
    (summary,) = store.list_sessions()
    assert store.get(summary.id).alias == "K.M."
    store.save_draft(Draft(new_draft_id(), Session(alias="")))


def test_a_newer_schema_is_refused(store):
    store.save(full_session())
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE schema_info SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(SessionStoreError, match="newer skillgraph"):
        store.list_sessions()


def test_update_bumps_the_revision_and_list_shows_most_recent_first(any_store):
    first = any_store.create("A.")
    second = any_store.create("B.", skills=["x"])
    time.sleep(0.01)
    edited = any_store.save(first.edit(notes="changed", shortlist=(ShortlistEntry("role:1", "why"),)))
    assert edited.revision == 2 and edited.created_at == first.created_at and edited.updated_at > first.updated_at
    listed = any_store.list_sessions()
    assert [s.alias for s in listed] == ["A.", "B."]
    assert (listed[0].shortlisted, listed[1].skills) == (1, 1)
    assert any_store.get(second.id) == second


def test_saving_a_stale_copy_is_a_conflict_not_a_silent_overwrite(any_store):
    opened_by_a = any_store.save(full_session())
    opened_by_b = any_store.get(opened_by_a.id)
    any_store.save(opened_by_a.edit(notes="A's notes"))
    with pytest.raises(SessionConflictError, match="changed by someone else"):
        any_store.save(opened_by_b.edit(notes="B's notes"))
    assert any_store.get(opened_by_a.id).notes == "A's notes"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"alias": "  "}, "alias"),
        ({"alias": "x" * 81}, "at most 80"),
        ({"notes": "x" * 20_001}, "at most 20,000"),
        ({"shortlist": (ShortlistEntry("role:1", "x" * 2_001),)}, "A reason is 2,001 characters"),
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


def test_delete_one_session(any_store):
    keep = any_store.save(full_session())
    gone = any_store.create("to delete", notes="secret words")
    any_store.delete(gone.id)
    assert [s.id for s in any_store.list_sessions()] == [keep.id]
    with pytest.raises(SessionNotFoundError):
        any_store.get(gone.id)
    with pytest.raises(SessionNotFoundError):
        any_store.delete(gone.id)


def test_a_deleted_session_leaves_no_copy_in_the_file(store):
    store.save(full_session())
    gone = store.create("to delete", notes="secret words")
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
    assert {Path(p).name for p in removed} >= {DB_NAME, DB_NAME + "-journal"}
    assert not store.path.parent.exists()
    assert store.list_sessions() == []


def test_delete_all_keeps_a_folder_that_holds_other_files(store):
    store.save(full_session())
    other = store.path.parent / "not-ours.txt"
    other.write_text("keep me")
    store.delete_all()
    assert other.exists() and not store.path.exists()
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["not-ours.txt"]  # lock files gone too


def test_delete_all_removes_drafts_and_a_tab_cannot_bring_its_draft_back(any_store):
    draft = any_store.save_draft(Draft(new_draft_id(), Session(alias="", skills=("skill:a",))))
    any_store.save(full_session())
    any_store.delete_all()
    assert any_store.list_sessions() == [] and any_store.get_draft(draft.id) is None
    with pytest.raises(DraftGoneError):
        any_store.save_draft(Draft(draft.id, draft.session.edit(notes="typed after the delete"), revision=draft.revision))
    assert any_store.get_draft(draft.id) is None
    # a new draft starts cleanly afterwards
    assert any_store.save_draft(Draft(new_draft_id(), Session(alias=""))).revision == 1


# -- drafts -----------------------------------------------------------------------------------------


def test_a_draft_keeps_everything_and_knows_what_is_unsaved(any_store):
    work = full_session().edit(alias="")  # a draft needs no alias yet
    draft = any_store.save_draft(Draft(new_draft_id(), work))
    assert draft.revision == 1 and draft.unsaved
    again = any_store.get_draft(draft.id)
    assert again.session == draft.session and again.session.shortlist[0].dismissed == ("skill:x",)
    # saved as a named session: the draft now points at it and holds nothing unsaved
    saved = any_store.save(work.edit(alias="K.M."))
    linked = any_store.save_draft(Draft(draft.id, saved, content_digest(saved), revision=again.revision))
    assert linked.revision == 2 and not linked.unsaved
    edited = Draft(linked.id, linked.session.edit(notes="more"), linked.saved_digest, revision=linked.revision)
    assert edited.unsaved
    back = any_store.save_draft(edited)
    assert any_store.get_draft(draft.id).session.id == saved.id and back.unsaved
    any_store.delete_draft(draft.id)
    assert any_store.get_draft(draft.id) is None


def test_an_empty_draft_is_not_unsaved_work():
    assert not Draft("x", Session(alias="")).unsaved
    assert Draft("x", Session(alias="", notes="n")).unsaved


def test_old_drafts_expire_when_a_new_one_is_made(store):
    old = store.save_draft(Draft(new_draft_id(), Session(alias="", notes="old")))
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE drafts SET updated_at = '2000-01-01T00:00:00+00:00' WHERE id = ?", (old.id,))
    store.save_draft(Draft(new_draft_id(), Session(alias="")))
    assert store.get_draft(old.id) is None


def test_drafts_are_bounded_like_sessions(any_store):
    with pytest.raises(InvalidArgumentError, match="at most 20,000"):
        any_store.save_draft(Draft(new_draft_id(), Session(alias="", notes="x" * 20_001)))


def test_the_environment_chooses_the_store(tmp_path):
    settings = Settings(home_dir=tmp_path / "h")
    assert isinstance(open_session_store(settings, env={}), SessionStore)
    with pytest.raises(InvalidArgumentError, match="postgresql://"):
        open_session_store(settings, env={"SKILLGRAPH_SESSIONS_URL": "mysql://u:secret@x/y"})
    try:
        open_session_store(settings, env={"SKILLGRAPH_SESSIONS_URL": "mysql://u:secret@x/y"})
    except InvalidArgumentError as e:
        assert "secret" not in str(e)


def test_an_unreachable_postgres_server_is_named_without_its_password():
    from skillgraph.app.sessions import PostgresSessionStore

    store = PostgresSessionStore("postgresql://u:hunter2@127.0.0.1:1/nowhere", connect_timeout=2)
    with pytest.raises(SessionStoreError) as e:
        store.list_sessions()
    assert "127.0.0.1:1" in str(e.value) and "hunter2" not in str(e.value) and "SKILLGRAPH_SESSIONS_URL" in str(e.value)


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


def _writer(kind: str, where: str, shared_id: str, writer: int) -> tuple[int, int, str]:
    """Update the shared session UPDATES times (retrying on conflict) and create own sessions."""
    store = make_store(kind, where)
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


def _reader(kind: str, where: str, stop: str, deadline: float) -> tuple[int, list[str]]:
    store = make_store(kind, where)
    reads, problems = 0, []
    while not os.path.exists(stop) and time.monotonic() < deadline:
        for summary in store.list_sessions():
            try:
                session = store.get(summary.id)
            except SessionNotFoundError:  # deleted between the list and the read (delete_all)
                continue
            if session.revision > 1:  # the first revision of a writer's own session is empty
                problem = _check_whole(session)
                if problem:
                    problems.append(problem)
            reads += 1
    return reads, problems


def _check_store(backend) -> None:
    """The store is whole: SQLite's integrity check, no orphan rows, and it still works."""
    if backend.kind == "sqlite":
        path = Path(backend.where)
        if path.exists():
            with sqlite3.connect(path) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
                orphans = conn.execute("SELECT COUNT(*) FROM shortlist WHERE session_id NOT IN (SELECT id FROM sessions)")
                assert orphans.fetchone() == (0,)
    else:
        import psycopg

        with psycopg.connect(backend.where) as conn:
            orphans = conn.execute(
                "SELECT COUNT(*) FROM skillgraph_shortlist WHERE session_id NOT IN (SELECT id FROM skillgraph_sessions)"
            )
            assert orphans.fetchone() == (0,)
    store = make_store(backend.kind, backend.where)
    check = store.save(_tagged(Session(alias="after"), "after"))
    assert _check_whole(store.get(check.id)) is None


def test_parallel_writers_never_corrupt_or_expose_half_written_sessions(backend, tmp_path):
    store = backend.store
    shared = store.save(_tagged(Session(alias="shared"), "start"))
    stop = tmp_path / "stop-reading"
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS + 2) as pool:
        deadline = time.monotonic() + 120
        readers = [pool.apply_async(_reader, (backend.kind, backend.where, str(stop), deadline)) for _ in range(2)]
        writers = [pool.apply_async(_writer, (backend.kind, backend.where, shared.id, w)) for w in range(WRITERS)]
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
    _check_store(backend)
    if os.environ.get("SKILLGRAPH_TEST_VERBOSE"):
        print(backend.kind, "conflicts per writer:", [c for _, c, _ in results])


# -- delete everything while others write and read ---------------------------------------------------

ROUNDS = 40
DELETES = 8


def _busy_writer(kind: str, where: str, writer: int) -> tuple[int, int]:
    """Create, update and draft sessions for ROUNDS rounds while everything may vanish."""
    store = make_store(kind, where)
    saves = vanished = 0
    draft = Draft(new_draft_id(), Session(alias=""))
    for n in range(ROUNDS):
        try:
            own = store.create(f"busy {writer}")
            for k in range(3):
                own = store.save(_tagged(own, f"b{writer}-{n}-{k}"))
                saves += 1
        except (SessionNotFoundError, SessionConflictError):
            vanished += 1  # delete_all ran between two saves
        try:
            draft = store.save_draft(Draft(draft.id, _tagged(Session(alias=""), f"d{writer}-{n}"), revision=draft.revision))
        except DraftGoneError:
            vanished += 1
            draft = Draft(new_draft_id(), Session(alias=""))
    return saves, vanished


def _deleter(kind: str, where: str, stop: str) -> int:
    store = make_store(kind, where)
    done = 0
    while done < DELETES and not os.path.exists(stop):
        store.delete_all()
        done += 1
        time.sleep(0.05)
    return done


def test_delete_everything_while_others_write_never_leaves_a_broken_store(backend, tmp_path):
    """4 writers, 2 readers and repeated "delete everything" at the same time: every
    operation either succeeds or reports that its session is gone; the store is never
    malformed and nothing half-written is ever read."""
    stop = tmp_path / "stop"
    context = multiprocessing.get_context("spawn")
    started = time.monotonic()
    with context.Pool(WRITERS + 3) as pool:
        deadline = time.monotonic() + 180
        readers = [pool.apply_async(_reader, (backend.kind, backend.where, str(stop), deadline)) for _ in range(2)]
        writers = [pool.apply_async(_busy_writer, (backend.kind, backend.where, w)) for w in range(WRITERS)]
        deleter = pool.apply_async(_deleter, (backend.kind, backend.where, str(stop)))
        written = [w.get(timeout=180) for w in writers]
        stop.touch()
        deletes = deleter.get(timeout=180)
        read = [r.get(timeout=180) for r in readers]
    problems = [p for _, ps in read for p in ps]
    assert problems == []
    assert deletes >= 1 and sum(s for s, _ in written) > 0
    _check_store(backend)
    if os.environ.get("SKILLGRAPH_TEST_VERBOSE"):
        print(
            f"{backend.kind}: {deletes} delete-alls, saves {[s for s, _ in written]}, vanished {[v for _, v in written]}, "
            f"reads {[r for r, _ in read]}, {time.monotonic() - started:.1f} s"
        )
