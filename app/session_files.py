"""One session as a portable, versioned JSON file — to move a client's session to another
machine or keep a backup (``skillgraph sessions export/import``, and the same buttons in the
app).

The file::

    {
      "format": "skillgraph-session",
      "version": 1,
      "exported_at": "2026-12-01T10:00:00+00:00",
      "data_versions": {"ESCO": "1.1.1", "O*NET": "29.3"},
      "session": {
        "alias": "K.M.", "current_role": "<occupation id>", "skills": ["<skill id>", …],
        "interests": {"Social": 4, …}, "notes": "…",
        "shortlist": [{"role_id": "…", "reason": "…",
                       "actions": [{"skill_id": "…", "action": "…"}], "not_relevant": ["<skill id>"]}]
      }
    }

Reading checks everything before anything is stored: the format name and version (a file
from a newer skillgraph is refused with a message saying so), every field and its type,
the limits of :func:`skillgraph.app.session_model.validate`, and — given the graph store —
that every role and skill id is in the loaded data. A file with any problem is refused as
a whole with a message listing the problems; an accepted file becomes a new session in one
transaction, so nothing is ever half imported.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from skillgraph.app.session_model import (
    Session,
    SessionStoreBase,
    now,
    session_from_dict,
    session_to_dict,
    validate,
)
from skillgraph.graph.errors import InvalidArgumentError, OutputError
from skillgraph.graph.model import NodeKind
from skillgraph.graph.store import GraphStore

__all__ = [
    "FORMAT",
    "FILE_VERSION",
    "MAX_FILE_BYTES",
    "SessionFileError",
    "session_to_json",
    "session_from_json",
    "import_session",
    "write_private",
]

FORMAT = "skillgraph-session"
FILE_VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024


class SessionFileError(InvalidArgumentError):
    """A session file that cannot be imported; the message says why (nothing was stored)."""


def session_to_json(session: Session, *, versions: dict[str, str] | None = None) -> str:
    """``session`` as the export file's text (see the module docstring)."""
    document = {
        "format": FORMAT,
        "version": FILE_VERSION,
        "exported_at": now(),
        "data_versions": dict(versions or {}),
        "session": session_to_dict(validate(session, draft=True)),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def session_from_json(text: str | bytes, store: GraphStore | None = None) -> Session:
    """The session in an export file, fully checked (SessionFileError otherwise).

    With ``store``, every role and skill id must be in the loaded data.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise SessionFileError(
                f"The file is {len(text) / 1e6:.1f} MB; a session file is at most {MAX_FILE_BYTES // 1_000_000} MB"
            )
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise SessionFileError(f"This is not a skillgraph session file (not UTF-8 text: {e.reason} at byte {e.start})") from e
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as e:
        raise SessionFileError(
            f"This is not a skillgraph session file (not JSON: {e.msg} at line {e.lineno}, column {e.colno})"
        ) from e
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SessionFileError(f'This is not a skillgraph session file (its "format" is not {FORMAT!r})')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SessionFileError(f'The session file has no valid "version" (got {version!r}); expected {FILE_VERSION}')
    if version > FILE_VERSION:
        raise SessionFileError(
            f"The session file is version {version}, written by a newer skillgraph; this one reads version {FILE_VERSION}. "
            "Update skillgraph to import it"
        )
    if version < 1:
        raise SessionFileError(f"The session file version {version} is not one skillgraph ever wrote; expected {FILE_VERSION}")
    if "session" not in document:
        raise SessionFileError("The session file lacks the field session")
    try:
        session = validate(session_from_dict(document["session"]), draft=False)
    except InvalidArgumentError as e:
        raise SessionFileError(f"The session file cannot be imported: {e}") from e
    if store is not None:
        _check_ids(store, session)
    return session


def _check_ids(store: GraphStore, session: Session) -> None:
    roles = [r for r in [session.current_role, *(e.role_id for e in session.shortlist)] if r]
    skills = list(
        dict.fromkeys(
            [
                *session.skills,
                *(s for e in session.shortlist for s, _ in e.next_actions),
                *(s for e in session.shortlist for s in e.dismissed),
            ]
        )
    )
    found = store.nodes(list(dict.fromkeys(roles + skills)))
    problems = []
    bad_roles = [r for r in roles if found.get(r, {}).get("kind") != NodeKind.OCCUPATION]
    bad_skills = [s for s in skills if found.get(s, {}).get("kind") not in (NodeKind.SKILL, NodeKind.KNOWLEDGE)]
    if bad_roles:
        problems.append(f"{len(bad_roles)} role id(s) not in the loaded data: {_few(bad_roles)}")
    if bad_skills:
        problems.append(f"{len(bad_skills)} skill id(s) not in the loaded data: {_few(bad_skills)}")
    if problems:
        raise SessionFileError(
            "The session file cannot be imported: "
            + "; ".join(problems)
            + ". It may come from another ESCO or O*NET version; nothing was imported"
        )


def _few(ids: list[str], n: int = 3) -> str:
    shown = ", ".join(repr(i) for i in ids[:n])
    return shown + (f" and {len(ids) - n} more" if len(ids) > n else "")


def import_session(sessions: SessionStoreBase, text: str | bytes, store: GraphStore | None = None) -> Session:
    """Check the file (:func:`session_from_json`) and store it as a new session (one
    transaction). Returns the stored session."""
    return sessions.save(session_from_json(text, store))


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file that is readable by the user only
    (0600), renamed into place when complete and removed on any failure.

    The final file keeps the 0600 mode: it holds a client's data. An unwritable place is an
    :class:`~skillgraph.graph.errors.OutputError` naming the path and the reason.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mkstemp: mode 0600
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}; choose another --out file") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"cannot write {path}: {e.strerror or e}; choose another --out file") from e
        raise
    return path
