"""The graph view: built from query results, capped, styled per kind, and rendered to a
self-contained HTML page that loads nothing from any other host."""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import replace

import pytest

from skillgraph.app.views import graph_view
from skillgraph.app.views.graph_view import KINDS, build_network, neighbourhood, path_graph, render_html
from skillgraph.queries.pathways import progression_paths
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.similar_roles import similar_roles

# URLs that occur as inert strings inside vis-network's minified JavaScript (licence
# header, SVG namespace, an error message); nothing ever fetches them.
INERT_URLS = {
    "https://visjs.github.io/vis-network/",
    "http://almende.com",
    "https://github.com/visjs",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://opensource.org/licenses/MIT",
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
}
_ANY_URL = re.compile(r"""(?:https?|wss?)://[^\s"'<>)\\]+""", re.IGNORECASE)
# Ways an HTML page loads something: attributes, CSS url()/@import, fetch/XHR/WebSocket/import().
_LOADERS = re.compile(
    r"""(?:\b(?:src|href|action|data|poster|srcset)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def ict(fixture_store, fixture_ids):
    occupation_id = fixture_ids["ICT project manager"]
    return occupation_profile(fixture_store, occupation_id), similar_roles(fixture_store, occupation_id, limit=10)


def _page(profile, similar, **options) -> tuple[graph_view.GraphSpec, str]:
    spec = neighbourhood(profile, similar, **options)
    return spec, render_html(build_network(spec), spec, title=f"Around {profile.occupation.label}")


def test_html_is_self_contained_and_loads_nothing_from_other_hosts(ict):
    _, page = _page(*ict, include_skills=True, include_knowledge=True, include_technologies=True, max_nodes=150)
    assert "vis.Network" in page and "cdnjs" not in page and "bootstrap" not in page.lower()
    assert not _LOADERS.search(page), _LOADERS.search(page).group(0)
    assert set(_ANY_URL.findall(page)) <= INERT_URLS, set(_ANY_URL.findall(page)) - INERT_URLS
    # A Content-Security-Policy forbids any load even if something slipped in.
    assert "default-src 'none'" in page


def test_pyvis_default_template_would_have_failed_the_offline_check(ict):
    """The check above is not vacuous: pyvis's own output links CDNs even 'in_line'."""
    spec = neighbourhood(*ict)
    net = build_network(spec)
    net.cdn_resources = "in_line"
    assert _LOADERS.search(net.generate_html())


def test_neighbourhood_keeps_the_role_and_its_closest_roles_first_under_the_cap(ict):
    profile, similar = ict
    spec = neighbourhood(profile, similar, include_skills=True, max_nodes=6)
    assert spec.capped and len(spec.nodes) == 6 and spec.available > 6
    assert spec.nodes[0].kind == "focus" and spec.nodes[0].opens == profile.occupation.id
    shown = min(5, len(similar.roles))
    assert [n.opens for n in spec.nodes[1 : 1 + shown]] == [r.target.id for r in similar.roles[:shown]]
    ids = {n.id for n in spec.nodes}
    assert all(e.source in ids and e.target in ids for e in spec.edges)


def test_skills_link_to_the_similar_roles_that_share_them(ict):
    profile, similar = ict
    spec = neighbourhood(profile, similar, include_skills=True, max_nodes=150)
    pm = next(r for r in similar.roles if r.target.label == "project manager")
    shared = {f"concept:{r.id}" for r in pm.shared_essential}
    skill_nodes = {n.id for n in spec.nodes if n.kind == "skill"}
    linked = {e.target for e in spec.edges if e.source == f"occ:{pm.target.id}"}
    assert shared & skill_nodes and (shared & skill_nodes) <= linked
    assert all(n.opens == "" for n in spec.nodes if n.kind in ("skill", "knowledge", "technology"))


def test_edge_width_grows_with_similarity(ict):
    profile, similar = ict
    spec = neighbourhood(profile, similar, include_skills=False)
    role_edges = {e.target: e.width for e in spec.edges if e.source == f"occ:{profile.occupation.id}"}
    widths = [role_edges[f"occ:{r.target.id}"] for r in similar.roles]
    scores = [r.score for r in similar.roles]
    assert widths == sorted(widths, reverse=True) and scores == sorted(scores, reverse=True)
    assert widths[0] > widths[-1]


def test_colours_and_legend_per_kind(ict):
    spec, page = _page(*ict, include_skills=True, include_knowledge=True, include_technologies=True, max_nodes=150)
    assert set(spec.kinds) == {"focus", "role", "skill", "knowledge", "technology"}
    net = build_network(spec)
    colours = {n["kind"]: n["color"]["background"] for n in net.nodes}
    assert colours == {k: KINDS[k].colour for k in spec.kinds}
    assert len(set(colours.values())) == len(colours)
    for kind in spec.kinds:
        assert f"{KINDS[kind].legend}</div>" in page


def test_tooltips_are_plain_text(ict):
    profile, similar = ict
    spec = neighbourhood(profile, similar, include_skills=True)
    role = next(n for n in spec.nodes if n.kind == "role")
    assert "% similar to ICT project manager" in role.tooltip and "<" not in role.tooltip
    net = build_network(spec)
    assert all(isinstance(n["title"], str) for n in net.nodes)


def test_path_graph_marks_start_and_goal(fixture_store, fixture_ids):
    paths = progression_paths(fixture_store, fixture_ids["ICT project manager"], fixture_ids["programme manager"])
    spec = path_graph(paths)
    kinds = {n.opens: n.kind for n in spec.nodes}
    assert kinds[fixture_ids["ICT project manager"]] == "start"
    assert kinds[fixture_ids["programme manager"]] == "goal"
    assert all(e.arrow and e.label.endswith("%") for e in spec.edges)
    assert spec.hierarchical


def _fingerprint(store) -> str:
    graph = store.graph
    payload = (
        sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True)),
        sorted((a, b, sorted(d.items())) for a, b, d in graph.edges(data=True)),
    )
    return hashlib.sha256(pickle.dumps(payload)).hexdigest()


