"""The parity harness: every public query, asked of two stores, must give the same answer.

``cases(reference, occupation_id)`` lists the questions asked about one occupation (the
arguments are chosen from the reference store's answers, so both stores get exactly the
same calls); ``outcome`` records a result or the error it raised, and ``differences``
compares two outcomes field by field: same types, same order, floats within 1e-9, numpy
arrays of the same dtype and shape with the same bits (NaN where NaN).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from skillgraph.app.brief import build_brief
from skillgraph.app.sessions import Session, ShortlistEntry
from skillgraph.graph.errors import SkillgraphError
from skillgraph.graph.store import GraphStore
from skillgraph.queries.compare_roles import compare_roles
from skillgraph.queries.fit import fit_view, role_fit
from skillgraph.queries.free_text import match_free_text
from skillgraph.queries.inbound import inbound_roles
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.pathways import explain_no_route, growth_paths, paths_from_profile, progression_paths
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.search import resolve_occupation, resolve_skill, search_occupations, search_skills
from skillgraph.queries.similar_roles import similar_roles
from skillgraph.queries.skill_gap import skill_gap
from skillgraph.queries.skill_leverage import skill_leverage

TOLERANCE = 1e-9
#: Interest answers for the fit queries (every area answered, not all alike).
ANSWERS = {"Realistic": 1, "Investigative": 4, "Artistic": 2, "Social": 3, "Enterprising": 5, "Conventional": 4}

Query = Callable[[GraphStore], Any]


def outcome(query: Query, store: GraphStore) -> tuple[str, Any]:
    """("ok", result) or ("error", "ErrorClass: message") — errors must match too."""
    try:
        return ("ok", query(store))
    except SkillgraphError as e:
        return ("error", f"{type(e).__name__}: {e}")


def differences(expected: Any, actual: Any, path: str = "", limit: int = 5) -> list[str]:
    """Where ``actual`` differs from ``expected`` (at most ``limit`` places)."""
    out: list[str] = []

    def walk(a: Any, b: Any, where: str) -> None:
        if len(out) >= limit:
            return
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            if a.dtype != b.dtype or a.shape != b.shape:
                out.append(f"{where}: array {a.dtype}{a.shape} != {b.dtype}{b.shape}")
            elif a.tobytes() != b.tobytes():
                bits_a, bits_b = (np.ascontiguousarray(x).reshape(-1).view(np.uint8).reshape(x.size, x.itemsize) for x in (a, b))
                first = int(np.flatnonzero((bits_a != bits_b).any(axis=1))[0])
                out.append(f"{where}: arrays differ, first at [{first}]: {a.flat[first]!r} != {b.flat[first]!r}")
            return
        if isinstance(a, float) and isinstance(b, float):
            if not (math.isclose(a, b, rel_tol=0.0, abs_tol=TOLERANCE) or (math.isnan(a) and math.isnan(b))):
                out.append(f"{where}: {a!r} != {b!r}")
            return
        if type(a) is not type(b):
            out.append(f"{where}: type {type(a).__name__} != {type(b).__name__} ({a!r:.80} vs {b!r:.80})")
            return
        if dataclasses.is_dataclass(a) and not isinstance(a, type):
            for f in dataclasses.fields(a):
                walk(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
            return
        if isinstance(a, dict):
            if list(a) != list(b) and set(a) != set(b):
                out.append(f"{where}: keys {sorted(map(str, a))[:8]} != {sorted(map(str, b))[:8]}")
                return
            for key in a:
                walk(a[key], b[key], f"{where}[{key!r}]")
            return
        if isinstance(a, (list, tuple)):
            if len(a) != len(b):
                out.append(f"{where}: length {len(a)} != {len(b)}")
                return
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{where}[{i}]")
            return
        if a != b:
            out.append(f"{where}: {a!r:.120} != {b!r:.120}")

    walk(expected, actual, path or "result")
    return out


#: Queries that only read the search entries and then work in Python (fuzzy matching takes
#: about half a second a call on the full data, on either store).
TEXT_QUERIES = frozenset(
    {
        "search_occupations label",
        "search_occupations first word",
        "resolve_occupation",
        "search_skills",
        "resolve_skill by label",
        "resolve_skill by a near label",
        "match_free_text",
        "match_free_text both taxonomies",
    }
)


def cases(reference: GraphStore, occupation_id: str, *, text: bool = True) -> list[tuple[str, Query]]:
    """The public queries asked about one occupation, arguments taken from ``reference``
    (``text=False`` leaves out :data:`TEXT_QUERIES`)."""
    node = reference.node(occupation_id)
    assert node is not None, occupation_id
    source, label = node["source"], node["label"]
    similar = reference.similar(occupation_id)
    out: list[tuple[str, Query]] = [
        ("occupation_profile", lambda s: occupation_profile(s, occupation_id)),
        ("similar_roles", lambda s: similar_roles(s, occupation_id)),
        ("similar_roles same major group", lambda s: similar_roles(s, occupation_id, limit=5, same_major_group=True)),
        (
            "similar_roles other major group, viable",
            lambda s: similar_roles(s, occupation_id, same_major_group=False, viable_only=True),
        ),
        ("similar_roles min coverage", lambda s: similar_roles(s, occupation_id, limit=20, min_coverage=0.3)),
        # Raises InvalidArgumentError for an origin without job zone: the errors must agree too.
        ("similar_roles job zone", lambda s: similar_roles(s, occupation_id, job_zone_within=1)),
        ("growth_paths", lambda s: growth_paths(s, occupation_id, steps=2, limit=5)),
        ("search_occupations label", lambda s: search_occupations(s, label[:-1] or label, limit=10)),
        ("search_occupations first word", lambda s: search_occupations(s, label.split()[0], limit=10, source=source)),
        ("resolve_occupation", lambda s: resolve_occupation(s, label)),
    ]
    same_source = reference.occupation_ids(source)
    position = same_source.index(occupation_id)
    other = same_source[(position + 7) % len(same_source)]
    if other != occupation_id:
        out.append(("skill_gap to an arbitrary role", lambda s: skill_gap(s, occupation_id, other)))
    if similar:
        first = similar[0]["target_id"]
        out.append(("skill_gap to the most similar", lambda s: skill_gap(s, occupation_id, first)))
        out.append(("progression_paths one step", lambda s: progression_paths(s, occupation_id, first, k=3, max_steps=3)))
        onward = [r["target_id"] for r in reference.similar(first, limit=3) if r["target_id"] != occupation_id]
        if onward:
            goal = onward[-1]
            out.append(("progression_paths further", lambda s: progression_paths(s, occupation_id, goal, k=3, max_steps=3)))
    requirements = reference.requirements([occupation_id]).get(occupation_id, [])
    essential = [r["id"] for r in requirements if r["relation"] == "essential"][:6]
    if essential:
        out.append(("match_skills", lambda s: match_skills(s, essential, limit=10, source=source)))
        out.append(
            (
                "match_skills other fields",
                lambda s: match_skills(s, essential, limit=10, source=source, other_fields_from=occupation_id, other_fields=True),
            )
        )
        skill_label = next(r["label"] for r in requirements if r["id"] == essential[0])
        out.append(("search_skills", lambda s: search_skills(s, skill_label, limit=10, source=None)))
        out.append(("resolve_skill by label", lambda s: resolve_skill(s, skill_label)))
        out.append(("resolve_skill by a near label", lambda s: resolve_skill(s, skill_label[:-2] or skill_label)))
        held = essential[::2]
        out.append(("skill_leverage", lambda s: skill_leverage(s, held, limit=5, source=source)))
        out.append(("skill_leverage by gain", lambda s: skill_leverage(s, held, limit=5, source=source, rank_by="gain")))
        out.append(("role_fit", lambda s: role_fit(s, occupation_id, ANSWERS, held)))
        out.append(("fit_view", lambda s: fit_view(s, ANSWERS, held, limit=10, source=source)))
        # A paragraph naming some of the role's requirements, the way a CV would.
        labels = [r["label"] for r in requirements[:8]]
        text = "In my last job I had to " + "; I also had to ".join(labels) + "."
        out.append(("match_free_text", lambda s: match_free_text(s, text, source=source)))
        out.append(("match_free_text both taxonomies", lambda s: match_free_text(s, text, source=None, limit=20)))
        if similar:
            out.append(("paths_from_profile", lambda s: paths_from_profile(s, held, similar[0]["target_id"], k=2, max_steps=3)))
    out.append(("fit_view without skills", lambda s: fit_view(s, ANSWERS, limit=10, source=source)))
    out.append(("inbound_roles", lambda s: inbound_roles(s, occupation_id)))
    out.append(("inbound_roles any", lambda s: inbound_roles(s, occupation_id, limit=10, viable_only=False)))
    out.append(("similar_roles other fields", lambda s: similar_roles(s, occupation_id, limit=10, other_fields=True)))
    out.append(("similar_roles every role", lambda s: similar_roles(s, occupation_id, limit=15, group_families=False)))
    out.append(("growth_paths one step", lambda s: growth_paths(s, occupation_id, steps=1, limit=10)))
    if other != occupation_id:
        out.append(("compare_roles to an arbitrary role", lambda s: compare_roles(s, occupation_id, other)))
        out.append(("explain_no_route", lambda s: explain_no_route(s, occupation_id, other, max_steps=2)))
        out.append(("progression_paths to an arbitrary role", lambda s: progression_paths(s, occupation_id, other, k=2)))
    if similar:
        out.append(("compare_roles to the most similar", lambda s: compare_roles(s, occupation_id, similar[0]["target_id"])))
        session = Session(
            alias="parity",
            current_role=occupation_id,
            skills=tuple(essential[::2]),
            interests=tuple(ANSWERS.items()),
            shortlist=tuple(ShortlistEntry(r["target_id"], "parity") for r in similar[:3]),
            id="parity",
        )
        # Everything but the moment it was generated.
        out.append(("build_brief", lambda s: dataclasses.replace(build_brief(s, session), generated_at="")))
    return out if text else [(name, query) for name, query in out if name not in TEXT_QUERIES]


def compare_occupations(
    reference: GraphStore, other: GraphStore, occupation_ids: list[str], *, text_every: int = 1
) -> tuple[int, list[str]]:
    """Ask both stores every case of every occupation (the text queries of every
    ``text_every``-th one); (cases run, mismatch descriptions)."""
    problems: list[str] = []
    count = 0
    for number, occupation_id in enumerate(occupation_ids):
        for name, query in cases(reference, occupation_id, text=number % text_every == 0):
            count += 1
            expected = outcome(query, reference)
            actual = outcome(query, other)
            for diff in differences(expected, actual):
                problems.append(f"{name} for {occupation_id}: {diff}")
    return count, problems
