"""The two queries the app added: roles people come from (queries/inbound.py) and the
side-by-side comparison (queries/compare_roles.py)."""

from __future__ import annotations

import pytest

from skillgraph.graph.errors import InvalidArgumentError, UnknownOccupationError
from skillgraph.queries.compare_roles import compare_roles
from skillgraph.queries.explain import compare
from skillgraph.queries.inbound import inbound_roles
from skillgraph.queries.similar_roles import similar_roles


def test_inbound_roles_are_the_reverse_of_similar_roles(fixture_store, fixture_ids):
    target = fixture_ids["ICT project manager"]
    found = inbound_roles(fixture_store, target, limit=20, viable_only=False)
    assert found
    for role in found:
        forward = {r.target.id: r for r in similar_roles(fixture_store, role.origin.id, limit=100, group_families=False).roles}
        assert target in forward
        assert forward[target].coverage == pytest.approx(role.coverage)
        assert forward[target].score == pytest.approx(role.score)
        assert forward[target].viable == role.viable
    # Every family with some similarity to the target is there once (the target's own
    # family included, through its other members).
    everyone = [o for o in fixture_store.occupation_ids("ESCO") if o != target]
    families = {
        fixture_store.node(o)["family_id"]
        for o in everyone
        if any(r.target.id == target for r in similar_roles(fixture_store, o, limit=100, group_families=False).roles)
    }
    assert sorted(fixture_store.node(r.origin.id)["family_id"] for r in found) == sorted(families)
    coverages = [r.coverage for r in found]
    assert coverages == sorted(coverages, reverse=True)


def test_inbound_roles_viable_only_and_limits(fixture_store, fixture_ids):
    target = fixture_ids["ICT project manager"]
    viable = inbound_roles(fixture_store, target, limit=20)
    assert all(r.viable for r in viable)
    assert [r.origin.label for r in viable][:1] == ["project manager"]
    assert len(inbound_roles(fixture_store, target, limit=1, viable_only=False)) == 1
    with pytest.raises(InvalidArgumentError, match="limit"):
        inbound_roles(fixture_store, target, limit=0)
    with pytest.raises(UnknownOccupationError):
        inbound_roles(fixture_store, "no such role")


def test_compare_roles_partitions_the_essentials(fixture_store, fixture_ids):
    a, b = fixture_ids["ICT project manager"], fixture_ids["project manager"]
    c = compare_roles(fixture_store, a, b)
    rows = fixture_store.requirements([a, b])
    has_a = {r["id"] for r in rows[a]}
    has_b = {r["id"] for r in rows[b]}
    ess_a = {r["id"] for r in rows[a] if r["relation"] == "essential"}
    ess_b = {r["id"] for r in rows[b] if r["relation"] == "essential"}
    only_a = {i.id for s in c.only_a for i in s.items}
    only_b = {i.id for s in c.only_b for i in s.items}
    shared = {s.requirement.id for s in c.shared}
    assert only_a == ess_a - has_b
    assert only_b == ess_b - has_a
    assert shared == (ess_a | ess_b) & has_a & has_b
    assert {i.id for s in c.shared_by_group for i in s.items} == shared
    # Coverage is the one definition (related skills count partly): at least the exact share.
    assert c.coverage_a_to_b == pytest.approx(compare(fixture_store, a, b).coverage)
    assert c.coverage_b_to_a == pytest.approx(compare(fixture_store, b, a).coverage)
    assert c.coverage_a_to_b >= len(ess_b & has_a) / len(ess_b)
    assert "Atlassian JIRA" in {t.label for t in c.technologies_shared + c.technologies_only_a}
    assert c.score is not None  # every pair has a similarity


def test_compare_roles_rejects_same_role_and_mixed_taxonomies(fixture_store, fixture_ids):
    a = fixture_ids["ICT project manager"]
    with pytest.raises(InvalidArgumentError, match="two different"):
        compare_roles(fixture_store, a, a)
    with pytest.raises(InvalidArgumentError, match="same taxonomy"):
        compare_roles(fixture_store, a, "15-1299.09")
    with pytest.raises(UnknownOccupationError):
        compare_roles(fixture_store, a, "no such role")