def test_building_views_never_touches_the_store(fixture_store, fixture_ids):
    before = _fingerprint(fixture_store)
    for label in ("ICT project manager", "web developer", "programme manager"):
        profile = occupation_profile(fixture_store, fixture_ids[label])
        similar = similar_roles(fixture_store, fixture_ids[label], limit=10)
        spec = neighbourhood(profile, similar, include_skills=True, include_knowledge=True, include_technologies=True)
        render_html(build_network(spec), spec)
    assert _fingerprint(fixture_store) == before


def test_markers_in_data_are_not_expanded(ict):
    """A label that looks like a template marker stays a label (one-pass substitution)."""
    profile, similar = ict
    spec = neighbourhood(profile, similar)
    node = spec.nodes[0]
    tricky = graph_view.GraphSpec(
        (graph_view.GraphNode(node.id, "__VIS_JS__ __NODES__", "focus", "__EDGES__"),), (), 1, kinds=("focus",)
    )
    page = render_html(build_network(tricky), tricky, title="__OPTIONS__")
    assert page.count(graph_view.vis_network_js()) == 1
    assert "<title>__OPTIONS__</title>" in page


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_default_view_draws_no_two_labels_over_each_other(fixture_store, fixture_ids):
    """The graph page's view: fixed positions, only roles labelled, on a ring wide enough
    for every label; the skills are small marks with their names in the tooltip."""
    for label in ("ICT project manager", "web developer", "software developer"):
        occupation_id = fixture_ids[label]
        profile = occupation_profile(fixture_store, occupation_id)
        similar = similar_roles(fixture_store, occupation_id, limit=30)
        spec = neighbourhood(
            profile, similar, include_skills=True, include_knowledge=True, max_roles=8, collapse_families=True, layout=True
        )
        assert spec.layout and all(n.x is not None and n.y is not None for n in spec.nodes)
        labelled = [n for n in spec.nodes if n.show_label]
        assert {n.kind for n in labelled} <= {"focus", "role"}
        assert all(not n.show_label and n.label.split("\n")[0] in n.tooltip for n in spec.nodes if n.kind == "skill")
        boxes = [graph_view.label_box(n) for n in labelled]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not _overlap(a, b), (a, b)
        page = render_html(build_network(spec), spec)
        assert '"physics": false' in page  # placed, not simulated: nothing moves, nothing to wait for


def test_a_family_becomes_one_node_listing_its_specialisations(ict):
    profile, similar = ict
    role = similar.roles[0]
    extra = tuple(replace(role.target, id=f"fam:{i}", label=f"special {i} {role.target.label}") for i in range(3))
    grouped = replace(similar, roles=(replace(role, family=extra), *similar.roles[1:]))
    spec = neighbourhood(profile, grouped, max_nodes=150, collapse_families=True)
    node = next(n for n in spec.nodes if n.opens == role.target.id)
    assert node.members == ((role.target.id, role.target.label), *((f.id, f.label) for f in extra))
    assert "4 kinds of" in node.label or "+ 3 related" in node.label
    assert all(f.label in node.tooltip for f in extra)
    flat = neighbourhood(profile, grouped, max_nodes=150)
    assert next(n for n in flat.nodes if n.opens == role.target.id).members == ((role.target.id, role.target.label),)


def test_a_family_is_named_by_what_its_titles_share():
    assert graph_view._common_tail(["craft shop manager", "bicycle shop manager"]) == "shop manager"
    assert graph_view._common_tail(["web developer", "mobile app developer"]) == ""  # one word says nothing
    assert graph_view._common_tail(["shop manager", "craft shop manager"]) == ""  # a whole title: name that one
    assert graph_view._common_tail(["nurse", "midwife"]) == ""


def test_a_ring_of_twenty_long_labels_still_has_room(ict):
    """The ring grows with the number and length of the labels."""
    profile, similar = ict
    role = similar.roles[0]
    many = replace(
        similar,
        roles=tuple(
            replace(role, target=replace(role.target, id=f"role:{i}", label=f"very long occupation title number {i} of twenty"))
            for i in range(20)
        ),
    )
    spec = neighbourhood(profile, many, max_nodes=150, layout=True)
    boxes = [graph_view.label_box(n) for n in spec.nodes if n.show_label]
    assert len(boxes) == 21
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
