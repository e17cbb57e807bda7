"""The foundation on the full official data ($SKILLGRAPH_DATA_DIR): what the loaders read
and skip, the crosswalk coverage, and the seed profile of "ICT project manager".

The counts are those verified in shared/data/README.md.
"""

from __future__ import annotations

from collections import Counter

import pytest

from skillgraph.app.cli import main
from skillgraph.graph.model import Source
from skillgraph.loaders.esco import OCCUPATION_SKILLS
from skillgraph.loaders.tables import SourceFiles
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.search import resolve_occupation

pytestmark = pytest.mark.data

UNKNOWN_OCCUPATION = "http://data.europa.eu/esco/occupation/a9e54177-a185-404d-b6e6-15663d31137e"
UNKNOWN_REASON = "occupation–skill relation names an occupation not in occupations_en"


@pytest.fixture(scope="module")
def relation_rows(full_data_dir):
    """(occupationUri, relationType) of every row of the published relations file."""
    files = SourceFiles(sorted((full_data_dir / "esco-v1.1.1").glob("*.zip")), what="ESCO package")
    return [(row["occupationUri"], row["relationType"]) for row in files.read(OCCUPATION_SKILLS)]


def esco_concepts(store) -> Counter:
    return Counter(
        (d["kind"], d["skill_type"])
        for _, d in store.graph.nodes(data=True)
        if d["kind"] in ("Skill", "Knowledge") and d["source"] == Source.ESCO
    )


def test_esco_occupations_and_concepts(full_store):
    assert len(full_store.occupation_ids(Source.ESCO)) == 3007
    concepts = esco_concepts(full_store)
    assert sum(concepts.values()) == 13896
    assert concepts == {("Skill", "skill/competence"): 10831, ("Knowledge", "knowledge"): 3059, ("Skill", ""): 6}


def test_occupation_skill_relations_read_skipped_and_loaded(full_store, relation_rows):
    info = full_store.info
    assert info["rows_read"]["ESCO occupation–skill relations"] == 123855
    assert len(relation_rows) == 123855
    in_file = Counter(relation for _, relation in relation_rows)
    assert in_file == {"essential": 64946, "optional": 58909}

    assert dict(info["skipped"])[UNKNOWN_REASON] == 67
    assert all(example.endswith(UNKNOWN_OCCUPATION) for example in info["skip_examples"][UNKNOWN_REASON])
    assert "occupationSkillRelations.csv, line " in info["skip_examples"][UNKNOWN_REASON][0]
    assert any(note.startswith("1 occupation URI(s)") and UNKNOWN_OCCUPATION in note for note in info["notes"])
    skipped = Counter(relation for occupation, relation in relation_rows if occupation == UNKNOWN_OCCUPATION)
    assert sum(skipped.values()) == 67

    graph = full_store.graph
    loaded = Counter(
        d["relation"]
        for source, _, d in graph.edges(data=True)
        if d["kind"] == "REQUIRES" and graph.nodes[source]["source"] == Source.ESCO
    )
    assert sum(loaded.values()) == 123788
    assert loaded == in_file - skipped


def test_onet_occupations_and_technology_rows(full_store):
    assert len(full_store.occupation_ids(Source.ONET)) == 1016
    assert full_store.info["rows_read"]["O*NET Technology Skills"] == 32681


def test_esco_occupations_mapped_to_onet(full_store):
    """The default crosswalk choice, ``both``: the official crosswalk's matches, Nesta's
    for the ESCO occupations it leaves out (tests/data/test_crosswalk_choice.py has each)."""
    graph = full_store.graph
    mapped = {s for s, _, kind in graph.edges(data="kind") if kind == "SAME_AS"}
    assert len(mapped) == 2976
    assert all(graph.nodes[s]["source"] == Source.ESCO for s in mapped)


