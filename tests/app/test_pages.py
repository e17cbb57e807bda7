"""Every page of the app, run with AppTest on the fixture world (tests/fixtures).

The app is driven as a person would: through the URL's query parameters and the
widgets, and what it shows is read back (titles, Markdown, links, tables).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import pytest
from apphelpers import assert_no_exception, open_page, page_links, texts, walk

from skillgraph.app.views.formatting import to_param

pytestmark = pytest.mark.usefixtures("fixture_env")


@pytest.fixture
def ids(fixture_ids: dict[str, str]) -> dict[str, str]:
    """Title → the id as the app writes it in URLs."""
    return {label: to_param(ident) for label, ident in fixture_ids.items()}


def _block_with(at, text: str):
    """The innermost bordered container whose texts include ``text``."""
    found = None
    for el in walk(at.main):
        if getattr(el, "type", None) == "flex_container" and any(text in t for t in texts(el)):
            found = el
    return found


# -- Find a role -----------------------------------------------------------------------------


def test_find_a_role_is_typo_tolerant_and_links_to_profiles(ids):
    at = open_page("find", {"q": "ict projct manger"})
    assert_no_exception(at)
    links = page_links(at)
    assert links, texts(at)
    label, page, query = links[0]
    assert "ICT project manager" in label and page == "profile"
    assert parse_qs(query)["id"] == [ids["ICT project manager"]]
    captions = texts(at, "caption")
    assert any("ESCO · ISCO 1330" in c for c in captions)
    # O*NET results show their SOC code; a match on an alternate title says so.
    onet = [label for label, _, query in links if "Information Technology Project Managers" in label]
    assert onet
    assert any("SOC 15\\-1299\\.09" in c for c in captions)


def test_find_a_role_filters_by_taxonomy_and_keeps_the_query_in_the_url():
    at = open_page("find", {"q": "project manager"})
    at.radio(key="find_source").set_value("O\\*NET (US)").run()
    assert_no_exception(at)
    labels = [label for label, _, _ in page_links(at)]
    assert labels and all("ICT project manager" not in label for label in labels)
    assert any("Project Management Specialists" in label for label in labels)
    assert at.query_params["q"] == ["project manager"] or at.query_params["q"] == "project manager"


def test_find_a_role_example_button_and_no_match_message():
    at = open_page("find")
    assert not page_links(at)
    at.button(key="example_ICT project manager").click().run()
    assert any("ICT project manager" in label for label, _, _ in page_links(at))
    at.text_input(key="find_q").set_value("zzzz qqqq xxxx").run()
    assert_no_exception(at)
    assert any("No role matches" in i.value for i in at.info)


# -- Occupation profile ------------------------------------------------------------------------


def test_profile_shows_the_seed_sections(ids):
    at = open_page("profile", {"id": ids["ICT project manager"]})
    assert_no_exception(at)
    assert at.title[0].value == "ICT project manager"
    headers = [h.value for h in at.header]
    for expected in (
        "A day in the life",
        "Essential skills",
        "Knowledge areas",
        "Cross-sector skills",
        "Software & technologies",
        "Career moves",
        "Common questions",
    ):
        assert expected in headers
    # Essential skills grouped by skill group: the skill sits in its group's card.
    card = _block_with(at, "directing, supervising and coordinating projects")
    assert card is not None and "**manage ICT project**" in texts(card)
    assert "manage budgets" not in " ".join(texts(card))  # another group's skill
    # Knowledge, cross-sector, technologies (hot ones marked), job zone, education.
    body = "\n".join(texts(at))
    assert "**ICT project management**" in body
    assert "quality standards — *essential*" in body
    assert "Atlassian JIRA" in body and ":material/local_fire_department: Atlassian JIRA" in body
    assert [m.value for m in at.metric] == ["4 of 5"]
    assert "Bachelor\\'s Degree" in body
    assert "1330 Information and communications technology service managers" in body


def test_profile_skill_descriptions_can_be_folded(ids):
    at = open_page("profile", {"id": ids["ICT project manager"]})
    card = _block_with(at, "directing, supervising and coordinating projects")
    assert any("Fixture description of \\'manage ICT project\\'" in c for c in texts(card, "caption"))
    at.toggle(key="profile_descriptions").set_value(False).run()
    card = _block_with(at, "directing, supervising and coordinating projects")
    assert not texts(card, "caption")
    assert ":blue[**directing, supervising and coordinating projects**]\n- manage ICT project" in texts(card)[0]


def test_profile_day_in_the_life_from_tasks_or_from_skills(ids):
    at = open_page("profile", {"id": ids["ICT project manager"]})
    body = "\n".join(texts(at))
    assert "**09:00** · Morning" in body
    assert "Manage project execution to ensure adherence to budget, schedule, and scope\\." in body
    assert "A typical day for an ICT project manager, drawn from the tasks O\\*NET lists for the role." in texts(at, "caption")
    # A role without an O*NET match: the illustrative day comes from its key skills.
    at = open_page("profile", {"id": ids["programme manager"]})
    assert_no_exception(at)
    assert any("drawn from the role's key essential skills" in c for c in texts(at, "caption"))
    assert "**coach employees**" in texts(at)
    assert not at.metric and "**Preparation:** not rated" in texts(at)


def test_profile_questions_similar_roles_and_growth_link_to_profiles(ids):
    at = open_page("profile", {"id": ids["ICT project manager"]})
    expanders = {e.label: e for e in at.expander}
    came_from = expanders["Which roles do people move into this role from?"]
    assert [(label, page) for label, page, _ in page_links(came_from)] == [
        ("project manager", "profile"),
        ("ICT operations manager", "profile"),
    ]
    assert any("already has 70 % of the essential skills" in c for c in texts(came_from, "caption"))
    entry = next(e for label, e in expanders.items() if label.startswith("What is the typical entry level"))
    assert any("Job zone 4 of 5" in t and "bachelor's degree" in t for t in texts(entry))
    similar = [(label, parse_qs(q)["id"][0]) for label, page, q in page_links(at) if page == "profile"]
    assert ("project manager", ids["project manager"]) in similar
    # A role with growth paths lists them with links.
    at = open_page("profile", {"id": ids["web developer"]})
    growth = [label for label, page, _ in page_links(at) if page == "profile"]
    assert "software developer" in growth
    assert any("job zone 3 → 4" in c for c in texts(at, "caption"))


def test_profile_of_an_onet_occupation(ids):
    at = open_page("profile", {"id": "15-1299.09"})
    assert_no_exception(at)
    assert at.title[0].value == "Information Technology Project Managers"
    assert any("O\\*NET occupation" in c for c in texts(at, "caption"))
    how = next(e for e in at.expander if e.label.startswith("How is this role described in ESCO"))
    assert ("ICT project manager", "profile") in [(label, page) for label, page, _ in page_links(how)]


def test_profile_accepts_a_title_in_the_url_and_writes_back_the_id(ids):
    at = open_page("profile", {"id": "ICT project manager"})
    assert_no_exception(at)
    assert at.title[0].value == "ICT project manager"
    assert at.query_params["id"] in (ids["ICT project manager"], [ids["ICT project manager"]])


def test_unknown_id_in_the_url_gives_suggestions_not_a_traceback():
    at = open_page("profile", {"id": "ICT projekt managr of things"})
    assert_no_exception(at)
    assert at.error and "No occupation matches" in at.error[0].value
    suggestions = [label for label, page, _ in page_links(at) if page == "profile"]
    assert "ICT project manager" in suggestions
    at = open_page("similar", {"id": "http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000000"})
    assert_no_exception(at)
    assert at.error and "No occupation matches" in at.error[0].value


def test_profile_without_id_offers_a_search_that_selects_a_role(ids):
    at = open_page("profile")
    assert at.title[0].value == "Occupation profile"
    at.text_input(key="profile_pick_search").set_value("web developr").run()
    at.button(key=f"profile_pick_pick_{to_param_inverse(ids['web developer'])}").click().run()
    assert_no_exception(at)
    assert at.title[0].value == "web developer"
    assert at.query_params["id"] in (ids["web developer"], [ids["web developer"]])


def to_param_inverse(short: str) -> str:
    from skillgraph.app.views.formatting import from_param

    return from_param(short)


# -- Explore the graph ---------------------------------------------------------------------------


def _component_html(at) -> str:
    components = [el for el in walk(at.main) if getattr(el, "type", None) == "component_instance"]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)["html"]


def test_graph_page_draws_the_neighbourhood_with_a_node_cap(ids):
    at = open_page("graph", {"id": ids["ICT project manager"]})
    assert_no_exception(at)
    html = _component_html(at)
    assert "ICT project manager" in html and "project manager" in html
    caption = next(c for c in texts(at, "caption") if c.startswith("Showing"))
    shown, available = map(int, re.match(r"Showing (\d+) of (\d+) nodes", caption).groups())
    assert shown == available > 5
    at.slider(key="graph_max").set_value(5).run()
    caption = next(c for c in texts(at, "caption") if c.startswith("Showing"))
    assert caption.startswith(f"Showing 5 of {available} nodes")
    assert at.query_params["max"] in ("5", ["5"])
    # Technologies on: their nodes appear (and the legend names them).
    at.slider(key="graph_max").set_value(150).run()
    at.toggle(key="graph_tech").set_value(True).run()
    html = _component_html(at)
    assert "Atlassian JIRA" in html and ">Technology (name on hover)</div>" in html
    assert not re.search(r"(src|href)\s*=\s*[\"']?https?://", html)


def test_graph_page_without_a_role_offers_a_search():
    at = open_page("graph")
    assert at.title[0].value == "Explore the graph"
    assert at.text_input(key="graph_pick_search") is not None


# -- Similar roles ------------------------------------------------------------------------------------


def test_similar_roles_table_expansions_and_filters(ids):
    at = open_page("similar", {"id": ids["ICT project manager"]})
    assert_no_exception(at)
    table = at.dataframe[0].value
    # One entry per family: programme manager is listed with project manager.
    assert list(table["Role"])[:3] == ["project manager", "ICT operations manager", "software developer"]
    assert list(table["Related"])[:3] == ["+1", "", "+3"]
    assert "From **ICT project manager** to these roles" in at.markdown[0].value
    first = at.expander[0]
    assert first.label.startswith("1\\. project manager")
    body = "\n".join(texts(first))
    assert "**Already has (" in body and "**To learn (" in body
    assert ("Compare side by side", "compare") in [(label, page) for label, page, _ in page_links(first)]
    # Minimum coverage filter: every remaining role reaches it; the URL remembers it.
    at.slider(key="similar_cov").set_value(50).run()
    table = at.dataframe[0].value
    assert len(table) >= 1 and all(v >= 50 for v in table["Already held"])
    assert at.query_params["cov"] in ("50", ["50"])
    # Same major group only (ISCO 1): the developers (ISCO 2) go.
    at.selectbox(key="similar_group").set_value("same").run()
    assert not any("developer" in role for role in at.dataframe[0].value["Role"])


def test_similar_roles_job_zone_filter_is_off_for_a_role_without_job_zone(ids):
    at = open_page("similar", {"id": ids["programme manager"]})
    assert_no_exception(at)
    assert at.toggle(key="similar_zone").disabled


def test_similar_roles_filters_come_from_the_url(ids):
    at = open_page("similar", {"id": ids["ICT project manager"], "cov": "100"})
    assert_no_exception(at)
    assert at.slider(key="similar_cov").value == 100
    assert at.info and "passes these filters" in at.info[0].value


# -- Pathways ------------------------------------------------------------------------------------


def test_pathways_shows_routes_steps_and_a_path_graph(ids):
    at = open_page("pathways", {"from": ids["ICT project manager"], "to": ids["programme manager"]})
    assert_no_exception(at)
    assert "From ICT project manager to programme manager" in [h.value for h in at.header]
    body = "\n".join(texts(at))
    assert "**1\\. ICT project manager → project manager → programme manager**" in body
    steps = [e.label for e in at.expander]
    assert any(s.startswith("Move 1: ICT project manager → project manager") and "% similar" in s for s in steps)
    html = _component_html(at)
    assert "programme manager" in html and ">Goal</div>" in html


def test_pathways_without_a_route_says_so_and_offers_compare(ids):
    at = open_page("pathways", {"from": ids["ICT project manager"], "to": ids["software developer"]})
    assert_no_exception(at)
    assert at.warning and "No route of at most 3 realistic moves" in at.warning[0].value
    assert ("Compare the two roles", "compare") in [(label, page) for label, page, _ in page_links(at)]


def test_pathways_growth_paths_and_taxonomy_mismatch(ids):
    at = open_page("pathways", {"from": ids["web developer"]})
    assert_no_exception(at)
    assert "Where web developer can grow" in [h.value for h in at.header]
    assert any("web developer → software developer" in t for t in texts(at))
    at = open_page("pathways", {"from": ids["ICT project manager"], "to": "15-1299.09"})
    assert_no_exception(at)
    assert at.error and "different taxonomies" in at.error[0].value


# -- Compare two roles ---------------------------------------------------------------------------


def test_compare_side_by_side(ids):
    at = open_page("compare", {"a": ids["ICT project manager"], "b": ids["project manager"]})
    assert_no_exception(at)
    headings = [t for t in texts(at, "markdown") if t.startswith("##### ")]
    assert headings[0].startswith("##### Only ICT project manager (")
    assert headings[1].startswith("##### Shared (")
    assert headings[2].startswith("##### Only project manager (")
    body = "\n".join(texts(at))
    assert "- **directing, supervising and coordinating projects:** manage ICT project" in body
    assert [m.label for m in at.metric][1] == "Of B's essential skills, A already has"
    assert "Atlassian JIRA" in body


def test_compare_needs_two_roles_of_one_taxonomy(ids):
    at = open_page("compare", {"a": ids["ICT project manager"]})
    assert_no_exception(at)
    assert at.info and "Choose two roles" in at.info[0].value
    at = open_page("compare", {"a": ids["ICT project manager"], "b": "15-1299.09"})
    assert at.error and "same taxonomy" in at.error[0].value


# -- Data & about, sidebar, missing data --------------------------------------------------------------


def test_about_page_versions_counts_attribution_backend():
    at = open_page("about")
    assert_no_exception(at)
    versions = at.dataframe[0].value
    assert dict(zip(versions["Source"], versions["Version"]))["ESCO"] == "1.1.1"
    body = "\n".join(texts(at))
    assert "This product uses the ESCO classification of the European Commission. © European Union." in body
    assert "O\\*NET 29\\.3 Database by the U.S. Department of Labor" in body and "CC BY 4.0" in body
    assert "MIT licence" in body
    assert "**Store in use:** embedded, in memory" in body
    assert "skillgraph download onet" in body
    counts = at.dataframe[1].value
    assert dict(zip(counts["What"], counts["Count"]))["Occupations"] == 14


def test_sidebar_shows_versions_and_store():
    at = open_page("about")
    sidebar = " ".join(texts(at.sidebar))
    assert "ESCO 1\\.1\\.1" in sidebar and "O\\*NET 29\\.3" in sidebar and "embedded, in memory" in sidebar


def test_no_data_explains_how_to_get_it(point_env, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    point_env(empty, tmp_path / "cache")
    at = open_page("find")
    assert_no_exception(at)
    assert at.title[0].value == "No data loaded yet"
    assert "No ESCO or O\\*NET data found" in at.error[0].value
    assert "skillgraph download onet" in at.markdown[0].value


def test_unreachable_server_names_the_address_and_the_fix(point_env, monkeypatch, tmp_path):
    point_env(None, tmp_path / "cache")
    monkeypatch.setenv("SKILLGRAPH_BACKEND", "neo4j")
    monkeypatch.setenv("SKILLGRAPH_NEO4J_URI", "bolt://127.0.0.1:1")
    at = open_page("find")
    assert_no_exception(at)
    assert at.title[0].value == "The graph database cannot be reached"
    assert "bolt\\:\\/\\/127\\.0\\.0\\.1\\:1" in at.error[0].value
