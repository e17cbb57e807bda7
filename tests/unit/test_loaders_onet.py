"""loaders.onet on the fixture world: folder and zip, technologies, job zones, education,
interests, tasks, and the IM/LV merge into one REQUIRES edge."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from fixture_world import ONET_FIXTURES, zip_files

from skillgraph.graph.model import Concept, EdgeKind, Occupation, SkillGroup, Technology
from skillgraph.loaders.onet import IMPORTANT_THRESHOLD, load_onet
from skillgraph.loaders.records import SourceData

IT_PM = "15-1299.09"
WEB_DEV = "15-1254.00"


def canonical(data: SourceData) -> tuple[set, list]:
    edges = sorted((e.source, e.target, e.kind.value, tuple(sorted(e.props.items()))) for e in data.edges)
    return set(data.nodes), edges


def occupations(data: SourceData) -> dict[str, Occupation]:
    return {n.id: n for n in data.nodes if isinstance(n, Occupation)}


def edge_props(data: SourceData, kind: EdgeKind) -> dict[tuple[str, str], dict]:
    return {(e.source, e.target): e.props for e in data.edges if e.kind == kind}


@pytest.fixture(scope="module")
def onet() -> SourceData:
    return load_onet([ONET_FIXTURES])


def copy_release(tmp_path: Path) -> Path:
    folder = tmp_path / "db_29_3_text"
    shutil.copytree(ONET_FIXTURES, folder)
    return folder


def test_zip_with_a_top_folder_gives_the_same_data_as_the_folder(onet, tmp_path):
    archive = zip_files(tmp_path / "db_29_3_text.zip", {f"db_29_3_text/{p.name}": p for p in sorted(ONET_FIXTURES.iterdir())})
    data = load_onet([archive])
    assert canonical(data) == canonical(onet)
    assert data.version == "29.3"


def test_exact_counts_of_the_fixture(onet):
    assert dict(onet.report.rows_read) == {
        "O*NET Occupation Data": 6,
        "O*NET Alternate Titles": 11,
        "O*NET Job Zones": 6,
        "O*NET Task Statements": 15,
        "O*NET Interests": 21,
        "O*NET Education, Training, and Experience": 39,
        "O*NET Skills": 60,
        "O*NET Knowledge": 36,
        "O*NET Technology Skills": 26,
        "O*NET Tools Used": 11,
    }
    kinds = Counter(n.node_kind if isinstance(n, Concept) else type(n).kind.value for n in onet.nodes)
    assert kinds == {"Occupation": 6, "Skill": 6, "Knowledge": 4, "SkillGroup": 9, "Technology": 22}
    assert Counter(e.kind for e in onet.edges) == {EdgeKind.REQUIRES: 48, EdgeKind.USES: 37}
    assert onet.report.skips == {}


def test_occupation_titles_and_alternate_titles(onet):
    it_pm = occupations(onet)[IT_PM]
    assert (it_pm.label, it_pm.source, it_pm.code) == ("Information Technology Project Managers", "O*NET", IT_PM)
    # Alternate and short titles, in file order, without repeats.
    assert it_pm.alt_labels == ("Information Technology Project Manager", "IT Project Manager", "Technical Project Manager")


def test_technologies_carry_hot_and_in_demand_on_the_uses_edge(onet):
    uses = edge_props(onet, EdgeKind.USES)
    jira = "onet:software:Atlassian JIRA"
    assert uses[(IT_PM, jira)] == {"hot": True, "in_demand": True}
    assert uses[("11-3021.00", jira)] == {"hot": True, "in_demand": False}
    assert uses[(IT_PM, "onet:software:Airtable")] == {"hot": False, "in_demand": False}
    # Asana is hot for IT project managers only; the node is hot if any occupation says so.
    assert uses[(IT_PM, "onet:software:Asana")]["hot"] is True
    assert uses[("13-1082.00", "onet:software:Asana")]["hot"] is False
    technologies = {n.id: n for n in onet.nodes if isinstance(n, Technology)}
    assert technologies["onet:software:Asana"].hot is True
    assert technologies["onet:software:Airtable"].hot is False
    jira_node = technologies[jira]
    assert (jira_node.label, jira_node.category, jira_node.commodity_title) == (
        "Atlassian JIRA",
        "software",
        "Development environment software",
    )


def test_tools_are_technologies_and_a_csv_quoted_value_is_unquoted(onet):
    technologies = {n.id: n for n in onet.nodes if isinstance(n, Technology)}
    plotter = technologies['onet:tool:Large format "plotter" printers']
    assert plotter.label == 'Large format "plotter" printers'
    assert (plotter.category, plotter.commodity_code, plotter.hot) == ("tool", "43212110", False)
    assert edge_props(onet, EdgeKind.USES)[("15-1255.00", plotter.id)] == {"hot": False, "in_demand": False}
    assert Counter(t.category for t in technologies.values()) == {"software": 17, "tool": 5}


def test_job_zones(onet):
    zones = {code: (o.job_zone, o.job_zone_source) for code, o in occupations(onet).items()}
    assert zones[IT_PM] == (4, IT_PM)
    assert zones[WEB_DEV] == (3, WEB_DEV)
    assert zones["11-3021.00"] == (5, "11-3021.00")


def test_typical_education_is_the_most_reported_level(onet):
    by_code = occupations(onet)
    assert (by_code[IT_PM].education, by_code[IT_PM].education_share) == ("Bachelor's Degree", 38.1)
    # 40 % report an associate's and 40 % a bachelor's degree: the lower level is typical.
    assert by_code[WEB_DEV].education == "Associate's Degree (or other 2-year degree)"
    assert by_code[WEB_DEV].education_share == 40.0
    assert (by_code["13-1082.00"].education, by_code["13-1082.00"].education_share) == ("", None)


def test_interests_in_riasec_order_and_only_when_complete(onet):
    by_code = occupations(onet)
    assert by_code[IT_PM].interests == (1.72, 3.68, 1.83, 2.66, 6.02, 5.29)
    assert by_code["11-3021.00"].interests == ()  # no Interests rows


def test_tasks_core_first_then_supplemental_then_untyped_in_file_order(onet):
    assert occupations(onet)[IT_PM].tasks == (
        "Manage project execution to ensure adherence to budget, schedule, and scope.",
        "Monitor or track project milestones and deliverables.",
        "Confer with project personnel to identify and resolve problems.",
        "Develop or update project plans for information technology projects.",
        "Coordinate recruitment or selection of project personnel.",
    )


def test_importance_and_level_merge_into_one_requires_edge(onet):
    requires = [e for e in onet.edges if e.kind == EdgeKind.REQUIRES]
    pairs = Counter((e.source, e.target) for e in requires)
    assert max(pairs.values()) == 1
    props = {(e.source, e.target): e.props for e in requires}
    assert props[(IT_PM, "onet:2.B.5.a")] == {"relation": "essential", "importance": 3.0, "level": 3.75}
    assert props[(IT_PM, "onet:2.B.3.e")] == {"relation": "optional", "importance": 2.88, "level": 3.12}
    assert props[("15-1255.00", "onet:2.B.3.e")]["relation"] == "optional"  # 2.99
    assert props[(IT_PM, "onet:2.C.3.a")] == {"relation": "essential", "importance": 4.12, "level": 5.12}
    for p in props.values():
        assert (p["relation"] == "essential") == (p["importance"] >= IMPORTANT_THRESHOLD)
        assert p["level"] is not None
    assert IMPORTANT_THRESHOLD == 3.0
    assert occupations(onet)[IT_PM].essential_count == 8


def test_elements_become_skill_and_knowledge_nodes_grouped_by_the_content_model(onet):
    concepts = {n.id: n for n in onet.nodes if isinstance(n, Concept)}
    time_management = concepts["onet:2.B.5.a"]
    assert (time_management.label, time_management.node_kind, time_management.skill_type) == (
        "Time Management",
        "Skill",
        "skill",
    )
    assert time_management.group_id == "onet:2.B.5"
    computers = concepts["onet:2.C.3.a"]
    assert (computers.node_kind, computers.skill_type, computers.group_path) == ("Knowledge", "knowledge", ("onet:2.C.3",))
    groups = {n.id: n for n in onet.nodes if isinstance(n, SkillGroup)}
    assert groups["onet:2.B.5"].label == "Resource Management Skills"
    assert groups["onet:2.C.3"].label == "Engineering and Technology"


def test_a_level_without_importance_is_skipped_and_counted(tmp_path):
    folder = copy_release(tmp_path)
    skills = folder / "Skills.txt"
    lines = skills.read_text(encoding="utf-8").splitlines(keepends=True)
    drop = next(i for i, line in enumerate(lines) if line.startswith(f"{IT_PM}\t") and "\t2.B.5.a\t" in line and "\tIM\t" in line)
    del lines[drop]
    skills.write_text("".join(lines), encoding="utf-8")
    data = load_onet([folder])
    skip = data.report.skips["O*NET Skills: element without an importance (IM) value"]
    assert skip.count == 1
    assert skip.examples == [f"{IT_PM} onet:2.B.5.a"]
    assert (IT_PM, "onet:2.B.5.a") not in edge_props(data, EdgeKind.REQUIRES)


def test_rows_naming_an_unknown_code_are_skipped_with_file_and_line(tmp_path):
    folder = copy_release(tmp_path)
    tech = folder / "Technology Skills.txt"
    text = tech.read_text(encoding="utf-8")
    tech.write_text(text + "15-9999.00\tImaginary Occupations\tExcel\t43232110\tSpreadsheet software\tY\tN\n", encoding="utf-8")
    data = load_onet([folder])
    skip = data.report.skips["O*NET Technology Skills row names an O*NET-SOC code not in Occupation Data"]
    assert skip.count == 1
    assert skip.examples == [f"{tech}, line 28: 15-9999.00"]
    assert data.report.rows_read["O*NET Technology Skills"] == 27


def test_only_occupation_data_is_required(tmp_path):
    folder = tmp_path / "db_29_3_text"
    folder.mkdir()
    shutil.copyfile(ONET_FIXTURES / "Occupation Data.txt", folder / "Occupation Data.txt")
    data = load_onet([folder])
    assert len(data.nodes) == 6 and data.edges == []
    assert all(o.job_zone is None and o.tasks == () for o in occupations(data).values())
