"""The session brief: what a counsellor prints or sends after preparing a session.

:func:`build_brief` gathers everything from a saved :class:`app.sessions.Session` and the
store — the client's skill profile and interests, each shortlisted role with the skills
it shares with the client (the reasons), the gaps with a next action for each, the
viable pathways from the current role, the fit (skills and interests apart) and the data
versions with their attributions. :func:`render_markdown`, :func:`render_html` and
:func:`render_pdf` lay the same :class:`Brief` out; :func:`export_brief` does both.

The client's skills are the skills saved in the session; when none were saved, those of
the current role (everything it lists, as the engine's coverage counts them). A gap is an
essential requirement of a shortlisted role that is not among the client's skills; it is
*related* when the client has a concept of the same skill group or one broader/narrower
step away. A gap's next action is the counsellor's when one was saved, otherwise a
suggestion from :func:`suggested_action`, marked as such.

The HTML is one self-contained page (inline CSS, an inline SVG picture, no script, no
external address of any kind) with every text from data or the session escaped; the PDF
embeds its font (Bitstream Vera, shipped with reportlab) so its text can be extracted.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from app.sessions import Session
from graph.errors import InvalidArgumentError, SkillgraphError
from graph.model import INTEREST_AREAS, JOB_ZONE_NAMES, NodeKind, Source
from graph.store import GraphStore
from queries.explain import OccupationRef
from queries.fit import holland_code, interest_part, normalise_answers, role_interests
from queries.pathways import CareerPath, progression_paths
from queries.profile import Requirement
from queries.similar_roles import viability_threshold

__all__ = [
    "FORMATS",
    "ATTRIBUTIONS",
    "ANSWER_LABELS",
    "SkillItem",
    "BriefGap",
    "BriefRole",
    "Brief",
    "build_brief",
    "suggested_action",
    "render_markdown",
    "render_html",
    "render_pdf",
    "export_brief",
    "write_brief",
    "brief_filename",
]

FORMATS = ("html", "pdf", "md")

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

#: What each 1–5 interest answer means.
ANSWER_LABELS = {1: "not at all", 2: "a little", 3: "somewhat", 4: "quite a lot", 5: "very much"}

#: One line on what each interest area is about (O*NET's descriptions, shortened).
AREA_HINTS = {
    "Realistic": "hands-on work with tools, machines, plants or animals",
    "Investigative": "ideas, analysis and solving problems",
    "Artistic": "creating, designing, self-expression",
    "Social": "helping, teaching and caring for people",
    "Enterprising": "leading, persuading, starting up projects",
    "Conventional": "procedures, data, order and detail",
}

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
    similarity: float | None  # current role → this role, when among its materialised similar roles
    viable: bool | None
    paths: tuple[CareerPath, ...]
    path_note: str  # why there is no path, when there is none
    interest_part: float | None
    interest_source: str  # O*NET title the interest profile comes from
    role_code: str  # Holland code of the role

    @property
    def coverage(self) -> float | None:
        return len(self.shared) / self.essential_count if self.essential_count else None

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


# -- building -----------------------------------------------------------------------------------


def suggested_action(item: Requirement, role_label: str) -> str:
    """A first next action for a gap, for the counsellor to confirm or replace.

    Knowledge is studied; transferable (transversal, cross-sector) skills are practised
    in the current job; specialised skills need targeted training or time in such a team.
    """
    if item.kind == NodeKind.KNOWLEDGE:
        return f"Learn the essentials of “{item.label}” (a short course or self-study) and use it in one piece of work."
    if item.reuse_level in ("transversal", "cross-sector"):
        return f"Practise “{item.label}” in the current job (a stretch task or volunteering) and note an example for the CV."
    return f"Get hands-on practice in “{item.label}”: a targeted course, shadowing someone working as {role_label}, or a placement."


def _date(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%d %B %Y")
    except (TypeError, ValueError):
        return stamp or "–"


def build_brief(store: GraphStore, session: Session, *, paths: int = 2, max_steps: int = 4) -> Brief:
    """Gather the brief of ``session`` from ``store``.

    Raises InvalidArgumentError when the session has no shortlist, and
    UnknownOccupationError when a saved role is not in the loaded data.
    """
    from queries.search import check_occupation_ids

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
            SkillItem(s, found[s]["label"], found[s].get("kind", "")) if s in found else SkillItem(s, "(a skill not in the loaded data)", "")
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
    similar = {e["target_id"]: e for e in store.similar(current.id)} if current else {}
    threshold = viability_threshold(store, current.source if current else Source.ESCO)
    gap_ids = {
        r["id"]
        for role_id in role_ids
        for r in requirements.get(role_id, [])
        if r["relation"] == "essential" and r["id"] not in has
    }
    related = store.related_concepts(sorted(gap_ids))
    labels = {s.id: s.label for s in skills}

    roles = []
    for entry in session.shortlist:
        ref = OccupationRef.from_props(props[entry.role_id])
        essential = [Requirement.from_row(r) for r in requirements.get(entry.role_id, []) if r["relation"] == "essential"]
        actions = entry.actions
        shared = tuple(r for r in essential if r.id in has)
        gaps = []
        for item in essential:
            if item.id in has:
                continue
            near = tuple(sorted({labels[c] for c in related.get(item.id, ()) if c in has}, key=str.lower))
            own = actions.get(item.id, "").strip()
            gaps.append(BriefGap(item, near, own or suggested_action(item, ref.label), not own))
        # Related gaps first (closest to reach), then the role's own order.
        gaps.sort(key=lambda g: (not g.related,))
        found_paths: tuple[CareerPath, ...] = ()
        note = ""
        if current is None:
            note = "No current role saved, so no pathway."
        else:
            try:
                found_paths = progression_paths(store, current.id, ref.id, k=paths, max_steps=max_steps)
            except SkillgraphError as e:
                note = str(e)
            else:
                if not found_paths:
                    note = f"No path of at most {max_steps} viable steps found."
        edge = similar.get(ref.id)
        scores, _, title = role_interests(store, ref.id, props[ref.id])
        roles.append(
            BriefRole(
                occupation=ref,
                reason=entry.reason,
                shared=shared,
                gaps=tuple(gaps),
                essential_count=len(essential),
                similarity=edge["score"] if edge else None,
                viable=(edge["score"] >= threshold) if edge else None,
                paths=found_paths,
                path_note=note,
                interest_part=interest_part(answers, scores) if (answers and scores) else None,
                interest_source=title if scores else "",
                role_code=holland_code(scores) if scores else "",
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


# -- shared wording -----------------------------------------------------------------------------


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def role_facts(ref: OccupationRef) -> str:
    """'ESCO 1330.7 · ISCO 1330 · job zone 4' (no ids: they are web addresses)."""
    parts = [ref.source]
    if ref.source == Source.ESCO:
        if ref.code:
            parts[0] += f" {ref.code}"
        if ref.isco_code:
            parts.append(f"ISCO {ref.isco_code}")
    elif ref.code:
        parts[0] += f" {ref.code}"
    if ref.job_zone:
        parts.append(f"job zone {ref.job_zone}")
    return " · ".join(parts)


def closeness(role: BriefRole) -> str:
    """How the role relates to the current one, in words."""
    if role.similarity is not None:
        verdict = "a realistic move" if role.viable else "below the viability threshold"
        return f"{pct(role.similarity)} similar to the current role ({verdict})"
    if role.steps:
        return f"not among the current role's closest roles; reachable in {role.steps} viable steps"
    return "not among the current role's closest roles; no viable path found"


def fit_line(role: BriefRole) -> str:
    parts = [f"has {pct(role.coverage)} of its skills ({len(role.shared)} of {role.essential_count} essential skills and knowledge)"]
    if role.interest_part is not None:
        code = f", role's interest code {role.role_code}" if role.role_code else ""
        parts.append(f"interest match {pct(role.interest_part)} (O*NET profile of {role.interest_source}{code})")
    elif role.interest_source or role.role_code:
        parts.append("interests: no answers saved")
    else:
        parts.append("interests: no O*NET interest data for this role")
    return "; ".join(parts)


def path_lines(role: BriefRole) -> list[tuple[str, list[str]]]:
    """(headline, step lines) of each path."""
    out = []
    for n, path in enumerate(role.paths, start=1):
        names = " → ".join(o.label for o in path.occupations)
        head = f"Path {n} ({len(path.steps)} step{'s' if len(path.steps) != 1 else ''}): {names}"
        steps = [
            f"{s.origin.label} → {s.target.label}: {pct(s.score)} similar, {len(s.to_acquire)} essential skill"
            f"{'s' if len(s.to_acquire) != 1 else ''} to acquire"
            for s in path.steps
        ]
        out.append((head, steps))
    return out


def code_words(code: str) -> str:
    """'EIC' → 'EIC (Enterprising, Investigative, Conventional)'."""
    names = {a[0]: a for a in INTEREST_AREAS}
    return f"{code} ({', '.join(names[c] for c in code)})" if code else ""


def versions_line(brief: Brief) -> str:
    return "; ".join(f"{k} {v}" for k, v in brief.versions)


GLOSSARY = (
    ("Shared skills", "essential skills and knowledge of the role that the client already has — the reasons the role fits."),
    ("Gaps", "essential skills and knowledge of the role the client does not have yet; “related” ones sit next to a skill the client has."),
    ("Similarity", "how alike the two roles' skill sets are (0–100 %); a move is realistic above the calibrated threshold."),
    ("Pathway", "a chain of realistic moves from the current role, the one with the least to learn first; each step counts the essential skills of the next role that the role before it does not list."),
    ("Interests", "the client's answers (1–5) set against O*NET's interest profile of the role: 100 % = the role is strong exactly where the client's interests are."),
)


# -- Markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _md(text: object) -> str:
    """Text shown literally in Markdown: HTML escaped, Markdown signs backslash-escaped."""
    escaped = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def _md_block(text: str) -> str:
    return "  \n".join(_md(line) for line in text.splitlines()) if text.strip() else "_None._"


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown (every text from data or the session escaped)."""
    out = [f"# Session brief: {_md(brief.alias)}", ""]
    out.append(
        f"Prepared {_md(_date(brief.generated_at))} · session {_md(brief.session_id or 'not saved')} · "
        f"last updated {_md(_date(brief.updated_at))}"
    )
    out.append("")
    if brief.current_role:
        out.append(f"**Current role:** {_md(brief.current_role.label)} ({_md(role_facts(brief.current_role))})  ")
    out.append("**Shortlist:** " + "; ".join(_md(r.occupation.label) for r in brief.roles))
    if brief.shortlist_note:
        out += ["", f"> {_md(brief.shortlist_note)}"]
    out += ["", "## Client profile", ""]
    basis = "the skills of the current role (none were chosen in the session)" if brief.skills_from_role else "chosen in the session"
    out.append(f"### Skills ({len(brief.skills)}, {basis})")
    out.append("")
    for kind, title in ((NodeKind.SKILL, "Skills"), (NodeKind.KNOWLEDGE, "Knowledge")):
        items = [s for s in brief.skills if s.kind == kind]
        if items:
            out.append(f"**{title}:** " + "; ".join(_md(s.label) for s in items))
            out.append("")
    other = [s for s in brief.skills if s.kind not in (NodeKind.SKILL, NodeKind.KNOWLEDGE)]
    if other:
        out += [f"**Not in the loaded data:** {len(other)}", ""]
    if not brief.skills:
        out += ["_No skills saved._", ""]
    out += ["### Interests", ""]
    if brief.interests:
        out += ["| Area | What it is about | Answer (1–5) |", "|---|---|---|"]
        for area, value in brief.interests:
            out.append(f"| {_md(area)} | {_md(AREA_HINTS[area])} | {value} – {_md(ANSWER_LABELS[value])} |")
        if brief.person_code:
            out += ["", f"Strongest interests: **{_md(code_words(brief.person_code))}**"]
    else:
        out.append("_No interest answers saved._")
    out += ["", "### Counsellor notes", "", _md_block(brief.notes), ""]
    out += ["## Shortlisted roles", ""]
    for n, role in enumerate(brief.roles, start=1):
        out.append(f"### {n}. {_md(role.occupation.label)}")
        out.append("")
        out.append(f"{_md(role_facts(role.occupation))} · {_md(closeness(role))}  ")
        out.append(f"**Fit:** {_md(fit_line(role))}")
        out.append("")
        out.append(f"**Why this role:** {_md(role.reason) if role.reason.strip() else '_no reason written_'}")
        out.append("")
        out.append(f"**Shared skills ({len(role.shared)}):** " + ("; ".join(_md(r.label) for r in role.shared) or "_none yet_"))
        out.append("")
        out.append(f"**Gaps and next actions ({len(role.gaps)}):**")
        out.append("")
        if role.gaps:
            out += ["| Gap | Kind | Next action |", "|---|---|---|"]
            for gap in role.gaps:
                name = _md(gap.requirement.label)
                if gap.related:
                    name += f" (related: {_md(', '.join(gap.related))})"
                action = _md(gap.action) + (" _(suggested)_" if gap.action_is_suggestion else "")
                out.append(f"| {name} | {_md(gap.requirement.kind.lower())} | {action} |")
        else:
            out.append("_No gaps: the client has every essential skill of this role._")
        out.append("")
        out.append("**Pathway from the current role:**")
        out.append("")
        lines = path_lines(role)
        if lines:
            for head, steps in lines:
                out.append(f"- {_md(head)}")
                out += [f"  - {_md(s)}" for s in steps]
        else:
            out.append(_md(role.path_note))
        out.append("")
    out += ["## How to read this brief", ""]
    out += [f"- **{_md(term)}**: {_md(text)}" for term, text in GLOSSARY]
    out += ["", "## Data and attributions", "", f"Data: {_md(versions_line(brief))}.", ""]
    out += [f"- **{_md(title)}**: {_md(text)}" for title, text in brief.attributions]
    out += ["", "_Prepared with skillgraph on this computer; nothing in this brief was sent anywhere._", ""]
    return "\n".join(out)


