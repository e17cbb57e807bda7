"""The session brief's content: :func:`build_brief` gathers everything from a saved
:class:`skillgraph.app.sessions.Session` and the store — the client's skill profile and
interests, each shortlisted role with the skills it shares with the client (the reasons),
the gaps with a next action for each, the viable pathways from the current role, the fit
(skills and interests apart) and the data versions with their attributions — into one
:class:`Brief` that every renderer lays out.

The client's skills are the skills saved in the session; when none were saved, those of
the current role (everything it lists, as the engine's coverage counts them). A gap is an
essential requirement of a shortlisted role that is not among the client's skills and that
the counsellor did not mark "not relevant"; it is *related* when the client has a concept
of the same skill group or one broader/narrower step away.

Gaps are ranked so the few that matter most come first (:attr:`BriefRole.top_gaps`, 3–5):
gaps with no related skill before related ones (a related skill probably covers much of
it), specific ones (occupation- or sector-specific) before transferable ones, then the
role's own order. A gap's next action is the counsellor's when one was saved, otherwise a
suggestion from :func:`suggested_action` that names the kind of step — a course, on the
job, a certificate, or, when a related skill already implies it, showing it — marked as a
suggestion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from skillgraph.app.sessions import Session
from skillgraph.graph.errors import InvalidArgumentError, SkillgraphError
from skillgraph.graph.model import INTEREST_AREAS, JOB_ZONE_NAMES, NodeKind, Source
from skillgraph.graph.store import GraphStore
from skillgraph.queries.explain import OccupationRef, compare_held, pair_score, related_for
from skillgraph.queries.fit import holland_code, interest_part, normalise_answers, role_interests
from skillgraph.queries.pathways import CareerPath, explain_no_route, paths_from_profile, progression_paths
from skillgraph.queries.profile import Requirement
from skillgraph.queries.similar_roles import viability_threshold
from skillgraph.queries.thresholds import realistic_move

__all__ = [
    "ATTRIBUTIONS",
    "MIN_SHORTLIST",
    "SkillItem",
    "BriefGap",
    "BriefRole",
    "Brief",
    "build_brief",
    "suggested_action",
    "TOP_GAPS",
]

#: Attribution lines every brief carries (title, text).
ATTRIBUTIONS: tuple[tuple[str, str], ...] = (
    (
        "ESCO",
        "This product uses the ESCO classification of the European Commission. © European Union. "
        "Free reuse with attribution (Commission Decision 2011/833/EU).",
    ),
    (
        "O*NET",
        "This brief includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
        "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a "
        "trademark of USDOL/ETA. skillgraph has modified the information (combined it with ESCO and derived "
        "similarity scores); USDOL/ETA has not approved, endorsed, or tested these modifications.",
    ),
    (
        "ESCO–O*NET crosswalk",
        "Mapping Career Causeways crosswalk, © 2021 Nesta, MIT License; O*NET-SOC 2010 to 2019 crosswalk, "
        "O*NET Resource Center, CC BY 4.0.",
    ),
)

MIN_SHORTLIST = 3
#: At most this many gaps per role lead; the rest are listed briefly.
TOP_GAPS = 5
_SPECIFICITY = {"occupation-specific": 0, "sector-specific": 1, "cross-sector": 2, "transversal": 3}
_CERTIFIED = ("certif", "licen", "first aid", "hygiene", "safety", "legislation", "law", "regulation", "forklift")
_TOOLS = ("use ", "operate ", "software", "system", "spreadsheet", "database")


@dataclass(frozen=True, slots=True)
class SkillItem:
    """A skill of the client's profile."""

    id: str
    label: str
    kind: str  # Skill | Knowledge | '' when the id is not in the loaded data


@dataclass(frozen=True, slots=True)
class BriefGap:
    """A missing essential requirement of a shortlisted role and what to do about it."""

    requirement: Requirement
    related: tuple[str, ...]  # labels of the client's related skills ('' → none)
    action: str
    action_is_suggestion: bool  # True: from suggested_action, False: the counsellor's
    step: str = "on-the-job"  # course | on-the-job | certificate | evidence (the kind of step suggested)


