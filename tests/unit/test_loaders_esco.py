"""loaders.esco on the fixture world: package layouts, node kinds, groups, skips, counts."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from fixture_world import (
    ESCO_CLASSIFICATION_FILES,
    ESCO_CLASSIFICATION_ZIP,
    ESCO_FIXTURES,
    ESCO_RELATION_FILES,
    ESCO_RELATIONS_ZIP,
    zip_files,
)

from skillgraph.graph.errors import DataNotFoundError
from skillgraph.graph.model import Concept, EdgeKind, IscoGroup, Occupation, SkillGroup
from skillgraph.loaders.esco import load_esco
from skillgraph.loaders.records import SourceData, split_labels

ALL_FILES = (*ESCO_CLASSIFICATION_FILES, *ESCO_RELATION_FILES)
UNKNOWN_OCCUPATION = "http://data.europa.eu/esco/occupation/0cc00099-5e1f-4c7a-9d2b-000000000099"
UNKNOWN_REASON = "occupation–skill relation names an occupation not in occupations_en"


def canonical(data: SourceData) -> tuple[set, list]:
    """Nodes and edges of a load, comparable across layouts."""
    nodes = set(data.nodes)
    edges = sorted((e.source, e.target, e.kind.value, tuple(sorted(e.props.items()))) for e in data.edges)
    return nodes, edges


def by_label(data: SourceData, record_type: type) -> dict[str, object]:
    return {n.label: n for n in data.nodes if type(n) is record_type}


def groups_by_code(data: SourceData) -> dict[str, SkillGroup]:
    return {n.code: n for n in data.nodes if isinstance(n, SkillGroup)}


@pytest.fixture(scope="module")
def esco() -> SourceData:
    """The fixture package read from the plain folder of CSVs."""
    return load_esco([ESCO_FIXTURES])


@pytest.fixture(scope="module")
def two_zips(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("esco-two-zips")
    return [
        zip_files(folder / ESCO_CLASSIFICATION_ZIP, {n: ESCO_FIXTURES / n for n in ESCO_CLASSIFICATION_FILES}),
        zip_files(folder / ESCO_RELATIONS_ZIP, {n: ESCO_FIXTURES / n for n in ESCO_RELATION_FILES}),
    ]


def _rewrite(name: str, transform) -> bytes:
    """The fixture CSV ``name`` with each row (header included) passed through ``transform``."""
    with open(ESCO_FIXTURES / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, row in enumerate(rows):
        writer.writerow(transform(index, row))
    return out.getvalue().encode("utf-8")


def v12_package(folder: Path) -> Path:
    """The fixture rewritten the way ESCO v1.2.x publishes it: one zip with a top folder,
    ``…_en.csv`` relation files with label columns, an extra naceCode column."""
    labels: dict[str, str] = {}
    for name in ("occupations_en.csv", "skills_en.csv", "skillGroups_en.csv", "ISCOGroups_en.csv"):
        with open(ESCO_FIXTURES / name, encoding="utf-8", newline="") as fh:
            labels.update((r["conceptUri"], r["preferredLabel"]) for r in csv.DictReader(fh))

    def relations(index: int, row: list[str]) -> list[str]:
        occupation, relation, skill_type, skill = row
        if index == 0:
            return ["occupationUri", "occupationLabel", "relationType", "skillType", "skillUri", "skillLabel"]
        return [occupation, labels.get(occupation, ""), relation, skill_type, skill, labels.get(skill, "")]

    def broader(index: int, row: list[str]) -> list[str]:
        concept_type, concept, broader_type, broader_uri = row
        if index == 0:
            return ["conceptType", "conceptUri", "conceptLabel", "broaderType", "broaderUri", "broaderLabel"]
        return [concept_type, concept, labels.get(concept, ""), broader_type, broader_uri, labels.get(broader_uri, "")]

    def occupations(index: int, row: list[str]) -> list[str]:
        return [*row, "naceCode" if index == 0 else "62.01"]

    top = "ESCO dataset - v1.2.0 - classification - en - csv/"
    members: dict[str, Path | bytes] = {
        top + n: ESCO_FIXTURES / n for n in ("ISCOGroups_en.csv", "skillGroups_en.csv", "skillsHierarchy_en.csv", "skills_en.csv")
    }
    members[top + "occupations_en.csv"] = _rewrite("occupations_en.csv", occupations)
    members[top + "occupationSkillRelations_en.csv"] = _rewrite("occupationSkillRelations.csv", relations)
    members[top + "broaderRelationsOccPillar_en.csv"] = _rewrite("broaderRelationsOccPillar.csv", broader)
    members[top + "broaderRelationsSkillPillar_en.csv"] = _rewrite("broaderRelationsSkillPillar.csv", broader)
    return zip_files(folder / "ESCO dataset - v1.2.0 - classification - en - csv.zip", members)


# -- layouts ------------------------------------------------------------------------------


def test_official_two_zips_give_the_same_graph_as_the_folder(esco, two_zips):
    data = load_esco(two_zips)
    assert canonical(data) == canonical(esco)
    assert data.version == "1.1.1"
    assert esco.version == "unknown"  # a folder without a version in its path


def test_one_zip_holding_everything_gives_the_same_graph(esco, tmp_path):
    top = "ESCO dataset - v1.1.1 - classification - en - csv/"
    archive = zip_files(tmp_path / "esco-all.zip", {top + n: ESCO_FIXTURES / n for n in ALL_FILES})
    assert canonical(load_esco([archive])) == canonical(esco)


def test_v12_naming_with_label_columns_gives_the_same_graph(esco, tmp_path):
    data = load_esco([v12_package(tmp_path)])
    assert data.version == "1.2.0"
    assert canonical(data) == canonical(esco)
    # The relation rows are still found (and line numbers still name the v1.2 file).
    assert data.report.rows_read["ESCO occupation–skill relations"] == 80
    example = data.report.skips[UNKNOWN_REASON].examples[0]
    assert "occupationSkillRelations_en.csv, line 46" in example


def test_a_package_missing_a_table_names_it_and_lists_what_is_there(two_zips):
    with pytest.raises(DataNotFoundError) as info:
        load_esco([two_zips[0]])  # the classification zip without the relations zip
    message = str(info.value)
    assert "none of broaderRelationsSkillPillar_en.csv, broaderRelationsSkillPillar.csv" in message
    assert f"found in {two_zips[0]}" in message
    assert "found: ISCOGroups_en.csv, occupations_en.csv, skillGroups_en.csv, skillsHierarchy_en.csv, skills_en.csv" in message


# -- records ------------------------------------------------------------------------------


def test_exact_counts_of_the_fixture(esco):
    assert dict(esco.report.rows_read) == {
        "ESCO ISCO groups": 11,
        "ESCO skill groups": 22,
        "ESCO skills hierarchy": 23,
        "ESCO skills": 27,
        "ESCO occupations": 8,
        "ESCO skill hierarchy relations": 50,
        "ESCO occupation hierarchy": 17,
        "ESCO occupation–skill relations": 80,
    }
    kinds = Counter(n.node_kind if isinstance(n, Concept) else type(n).kind.value for n in esco.nodes)
    assert kinds == {"Occupation": 8, "Skill": 15, "Knowledge": 12, "SkillGroup": 23, "IscoGroup": 11}
    edges = Counter(e.kind for e in esco.edges)
    assert edges == {EdgeKind.REQUIRES: 78, EdgeKind.BROADER: 34, EdgeKind.IN_GROUP: 33}
    relations = Counter(e.props["relation"] for e in esco.edges if e.kind == EdgeKind.REQUIRES)
    assert relations == {"essential": 48, "optional": 30}


def test_alt_labels_are_split_on_newlines_in_published_order(esco):
    occupations = by_label(esco, Occupation)
    assert occupations["ICT project manager"].alt_labels == (
        "IT project manager",
        "ICT project managers",
        "web project manager",
        "ICT project manager",
        "IT projects manager",
    )
    skills = by_label(esco, Concept)
    assert skills["JavaScript"].alt_labels == ("JS", "ECMAScript")


def test_split_labels_strips_blanks_repeats_and_carriage_returns():
    assert split_labels(" a \r\nb\n\n a\nc ") == ("a", "b", "c")
    assert split_labels("") == ()


def test_occupation_fields(esco):
    occupation = by_label(esco, Occupation)["ICT project manager"]
    assert occupation.id == "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"
    assert (occupation.source, occupation.code, occupation.isco_code) == ("ESCO", "1330.7", "1330")
    assert occupation.description.startswith("ICT project managers plan, schedule")
    # 10 essential requirements: 5 skills, 4 knowledge concepts, 1 transversal skill.
    assert occupation.essential_count == 10
    assert occupation.job_zone is None  # only the crosswalk gives ESCO occupations a job zone


def test_knowledge_skill_and_blank_type_node_kinds(esco):
    concepts = by_label(esco, Concept)
    knowledge = concepts["ICT project management"]
    assert (knowledge.node_kind, knowledge.skill_type, knowledge.reuse_level) == ("Knowledge", "knowledge", "sector-specific")
    skill = concepts["manage ICT project"]
    assert (skill.node_kind, skill.skill_type) == ("Skill", "skill/competence")
    blank = concepts["digital communication and collaboration"]
    assert (blank.node_kind, blank.skill_type, blank.reuse_level) == ("Skill", "", "")
    assert any("1 ESCO skills have no skillType" in note for note in esco.report.notes)
    assert concepts["work in teams"].reuse_level == "transversal"


def test_every_skill_gets_a_group_and_a_path_from_the_top(esco):
    groups = {n.id: n for n in esco.nodes if isinstance(n, SkillGroup)}
    concepts = [n for n in esco.nodes if isinstance(n, Concept)]
    assert len(concepts) == 27
    for concept in concepts:
        assert concept.group_id in groups, concept.label
        assert concept.group_path[-1] == concept.group_id
        assert groups[concept.group_path[0]].level == 0
        assert [groups[g].level for g in concept.group_path] == list(range(len(concept.group_path)))
    assert not any("no skill group" in note for note in esco.report.notes)


def test_group_paths_follow_the_four_level_hierarchy(esco):
    code = {c: g.id for c, g in groups_by_code(esco).items()}
    concepts = by_label(esco, Concept)
    # A direct group wins over the group of a broader skill.
    assert concepts["manage ICT project"].group_path == (code["S"], code["S4"], code["S4.2"], code["S4.2.3"])
    # No direct group: the group of its broader skill ("perform project management").
    assert concepts["organise project meetings"].group_id == code["S4.2.3"]
    # A skill placed directly in a level-2 group.
    assert concepts["manage budgets"].group_path == (code["S"], code["S4"], code["S4.2"])
    # Knowledge sits in the ISCED-F fields.
    assert concepts["quality standards"].group_path == (code["K"], code["04"], code["041"], code["0413"])


def test_skill_groups_levels_and_a_top_concept_only_the_hierarchy_names(esco):
    groups = groups_by_code(esco)
    assert {c: groups[c].level for c in ("S", "S4", "S4.2", "S4.2.3")} == {"S": 0, "S4": 1, "S4.2": 2, "S4.2.3": 3}
    assert groups["S4.2.3"].label == "directing, supervising and coordinating projects"
    # "transversal skills and competences" is not in skillGroups_en.csv: taken from the hierarchy.
    assert groups["T"].label == "transversal skills and competences"
    assert groups["T"].level == 0


def test_hierarchy_and_group_edges(esco):
    ids = {n.label: n.id for n in esco.nodes if isinstance(n, (Occupation, Concept))}
    isco = {n.code: n.id for n in esco.nodes if isinstance(n, IscoGroup)}
    edges = {(e.source, e.target): e.kind for e in esco.edges}
    assert edges[(ids["mobile app developer"], ids["software developer"])] == EdgeKind.BROADER
    assert edges[(ids["software developer"], isco["2512"])] == EdgeKind.IN_GROUP
    assert edges[(isco["2512"], isco["251"])] == EdgeKind.BROADER
    assert edges[(ids["Agile project management"], ids["ICT project management methodologies"])] == EdgeKind.BROADER
    assert (ids["mobile app developer"], isco["2512"]) not in edges  # its ISCO group comes via its broader occupation
    assert {n.code: n.level for n in esco.nodes if isinstance(n, IscoGroup)}["1330"] == 4


def test_requires_edges_carry_the_relation(esco):
    ids = {n.label: n.id for n in esco.nodes if isinstance(n, (Occupation, Concept))}
    relation = {(e.source, e.target): e.props["relation"] for e in esco.edges if e.kind == EdgeKind.REQUIRES}
    pm = ids["ICT project manager"]
    assert relation[(pm, ids["manage ICT project"])] == "essential"
    assert relation[(pm, ids["Agile project management"])] == "optional"
    assert relation[(pm, ids["digital communication and collaboration"])] == "optional"
    assert (pm, ids["JavaScript"]) not in relation


def test_relation_naming_an_unknown_occupation_is_skipped_and_counted_with_file_and_line(two_zips):
    data = load_esco(two_zips)
    skip = data.report.skips[UNKNOWN_REASON]
    assert skip.count == 2
    member = f"{ESCO_RELATIONS_ZIP}!occupationSkillRelations.csv"
    assert skip.examples == [
        f"{member}, line 46: {UNKNOWN_OCCUPATION}",
        f"{member}, line 47: {UNKNOWN_OCCUPATION}",
    ]
    assert all(e.source != UNKNOWN_OCCUPATION for e in data.edges)
    assert any("1 occupation URI(s)" in n and UNKNOWN_OCCUPATION in n for n in data.report.notes)
    # Nothing else in the fixture is skipped.
    assert set(data.report.skips) == {UNKNOWN_REASON}