# -- HTML ---------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1d2733;
       font-size: 10.5pt; line-height: 1.45; margin: 0 auto; max-width: 190mm; padding: 12px; background: #fff; }
h1 { font-size: 20pt; margin: 0 0 2px; color: #12355b; }
h2 { font-size: 14pt; color: #12355b; border-bottom: 2px solid #c9d6e3; padding-bottom: 2px; margin: 22px 0 8px; }
h3 { font-size: 12pt; margin: 16px 0 4px; color: #12355b; }
p { margin: 4px 0; }
.meta { color: #5a6776; font-size: 9pt; margin-bottom: 10px; }
.summary { background: #f2f6fa; border: 1px solid #c9d6e3; border-radius: 6px; padding: 8px 12px; }
.summary p { margin: 2px 0; }
.note { background: #fff6e0; border-left: 4px solid #e0a100; padding: 4px 8px; }
.figure { text-align: center; margin: 8px 0; break-inside: avoid; }
.figure svg { max-width: 100%; height: auto; }
.legend { font-size: 8.5pt; color: #5a6776; }
.role { border: 1px solid #c9d6e3; border-radius: 6px; padding: 6px 12px 10px; margin: 12px 0; break-inside: auto; }
.role h3 { margin-top: 6px; }
.facts { color: #5a6776; font-size: 9pt; }
.tags { margin: 2px 0 4px; }
.tag { display: inline-block; background: #e6f0e6; border: 1px solid #b9d3b9; border-radius: 10px; padding: 0 7px;
       margin: 1px 2px; font-size: 9pt; }
.tag.k { background: #eef0fa; border-color: #c4c9e8; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 6px; font-size: 9.5pt; }
th, td { border: 1px solid #d5dde6; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
tr { break-inside: avoid; }
.sugg { color: #6b7785; font-style: italic; font-size: 8.5pt; }
.rel { color: #2e6b2e; font-size: 8.5pt; }
.notes { white-space: pre-wrap; border: 1px solid #d5dde6; border-radius: 4px; padding: 6px 8px; background: #fbfcfd; }
ol.paths, ul.steps { margin: 2px 0 4px 18px; padding: 0; }
.attr { font-size: 8.5pt; color: #3f4a57; }
.foot { font-size: 8.5pt; color: #5a6776; margin-top: 14px; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(brief: Brief) -> str:
    """The brief as one self-contained printable HTML page (see the module docstring)."""
    from app.brief_graph import brief_graph_svg

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>Session brief: {_e(brief.alias)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Session brief: {_e(brief.alias)}</h1>",
        f'<p class="meta">Prepared {_e(_date(brief.generated_at))} · session {_e(brief.session_id or "not saved")} · '
        f"last updated {_e(_date(brief.updated_at))}</p>",
        '<div class="summary">',
    ]
    if brief.current_role:
        out.append(
            f"<p><b>Current role:</b> {_e(brief.current_role.label)} "
            f'<span class="facts">({_e(role_facts(brief.current_role))})</span></p>'
        )
    out.append("<p><b>Shortlist:</b> " + "; ".join(_e(r.occupation.label) for r in brief.roles) + "</p>")
    if brief.person_code:
        out.append(f"<p><b>Strongest interests:</b> {_e(code_words(brief.person_code))}</p>")
    out.append("</div>")
    if brief.shortlist_note:
        out.append(f'<p class="note">{_e(brief.shortlist_note)}</p>')
    out.append('<div class="figure">' + brief_graph_svg(brief) + "</div>")
    out.append(
        '<p class="legend">The current role in the centre, the shortlisted roles around it. A solid line gives the '
        "similarity of the two roles (thicker = more alike); a dashed line means the role is not among the current "
        "role's closest roles and is reached through the number of realistic steps shown; a dotted line means no "
        "realistic path was found. Under each role: the share of its essential skills the client has.</p>"
    )
    out.append("<h2>Client profile</h2>")
    basis = "the skills of the current role (none were chosen in the session)" if brief.skills_from_role else "chosen in the session"
    out.append(f"<h3>Skills ({len(brief.skills)}, {_e(basis)})</h3>")
    for kind, title, css in ((NodeKind.SKILL, "Skills", "tag"), (NodeKind.KNOWLEDGE, "Knowledge", "tag k")):
        items = [s for s in brief.skills if s.kind == kind]
        if items:
            out.append(f'<p><b>{title}</b></p><p class="tags">' + "".join(f'<span class="{css}">{_e(s.label)}</span>' for s in items) + "</p>")
    other = [s for s in brief.skills if s.kind not in (NodeKind.SKILL, NodeKind.KNOWLEDGE)]
    if other:
        out.append(f"<p>{len(other)} saved skill(s) are not in the loaded data.</p>")
    if not brief.skills:
        out.append("<p><i>No skills saved.</i></p>")
    out.append("<h3>Interests</h3>")
    if brief.interests:
        out.append("<table><tr><th>Area</th><th>What it is about</th><th>Answer (1–5)</th></tr>")
        for area, value in brief.interests:
            out.append(f"<tr><td>{_e(area)}</td><td>{_e(AREA_HINTS[area])}</td><td>{value} – {_e(ANSWER_LABELS[value])}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p><i>No interest answers saved.</i></p>")
    out.append("<h3>Counsellor notes</h3>")
    out.append(f'<div class="notes">{_e(brief.notes) if brief.notes.strip() else "<i>None.</i>"}</div>')
    out.append("<h2>Shortlisted roles</h2>")
    for n, role in enumerate(brief.roles, start=1):
        out.append('<section class="role">')
        out.append(f"<h3>{n}. {_e(role.occupation.label)}</h3>")
        out.append(f'<p class="facts">{_e(role_facts(role.occupation))} · {_e(closeness(role))}</p>')
        out.append(f"<p><b>Fit:</b> {_e(fit_line(role))}</p>")
        reason = _e(role.reason) if role.reason.strip() else "<i>no reason written</i>"
        out.append(f"<p><b>Why this role:</b> {reason}</p>")
        out.append(f"<p><b>Shared skills ({len(role.shared)})</b></p>")
        if role.shared:
            out.append('<p class="tags">' + "".join(f'<span class="tag{" k" if r.kind == NodeKind.KNOWLEDGE else ""}">{_e(r.label)}</span>' for r in role.shared) + "</p>")
        else:
            out.append("<p><i>None of its essential skills yet.</i></p>")
        out.append(f"<p><b>Gaps and next actions ({len(role.gaps)})</b></p>")
        if role.gaps:
            out.append("<table><tr><th style=\"width:34%\">Gap</th><th style=\"width:10%\">Kind</th><th>Next action</th></tr>")
            for gap in role.gaps:
                related = f'<br><span class="rel">related: {_e(", ".join(gap.related))}</span>' if gap.related else ""
                suggestion = ' <span class="sugg">(suggested)</span>' if gap.action_is_suggestion else ""
                out.append(
                    f"<tr><td>{_e(gap.requirement.label)}{related}</td><td>{_e(gap.requirement.kind.lower())}</td>"
                    f"<td>{_e(gap.action)}{suggestion}</td></tr>"
                )
            out.append("</table>")
        else:
            out.append("<p><i>No gaps: the client has every essential skill of this role.</i></p>")
        out.append("<p><b>Pathway from the current role</b></p>")
        lines = path_lines(role)
        if lines:
            out.append('<ol class="paths">')
            for head, steps in lines:
                out.append(f"<li>{_e(head)}<ul class=\"steps\">" + "".join(f"<li>{_e(s)}</li>" for s in steps) + "</ul></li>")
            out.append("</ol>")
        else:
            out.append(f"<p>{_e(role.path_note)}</p>")
        out.append("</section>")
    out.append("<h2>How to read this brief</h2><table>")
    out += [f"<tr><th>{_e(term)}</th><td>{_e(text)}</td></tr>" for term, text in GLOSSARY]
    out.append("</table>")
    out.append("<h2>Data and attributions</h2>")
    out.append(f'<p class="attr">Data: {_e(versions_line(brief))}.</p>')
    out += [f'<p class="attr"><b>{_e(title)}:</b> {_e(text)}</p>' for title, text in brief.attributions]
    out.append('<p class="foot">Prepared with skillgraph on this computer; nothing in this brief was sent anywhere.</p>')
    out.append("</body></html>")
    return "\n".join(out)


# -- PDF and files -------------------------------------------------------------------------------


def render_pdf(brief: Brief) -> bytes:
    """The brief as PDF bytes (text extractable; see :mod:`app.brief_pdf`)."""
    from app.brief_pdf import brief_pdf

    return brief_pdf(brief)


def export_brief(store: GraphStore, session: Session, fmt: str) -> bytes:
    """The brief of ``session`` in ``fmt`` (html, pdf or md) as bytes."""
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    brief = build_brief(store, session)
    if fmt == "pdf":
        return render_pdf(brief)
    text = render_html(brief) if fmt == "html" else render_markdown(brief)
    return text.encode("utf-8")


def write_brief(store: GraphStore, session: Session, fmt: str, out: Path) -> Path:
    """Write the brief to ``out`` (a temporary name, renamed when complete)."""
    data = export_brief(store, session, fmt)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return out


def brief_filename(session: Session, fmt: str) -> str:
    """A file name for the download: ``brief-<alias>-<date>.<fmt>`` (safe characters only)."""
    alias = re.sub(r"[^A-Za-z0-9]+", "-", session.alias).strip("-").lower() or "client"
    return f"brief-{alias[:40]}-{dt.date.today().isoformat()}.{fmt}"