@dataclass(frozen=True)
class BriefRole:
    """One shortlisted role."""

    occupation: OccupationRef
    reason: str  # the counsellor's words
    shared: tuple[Requirement, ...]  # its essential requirements the client has
    gaps: tuple[BriefGap, ...]
    essential_count: int
    similarity: float | None  # current role → this role (None without a current role)
    viable: bool | None
    paths: tuple[CareerPath, ...]
    path_note: str  # why there is no path, when there is none
    interest_part: float | None
    interest_source: str  # O*NET title the interest profile comes from
    role_code: str  # Holland code of the role
    coverage: float | None = None  # share of its essentials the client brings, related skills partly
    dismissed: int = 0  # gaps the counsellor marked not relevant (left out of ``gaps``)

    @property
    def top_gaps(self) -> tuple[BriefGap, ...]:
        """The 3–5 gaps that matter most: no related skill yet, most specific first."""
        open_ = [g for g in self.gaps if not g.related][:TOP_GAPS]
        if len(open_) < MIN_SHORTLIST:
            open_ += [g for g in self.gaps if g.related][: MIN_SHORTLIST - len(open_)]
        return tuple(open_)

    @property
    def other_gaps(self) -> tuple[BriefGap, ...]:
        top = {g.requirement.id for g in self.top_gaps}
        return tuple(g for g in self.gaps if g.requirement.id not in top)

    @property
    def steps(self) -> int | None:
        """Steps of the cheapest viable path (None when there is none)."""
        return len(self.paths[0].steps) if self.paths else None


@dataclass(frozen=True)
class Brief:
    """Everything a brief shows (see the module docstring)."""

    alias: str
    session_id: str
    created_at: str
    updated_at: str
    generated_at: str
    current_role: OccupationRef | None
    current_role_zone: str
    skills: tuple[SkillItem, ...]
    skills_from_role: bool  # True when the session saved no skills and the role's are used
    interests: tuple[tuple[str, int], ...]
    person_code: str
    notes: str
    roles: tuple[BriefRole, ...]
    versions: tuple[tuple[str, str], ...]
    threshold: float
    attributions: tuple[tuple[str, str], ...] = ATTRIBUTIONS

    @property
    def strengths(self) -> tuple[str, ...]:
        """The client's skills most shortlisted roles ask for (what to lead with)."""
        counts: dict[str, int] = {}
        order: dict[str, int] = {}
        for role in self.roles:
            for r in role.shared:
                counts[r.label] = counts.get(r.label, 0) + 1
                order.setdefault(r.label, len(order))
        return tuple(sorted(counts, key=lambda label: (-counts[label], order[label])))

    @property
    def shortlist_note(self) -> str:
        """A reminder when the shortlist is shorter than the recommended 3–5 roles."""
        if len(self.roles) >= MIN_SHORTLIST:
            return ""
        return f"The shortlist has {len(self.roles)} role{'s' if len(self.roles) != 1 else ''}; 3–5 are recommended."


def suggested_action(item: Requirement, role_label: str, related: tuple[str, ...] = ()) -> tuple[str, str]:
    """A first next action for a gap, for the counsellor to confirm or replace: (kind of
    step, sentence). The kinds: ``course``, ``on-the-job``, ``certificate`` and — when the
    client has a related skill, so the basics are there — ``evidence`` (show it, rather
    than practise it from scratch).
    """
    label = item.label.lower()
    if related:
        near = ", ".join(f"“{r}”" for r in related[:2])
        return "evidence", f"Probably covered by {near}: note one example from work that shows “{item.label}”."
    if any(word in label for word in _CERTIFIED):
        return "certificate", f"A recognised short course in “{item.label}” that ends with a certificate."
    if item.kind == NodeKind.KNOWLEDGE:
        return "course", f"A short course in “{item.label}” (evening class or online), then use it in one piece of work."
    if any(word in label for word in _TOOLS):
        return "course", f"A practical course in “{item.label}” (a few days), then use it in the current job."
    if item.reuse_level in ("transversal", "cross-sector"):
        return "on-the-job", f"Take on a task in the current job that needs “{item.label}”, and note the result for the CV."
    return "on-the-job", f"Learn “{item.label}” on the job: shadow someone working as {role_label}, a placement or a trial day."


_AGAIN = {
    "on-the-job": "On the job too: part of the same shadowing, placement or trial day as above.",
    "on-the-job-task": "In the current job too: a task that needs it, noted for the CV.",
    "course": "A course too: often covered by the same one as above.",
}


def _repeat_less(gaps: list[BriefGap]) -> list[BriefGap]:
    """The same suggestion spelled out once per role; later gaps of that kind refer to it."""
    seen: set[str] = set()
    out = []
    for gap in gaps:
        kind = gap.step + ("-task" if gap.action.startswith("Take on a task") else "")
        if gap.action_is_suggestion and kind in _AGAIN and kind in seen:
            gap = BriefGap(gap.requirement, gap.related, _AGAIN[kind], True, gap.step)
        elif gap.action_is_suggestion:
            seen.add(kind)
        out.append(gap)
    return out


def _rank(gaps: list[BriefGap]) -> list[BriefGap]:
    """The counsellor's own actions first, then gaps without a related skill, the most
    specific first, then the role's own order."""
    return sorted(
        gaps,
        key=lambda g: (g.action_is_suggestion, bool(g.related), _SPECIFICITY.get(g.requirement.reuse_level or "", 1.5)),
    )


