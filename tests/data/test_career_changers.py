"""A career changer on the full data: a retail store manager (ESCO "shop manager") who wants
office work in HR or logistics planning must see moves into other fields, realistic routes
and a brief whose shortlist shows those routes."""

from __future__ import annotations

import pytest

from skillgraph.app.brief import build_brief
from skillgraph.app.brief.picture import layout
from skillgraph.app.sessions import Session, ShortlistEntry
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.pathways import growth_paths, paths_from_profile, profile_coverage, progression_paths
from skillgraph.queries.search import resolve_occupation
from skillgraph.queries.similar_roles import similar_roles

pytestmark = pytest.mark.data

#: ISCO-08 groups of HR and of logistics / purchasing work.
HR_GROUPS = ("1212", "2423", "4416")
LOGISTICS_GROUPS = ("1324", "3323", "3324", "3331", "4321", "4323", "2421")


def _ids(store, *titles):
    return [resolve_occupation(store, t) for t in titles]


@pytest.fixture(scope="module")
def shop_manager(full_store):
    return resolve_occupation(full_store, "shop manager")


def test_moves_into_other_fields_include_hr_or_logistics(full_store, shop_manager):
    result = similar_roles(full_store, shop_manager, limit=10, other_fields=True)
    assert len(result.roles) >= 5
    origin = full_store.node(shop_manager)
    for role in result.roles:
        assert role.other_field
        assert role.target.isco_code[:3] != origin["isco_code"][:3]
        assert full_store.node(role.target.id)["family_id"] != origin["family_id"]
    groups = [r.target.isco_code for r in result.roles[:10]]
    assert any(g.startswith(HR_GROUPS + LOGISTICS_GROUPS) for g in groups), [r.target.label for r in result.roles]
    assert sum(r.viable for r in result.roles[:5]) == 5  # the first five are realistic moves


def test_similar_roles_show_ten_directions_not_one_family(full_store, shop_manager):
    result = similar_roles(full_store, shop_manager, limit=10)
    families = {full_store.node(r.target.id)["family_id"] for r in result.roles}
    assert len(families) == 10
    # the shop-manager family is one entry, with its other specialisations counted
    assert max(len(r.family) for r in result.roles) >= 40


@pytest.mark.parametrize(
    "goal",
    ["human resources officer", "purchase planner", "purchaser", "warehouse manager", "logistics and distribution manager"],
)
def test_realistic_routes_of_at_most_three_moves(full_store, shop_manager, goal):
    target = resolve_occupation(full_store, goal)
    paths = progression_paths(full_store, shop_manager, target, k=3, max_steps=3)
    assert paths, f"no route from shop manager to {goal}"
    meta = full_store.meta().similarity
    for path in paths:
        assert len(path.steps) <= 3 and path.target.id == target
        for step in path.steps:
            assert step.score >= meta["esco_threshold"]
            assert step.coverage >= meta["esco_min_step_coverage"] > 0  # no 0 % steps
            if step.origin.job_zone and step.target.job_zone:
                assert abs(step.origin.job_zone - step.target.job_zone) <= 1


def test_growth_gives_realistic_upward_moves(full_store, shop_manager):
    paths = growth_paths(full_store, shop_manager, steps=2, limit=10)
    assert len(paths) >= 3
    families = [full_store.node(p.target.id)["family_id"] for p in paths]
    assert len(families) == len(set(families))


def test_the_clients_skills_count_fairly_and_lead_somewhere(full_store, shop_manager):
    rows = full_store.requirements([shop_manager])[shop_manager]
    skills = [r["id"] for r in rows if r["relation"] == "essential"]
    hr_assistant = resolve_occupation(full_store, "human resources assistant")
    coverage = profile_coverage(full_store, skills)
    exact = profile_coverage(full_store, [])  # nothing held: 0 everywhere
    position = full_store.space_ids("ESCO").index(hr_assistant)
    assert coverage[position] > 0 and exact[position] == 0  # related skills count: not "0 %"
    best = match_skills(full_store, skills, limit=10)
    assert best[0].coverage > 0.9  # the shop-manager family itself
    paths = paths_from_profile(full_store, skills, resolve_occupation(full_store, "human resources officer"), max_steps=3)
    assert paths and all(p.steps[0].coverage >= 0.2 for p in paths)


def test_the_brief_shortlist_shows_routes(full_store, shop_manager):
    rows = full_store.requirements([shop_manager])[shop_manager]
    shortlist = _ids(full_store, "human resources officer", "purchase planner", "warehouse manager", "purchaser")
    session = Session(
        id="test",
        alias="R.S.",
        current_role=shop_manager,
        skills=tuple(r["id"] for r in rows if r["relation"] == "essential"),
        shortlist=tuple(ShortlistEntry(role) for role in shortlist),
    )
    brief = build_brief(full_store, session)
    assert len(brief.roles) == 4
    for role in brief.roles:
        assert role.paths, f"no route to {role.occupation.label}: {role.path_note}"
        assert role.coverage is not None and role.coverage > 0
    # The picture draws those routes: a move now or a number of moves, never "no route".
    edges = layout(brief).edges
    assert len(edges) == 4 and all(e.style in ("solid", "dashed") for e in edges), [e.label for e in edges]
    assert all("move" in e.label and "no route" not in e.label for e in edges)
