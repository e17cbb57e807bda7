"""The session brief's content: :func:`build_brief` gathers everything from a saved
:class:`skillgraph.app.sessions.Session` and the store — the client's skill profile and
interests, each shortlisted role with the skills it shares with the client (the reasons),
the gaps with a next action for each, the viable pathways from the current role, the fit
(skills and interests apart) and the data versions with their attributions — into one
:class:`Brief` that every renderer lays out.

The client's skills are the skills saved in the session; when none were saved, those of
the current role (everything it lists, as the engine's coverage counts them). A gap is an
essential requirement of a shortlisted role that is not among the client's skills; it is
*related* when the client has a concept of the same skill group or one broader/narrower
step away. A gap's next action is the counsellor's when one was saved, otherwise a
suggestion from :func:`suggested_action`, marked as such.
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
    def shortlist_note(self) -> str:
        """A reminder when the shortlist is shorter than the recommended 3–5 roles."""
        if len(self.roles) >= MIN_SHORTLIST:
            return ""
        return f"The shortlist has {len(self.roles)} role{'s' if len(self.roles) != 1 else ''}; 3–5 are recommended."


def suggested_action(item: Requirement, role_label: str) -> str:
    """A first next action for a gap, for the counsellor to confirm or replace.

    Knowledge is studied; transferable (transversal, cross-sector) skills are practised
    in the current job; specialised skills need targeted training or time in such a team.
    """
    if item.kind == NodeKind.KNOWLEDGE:
        return f"Learn the essentials of “{item.label}” (a short course or self-study) and use it in one piece of work."
    if item.reuse_level in ("transversal", "cross-sector"):
        return f"Practise “{item.label}” in the current job (a stretch task or volunteering) and note an example for the CV."
    return (
        f"Get hands-on practice in “{item.label}”: a targeted course, shadowing someone working as {role_label}, or a placement."
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
        shared = comparison.shared_essential
        near = {n.requirement.id: n.related for n in comparison.near_matches}
        gaps = []
        for item in comparison.missing_essential:
            own = actions.get(item.id, "").strip()
            gaps.append(BriefGap(item, near.get(item.id, ()), own or suggested_action(item, ref.label), not own))
        # Related gaps first (closest to reach), then the role's own order.
        gaps.sort(key=lambda g: (not g.related,))
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
                note = "No current role or skills saved, so no pathway."
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