def test_ict_project_manager_profile_matches_the_seed(full_store):
    occupation_id = resolve_occupation(full_store, "ICT project manager")
    profile = occupation_profile(full_store, occupation_id)
    assert profile.occupation.label == "ICT project manager"
    groups = {section.group_label: [item.label for item in section.items] for section in profile.essential_skills}
    assert {"manage ICT project", "perform project management"} <= set(groups["directing, supervising and coordinating projects"])
    assert {"estimate duration of work", "perform resource planning"} <= set(groups["estimating resource needs"])
    knowledge = {item.label for item in profile.knowledge}
    assert {"ICT project management", "ICT project management methodologies", "internal risk management policy"} <= knowledge
    assert "quality standards" in {item.label for item in profile.cross_sector}
    technologies = {t.label: t for t in profile.technologies}
    for label in ("Airtable", "Atlassian JIRA"):
        assert technologies[label].via == "15-1299.09", label
    assert technologies["Atlassian JIRA"].hot and technologies["Atlassian JIRA"].in_demand
    assert [m.id for m in profile.crosswalk] == ["15-1299.09"]


def test_the_seed_software_list_is_that_of_project_management_specialists(full_store):
    # The seed's "Software & Technologies" line (first 20 names) matches O*NET 29.3's list
    # for 13-1082.00 Project Management Specialists; 9 of them, Asana among them, are not
    # listed for 15-1299.09, the crosswalk match of ESCO's "ICT project manager".
    seed = [
        "3M Post-it App",
        "Adobe Acrobat",
        "Adobe InDesign",
        "Adobe Photoshop",
        "ADP Workforce Now",
        "Airtable",
        "Apple Keynote",
        "Apple macOS",
        "Asana",
        "Atlassian Bamboo",
        "Atlassian Confluence",
        "Atlassian JIRA",
        "Autodesk AutoCAD Civil 3D",
        "Bentley MicroStation",
        "Blackboard software",
        "Blink",
        "Cisco Webex",
        "Dropbox",
        "Eko",
        "Evernote",
    ]
    specialists = {t["label"] for t in full_store.technologies("13-1082.00")}
    it_project_managers = {t["label"] for t in full_store.technologies("15-1299.09")}
    assert set(seed) <= specialists
    assert sorted(set(seed) - it_project_managers) == [
        "ADP Workforce Now",
        "Apple Keynote",
        "Asana",
        "Autodesk AutoCAD Civil 3D",
        "Bentley MicroStation",
        "Blink",
        "Dropbox",
        "Eko",
        "Evernote",
    ]


def test_cli_show_prints_the_seed_profile(full_store, full_settings, full_data_dir, monkeypatch, capsys):
    # Same cache as full_store: the snapshot built for it is reused.
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(full_data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(full_settings.cache_dir))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(full_settings.home_dir))
    monkeypatch.delenv("SKILLGRAPH_BACKEND", raising=False)
    assert main(["show", "ICT project manager"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("  directing, supervising and coordinating projects")
    assert lines[start + 1 : start + 3] == [
        "    • manage ICT project  (sector-specific)",
        "    • perform project management  (cross-sector)",
    ]
    start = lines.index("  estimating resource needs")
    assert lines[start + 1 : start + 3] == [
        "    • estimate duration of work  (cross-sector)",
        "    • perform resource planning  (cross-sector)",
    ]
    for label in ("ICT project management", "ICT project management methodologies", "internal risk management policy"):
        assert f"    • {label}  (sector-specific)" in lines
    assert "    • quality standards  (cross-sector)" in lines
    start = next(i for i, line in enumerate(lines) if line.startswith("Software and technologies"))
    assert "O*NET 15-1299.09" in lines[start]
    hot, rest = lines[start + 1].strip().split("; "), lines[start + 2].strip().split("; ")
    assert hot[0] == "★ Atlassian JIRA"  # hot and in demand: first
    assert all(name.startswith("★ ") for name in hot)
    assert "Airtable" in rest and "★ Airtable" not in hot
