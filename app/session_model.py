"""What a counselling session is, independent of where it is stored.

- :class:`Session` — one client's session: alias, current role, skill profile, interest
  answers (RIASEC, 1–5), notes and a shortlist of up to :data:`MAX_SHORTLIST` roles, each
  with the reason it was chosen, a next action per skill gap and the gaps the counsellor
  marked "not relevant";
- :class:`Draft` — the working copy of one browser session (everything above, saved as it
  is typed, even before the counsellor gives it an alias), linked to the saved session it
  was opened from, if any;
- :func:`validate` — the limits every store enforces before writing anything (stated in
  the app next to each field: :data:`MAX_ALIAS`, :data:`MAX_NOTES`, :data:`MAX_TEXT`);
- :func:`session_to_dict` / :func:`session_from_dict` — the plain-JSON form shared by the
  drafts and the export files;
- :class:`SessionStoreBase` — the interface both stores implement (SQLite: one private
  file; PostgreSQL: shared by several app machines), with the same transactions, conflict
  detection and "delete everything".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from skillgraph.graph.errors import InvalidArgumentError, SkillgraphError
from skillgraph.graph.model import INTEREST_AREAS

__all__ = [
    "MAX_SHORTLIST",
    "MAX_ALIAS",
    "MAX_NOTES",
    "MAX_TEXT",
    "MAX_SKILLS",
    "DRAFT_DAYS",
    "ShortlistEntry",
    "Session",
    "SessionSummary",
    "Draft",
    "SessionStoreError",
    "SessionNotFoundError",
    "SessionConflictError",
    "DraftGoneError",
    "SessionStoreBase",
    "validate",
    "session_to_dict",
    "session_from_dict",
    "content_digest",
    "new_draft_id",
    "now",
]

MAX_SHORTLIST = 5
MAX_ALIAS = 80
MAX_NOTES = 20_000
MAX_TEXT = 2_000  # a reason, a next action, an id
MAX_SKILLS = 20_000  # more than ESCO has (13,896): a profile is never cut short
#: Drafts nobody touched for this many days are removed (they hold a client's profile).
DRAFT_DAYS = 30


class SessionStoreError(SkillgraphError):
    """The sessions store cannot be used (unreadable file, newer schema, server down)."""


class SessionNotFoundError(SkillgraphError, LookupError):
    """No saved session has this id."""


class SessionConflictError(SkillgraphError):
    """Someone saved the session after it was opened; reopen it to see their changes."""


class DraftGoneError(SkillgraphError, LookupError):
    """The draft was removed ("Delete everything", or it expired) while this tab held it."""


@dataclass(frozen=True)
class ShortlistEntry:
    """A role on the shortlist: why it was chosen, a next action per skill gap, and the
    gaps the counsellor marked as not relevant for this client."""

    role_id: str
    reason: str = ""
    next_actions: tuple[tuple[str, str], ...] = ()  # (skill id, action) in the counsellor's order
    dismissed: tuple[str, ...] = ()  # gap skill ids marked "not relevant"

    @property
    def actions(self) -> dict[str, str]:
        return dict(self.next_actions)


@dataclass(frozen=True)
class Session:
    """One client's session. ``id`` is '' until the session is first saved."""

    alias: str
    current_role: str = ""
    skills: tuple[str, ...] = ()
    interests: tuple[tuple[str, int], ...] = ()  # (RIASEC area, 1–5), in RIASEC order
    notes: str = ""
    shortlist: tuple[ShortlistEntry, ...] = ()
    id: str = ""
    created_at: str = ""
    updated_at: str = ""
    revision: int = 0

    @property
    def interest_answers(self) -> dict[str, int]:
        return dict(self.interests)

    def edit(self, **changes) -> Session:
        """A copy with some fields changed (same id and revision: save it to store it)."""
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        """Nothing worth keeping yet (no alias, role, skill, answer, note or shortlist)."""
        return not (
            self.alias.strip() or self.current_role or self.skills or self.interests or self.notes.strip() or self.shortlist
        )


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A line of the sessions list."""

    id: str
    alias: str
    current_role: str
    shortlisted: int
    skills: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Draft:
    """The working copy of one browser session.

    ``session`` holds the work as it is now; its ``id`` and ``revision`` name the saved
    session it was opened from (or '' and 0). ``saved_digest`` is the content digest of
    that saved version, so :attr:`unsaved` tells whether there is work the named session
    does not have yet. ``revision`` counts the draft's own writes.
    """

    id: str
    session: Session
    saved_digest: str = ""
    updated_at: str = ""
    revision: int = 0

    @property
    def unsaved(self) -> bool:
        """True when the draft holds work that is not in a saved session."""
        if not self.session.id:
            return not self.session.is_empty
        return content_digest(self.session) != self.saved_digest


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def new_draft_id() -> str:
    """An unguessable id: it is the only key to the draft, and it sits in the page address."""
    return secrets.token_urlsafe(16)


def _check_text(name: str, value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{name} must be text, got {type(value).__name__}")
    if len(value) > limit:
        raise InvalidArgumentError(f"{name} is {len(value):,} characters long; at most {limit:,} are kept")
    return value


def validate(session: Session, *, draft: bool = False) -> Session:
    """``session`` checked against the limits (InvalidArgumentError naming the field) and
    normalised: alias stripped, duplicate skills dropped, interests in RIASEC order.

    A draft may have no alias yet; a saved session needs one.
    """
    alias = _check_text("The client alias", session.alias, MAX_ALIAS).strip()
    if not alias and not draft:
        raise InvalidArgumentError("Give the client an alias (initials or a nickname; no real name is needed)")
    _check_text("The counsellor notes", session.notes, MAX_NOTES)
    _check_text("The current role", session.current_role, MAX_TEXT)
    if len(session.skills) > MAX_SKILLS:
        raise InvalidArgumentError(f"A profile holds at most {MAX_SKILLS:,} skills, got {len(session.skills):,}")
    skills = tuple(dict.fromkeys(_check_text("A skill id", s, MAX_TEXT) for s in session.skills))
    interests = []
    seen = set()
    for pair in session.interests:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InvalidArgumentError(f"An interest answer must be (area, 1–5), got {pair!r}")
        area, value = pair
        if area not in INTEREST_AREAS:
            raise InvalidArgumentError(f"Unknown interest area {area!r}; use one of {', '.join(INTEREST_AREAS)}")
        if area in seen:
            raise InvalidArgumentError(f"Interest area {area} is answered twice")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise InvalidArgumentError(f"The answer for {area} must be 1–5, got {value!r}")
        seen.add(area)
        interests.append((area, value))
    interests.sort(key=lambda t: INTEREST_AREAS.index(t[0]))
    if len(session.shortlist) > MAX_SHORTLIST:
        raise InvalidArgumentError(f"A shortlist holds at most {MAX_SHORTLIST} roles, got {len(session.shortlist)}")
    roles = [e.role_id for e in session.shortlist]
    if len(set(roles)) != len(roles):
        raise InvalidArgumentError("A role appears twice on the shortlist")
    entries = []
    for entry in session.shortlist:
        _check_text("A shortlisted role", entry.role_id, MAX_TEXT)
        if not entry.role_id:
            raise InvalidArgumentError("A shortlisted role has no id")
        if session.current_role and entry.role_id == session.current_role:
            raise InvalidArgumentError("The current role cannot be on its own shortlist")
        _check_text("A reason", entry.reason, MAX_TEXT)
        for skill_id, action in entry.next_actions:
            _check_text("A skill id", skill_id, MAX_TEXT)
            _check_text("A next action", action, MAX_TEXT)
        for skill_id in entry.dismissed:
            _check_text("A skill id", skill_id, MAX_TEXT)
        entries.append(
            replace(
                entry,
                next_actions=tuple((s, a) for s, a in dict(entry.next_actions).items() if a.strip()),
                dismissed=tuple(dict.fromkeys(entry.dismissed)),
            )
        )
    return replace(session, alias=alias, skills=skills, interests=tuple(interests), shortlist=tuple(entries))


# -- plain JSON ---------------------------------------------------------------------------------------

_CONTENT_KEYS = ("alias", "current_role", "skills", "interests", "notes", "shortlist")


def session_to_dict(session: Session) -> dict[str, Any]:
    """The content of ``session`` as plain JSON values (no id, times or revision)."""
    return {
        "alias": session.alias,
        "current_role": session.current_role,
        "skills": list(session.skills),
        "interests": {area: value for area, value in session.interests},
        "notes": session.notes,
        "shortlist": [
            {
                "role_id": e.role_id,
                "reason": e.reason,
                "actions": [{"skill_id": s, "action": a} for s, a in e.next_actions],
                "not_relevant": list(e.dismissed),
            }
            for e in session.shortlist
        ],
    }


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InvalidArgumentError(f"{where} must be {_JSON_NAMES.get(names, names)}, got {type(value).__name__}")
    return value


_JSON_NAMES = {"str": "text", "list": "a list", "dict": "an object", "int": "a whole number"}


def session_from_dict(data: Any, *, where: str = "the session") -> Session:
    """A :class:`Session` from :func:`session_to_dict`'s form; every field is required and
    checked for its type (InvalidArgumentError saying which field and what was expected)."""
    _expect(data, dict, where)
    missing = [k for k in _CONTENT_KEYS if k not in data]
    if missing:
        raise InvalidArgumentError(f"{where} lacks the field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    skills = [_expect(s, str, f"skills[{i}]") for i, s in enumerate(_expect(data["skills"], list, "skills"))]
    interests = _expect(data["interests"], dict, "interests")
    shortlist = []
    for i, item in enumerate(_expect(data["shortlist"], list, "shortlist")):
        at = f"shortlist[{i}]"
        _expect(item, dict, at)
        if "role_id" not in item:
            raise InvalidArgumentError(f"{at} lacks the field role_id")
        actions = []
        for j, a in enumerate(_expect(item.get("actions", []), list, f"{at}.actions")):
            _expect(a, dict, f"{at}.actions[{j}]")
            if "skill_id" not in a or "action" not in a:
                raise InvalidArgumentError(f"{at}.actions[{j}] needs skill_id and action")
            actions.append(
                (
                    _expect(a["skill_id"], str, f"{at}.actions[{j}].skill_id"),
                    _expect(a["action"], str, f"{at}.actions[{j}].action"),
                )
            )
        dismissed = [
            _expect(s, str, f"{at}.not_relevant[{j}]")
            for j, s in enumerate(_expect(item.get("not_relevant", []), list, f"{at}.not_relevant"))
        ]
        shortlist.append(
            ShortlistEntry(
                _expect(item["role_id"], str, f"{at}.role_id"),
                _expect(item.get("reason", ""), str, f"{at}.reason"),
                tuple(actions),
                tuple(dismissed),
            )
        )
    return Session(
        alias=_expect(data["alias"], str, "alias"),
        current_role=_expect(data["current_role"], str, "current_role"),
        skills=tuple(skills),
        interests=tuple((str(a), v) for a, v in interests.items()),
        notes=_expect(data["notes"], str, "notes"),
        shortlist=tuple(shortlist),
    )


def content_digest(session: Session) -> str:
    """A digest of what the counsellor entered (not of ids, times or revisions)."""
    payload = json.dumps(session_to_dict(session), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def draft_payload(draft: Draft) -> str:
    """What a store keeps of a draft: its content and the saved session it belongs to."""
    s = draft.session
    return json.dumps(
        {
            "session": session_to_dict(s),
            "saved_id": s.id,
            "saved_revision": s.revision,
            "saved_created_at": s.created_at,
            "saved_updated_at": s.updated_at,
            "saved_digest": draft.saved_digest,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def draft_from_payload(draft_id: str, payload: str, updated_at: str, revision: int) -> Draft:
    data = json.loads(payload)
    session = session_from_dict(data["session"]).edit(
        id=data.get("saved_id", ""),
        revision=int(data.get("saved_revision", 0)),
        created_at=data.get("saved_created_at", ""),
        updated_at=data.get("saved_updated_at", ""),
    )
    return Draft(draft_id, session, data.get("saved_digest", ""), updated_at, revision)


def _conflict(alias: str, stored: int, yours: int) -> SessionConflictError:
    return SessionConflictError(
        f"Session {alias!r} was changed by someone else since it was opened "
        f"(revision {stored}, yours {yours}); reopen it and apply your changes again"
    )


# -- the interface ------------------------------------------------------------------------------------


@dataclass
class SessionStoreBase(ABC):
    """Saved sessions and drafts. Both implementations give the same guarantees:

    * every write is one transaction (a session with its skills, interests, shortlist and
      actions together), every read one consistent snapshot: nobody ever sees half of
      someone else's save;
    * saving an edit made from an older revision raises :class:`SessionConflictError`
      instead of silently overwriting the other person's work;
    * :meth:`delete_all` removes every session and every draft at once, atomically with
      respect to writers: a save running at the same time either lands before (and is
      deleted) or after (into an empty store), never into a broken one.
    """

    kind: str = field(default="", init=False)  # "SQLite" | "PostgreSQL"

    # -- sessions ---------------------------------------------------------------------------------
    @abstractmethod
    def list_sessions(self) -> list[SessionSummary]:
        """Every saved session, most recently updated first."""

    @abstractmethod
    def get(self, session_id: str) -> Session:
        """The saved session ``session_id`` (SessionNotFoundError if there is none)."""

    @abstractmethod
    def save(self, session: Session) -> Session:
        """Store ``session`` and return it as stored (with id, times and the new revision).

        A session without id is created; one with an id replaces the stored version,
        which must still be at ``session.revision`` (else SessionConflictError).
        """

    @abstractmethod
    def delete(self, session_id: str) -> None:
        """Delete one session (SessionNotFoundError if there is none)."""

    @abstractmethod
    def delete_all(self) -> list[str]:
        """Remove every session and draft; returns what was removed, in words or paths."""

    @abstractmethod
    def location(self) -> str:
        """Where the sessions are, for people (never a password)."""

    def create(
        self,
        alias: str,
        *,
        current_role: str = "",
        skills: Sequence[str] = (),
        interests: Mapping[str, int] | None = None,
        notes: str = "",
        shortlist: Sequence[ShortlistEntry] = (),
    ) -> Session:
        """Create and store a new session."""
        return self.save(
            Session(
                alias=alias,
                current_role=current_role,
                skills=tuple(skills),
                interests=tuple((interests or {}).items()),
                notes=notes,
                shortlist=tuple(shortlist),
            )
        )

    # -- drafts -----------------------------------------------------------------------------------
    @abstractmethod
    def get_draft(self, draft_id: str) -> Draft | None:
        """The draft ``draft_id``, or None when there is none (never created, deleted, expired)."""

    @abstractmethod
    def save_draft(self, draft: Draft) -> Draft:
        """Store ``draft`` (created when its revision is 0) and return it with the new revision.

        A draft with a revision that is no longer stored raises :class:`DraftGoneError`
        (everything was deleted meanwhile: the tab must not bring the data back).
        """

    @abstractmethod
    def delete_draft(self, draft_id: str) -> None:
        """Forget one draft (nothing happens if there is none)."""