def build_brief(store: GraphStore, session: Session, *, paths: int = 2, max_steps: int = 4) -> Brief:
    """Gather the brief of ``session`` from ``store``.

    Raises InvalidArgumentError when the session has no shortlist, and
    UnknownOccupationError when a saved role is not in the loaded data.
    """
    from skillgraph.queries.search import check_occupation_ids

    if not session.shortlist:
        raise InvalidArgumentError(f"Session {session.alias!r} has no shortlisted role yet; shortlist 3–5 roles first")
    role_ids = [e.role_id for e in session.shortlist]
    ids = ([session.current_role] if session.current_role else []) + role_ids
    props = check_occupation_ids(store, ids)
    current = OccupationRef.from_props(props[session.current_role]) if session.current_role else None
    requirements = store.requirements(ids)

    if session.skills:
        found = store.nodes(session.skills)
        skills = tuple(
            SkillItem(s, found[s]["label"], found[s].get("kind", ""))
            if s in found
            else SkillItem(s, "(a skill not in the loaded data)", "")
            for s in session.skills
        )
        has = {s.id for s in skills if s.kind}
        from_role = False
    elif current is not None:
        rows = requirements.get(current.id, [])
        if current.source == Source.ONET:
            rows = [r for r in rows if r["relation"] == "essential"]
        skills = tuple(SkillItem(r["id"], r["label"], r["kind"]) for r in rows)
        has = {s.id for s in skills}
        from_role = True
    else:
        skills, has, from_role = (), set(), False

    answers = normalise_answers(session.interest_answers) if session.interests else {}
    threshold = viability_threshold(store, current.source if current else Source.ESCO)
    related = related_for(store, [requirements.get(role_id, []) for role_id in role_ids], has)
    labels = {s.id: s.label for s in skills}

    roles = []
    for entry in session.shortlist:
        ref = OccupationRef.from_props(props[entry.role_id])
        comparison = compare_held(has, labels, requirements.get(entry.role_id, []), related)
        actions = entry.actions
        dismissed = set(entry.dismissed)
        shared = comparison.shared_essential
        near = {n.requirement.id: n.related for n in comparison.near_matches}
        gaps = []
        for item in comparison.missing_essential:
            if item.id in dismissed:
                continue
            own = actions.get(item.id, "").strip()
            step, suggestion = suggested_action(item, ref.label, near.get(item.id, ()))
            gaps.append(BriefGap(item, near.get(item.id, ()), own or suggestion, not own, step))
        gaps = _repeat_less(_rank(gaps))
        found_paths: tuple[CareerPath, ...] = ()
        note = ""
        try:
            if current is not None:
                found_paths = progression_paths(store, current.id, ref.id, k=paths, max_steps=max_steps)
                if not found_paths:
                    note = explain_no_route(store, current.id, ref.id, max_steps=max_steps).reason
            elif has:
                found_paths = paths_from_profile(
                    store, sorted(has), ref.id, k=paths, max_steps=max_steps, label="the client's skills"
                )
                if not found_paths:
                    note = f"No route of at most {max_steps} realistic moves from the client's skills."
            else:
                note = "No current role or skills saved, so no route."
        except SkillgraphError as e:
            note = str(e)
        similarity = pair_score(store, current.id, ref.id) if current else None
        coverage = comparison.coverage
        scores, _, title = role_interests(store, ref.id, props[ref.id])
        roles.append(
            BriefRole(
                occupation=ref,
                reason=entry.reason,
                shared=shared,
                gaps=tuple(gaps),
                essential_count=comparison.target_essential_count,
                similarity=similarity,
                viable=(
                    realistic_move(store, current.job_zone, ref.job_zone, ref.source, similarity, coverage)
                    if similarity is not None and current is not None
                    else None
                ),
                paths=found_paths,
                path_note=note,
                interest_part=interest_part(answers, scores) if (answers and scores) else None,
                interest_source=title if scores else "",
                role_code=holland_code(scores) if scores else "",
                coverage=coverage,
                dismissed=sum(1 for r in comparison.missing_essential if r.id in dismissed),
            )
        )
    zone = ""
    if current is not None and current.job_zone:
        zone = f"job zone {current.job_zone} – {JOB_ZONE_NAMES.get(current.job_zone, '')}"
    ranked = sorted(((v, -INTEREST_AREAS.index(a), a) for a, v in answers.items() if v >= 4), reverse=True)
    meta = store.meta()
    return Brief(
        alias=session.alias,
        session_id=session.id,
        created_at=session.created_at,
        updated_at=session.updated_at,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        current_role=current,
        current_role_zone=zone,
        skills=skills,
        skills_from_role=from_role,
        interests=tuple(answers.items()),
        person_code="".join(a[0] for _, _, a in ranked[:3]),
        notes=session.notes,
        roles=tuple(roles),
        versions=tuple((k, str(v)) for k, v in meta.versions.items()),
        threshold=threshold,
    )
