"""loaders.esco on files written in the ESCO v1.2.x format (fixtures written here): ids
that appear twice, new columns and files, and packages combined from two releases.

The real v1.2.1 files are tested in place by ``tests/data/test_esco_v121.py``.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from fixture_world import ESCO_FIXTURES

from skillgraph.graph.errors import DataFormatError
from skillgraph.graph.model import EdgeKind, Occupation
from skillgraph.loaders.esco import ESCO_FILES, ESCO_TABLES, load_esco

ALL = (
    "ISCOGroups_en.csv",
    "occupations_en.csv",
    "skillGroups_en.csv",
    "skillsHierarchy_en.csv",
    "skills_en.csv",
    "broaderRelationsOccPillar.csv",
    "broaderRelationsSkillPillar.csv",
    "occupationSkillRelations.csv",
)
ICT_PM = "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"
WEB_DEV = "http://data.europa.eu/esco/occupation/0cc00007-5e1f-4c7a-9d2b-000000000007"


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def physical_line(path: Path, needle: str, nth: int = 0) -> int:
    data = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(nth + 1):
        index = data.index(needle, index + 1)
    return data[:index].count("\n") + 1


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """The fixture package as loose CSVs, ``occupations_en.csv`` in the v1.2.1 layout
    (``modifiedDate`` filled in, the new ``naceCode`` column)."""
    folder = tmp_path / "esco-v1.2.1"
    folder.mkdir()
    for name in ALL:
        shutil.copyfile(ESCO_FIXTURES / name, folder / name)
    rows = read_rows(folder / "occupations_en.csv")
    date = rows[0].index("modifiedDate")
    rows[0].append("naceCode")
    for row in rows[1:]:
        row[date] = "2024-01-25T11:28:50.295Z"
        row.append("http://data.europa.eu/ux2/nace2.1/6201")
    write_rows(folder / "occupations_en.csv", rows)
    return folder


def repeat_row(folder: Path, uri: str, **changes: str) -> None:
    """Append a second row for ``uri`` (the original with ``changes``)."""
    path = folder / "occupations_en.csv"
    rows = read_rows(path)
    header = rows[0]
    original = next(r for r in rows if r[1] == uri)
    copy = list(original)
    for column, value in changes.items():
        copy[header.index(column)] = value
    rows.append(copy)
    write_rows(path, rows)


def occupation(data, uri: str) -> Occupation:
    return next(n for n in data.nodes if isinstance(n, Occupation) and n.id == uri)


def test_the_v121_layout_with_new_columns_loads_without_notes_about_columns(package):
    data = load_esco([package])
    assert data.version == "1.2.1"
    assert data.report.rows_read["ESCO occupations"] == 8
    assert not any("does not know" in n for n in data.report.notes)


def test_a_repeat_differing_only_in_modified_date_keeps_the_newest_and_is_a_note(package):
    repeat_row(package, ICT_PM, modifiedDate="2025-11-26T10:02:16.164Z")
    path = package / "occupations_en.csv"
    first, second = physical_line(path, ICT_PM), physical_line(path, ICT_PM, 1)
    data = load_esco([package])
    assert sum(1 for n in data.nodes if isinstance(n, Occupation)) == 8
    assert data.report.rows_read["ESCO occupations"] == 8
    (note,) = [n for n in data.report.notes if "appear twice" in n]
    assert note == (
        f"{path}: 1 id(s) appear twice, the rows the same except modifiedDate; the newest row of each is kept: "
        f"{ICT_PM} (lines {first} and {second})"
    )


def test_a_conflicting_repeat_names_both_lines_and_keeps_the_newer_row(package):
    repeat_row(package, WEB_DEV, preferredLabel="web developer (revised)", modifiedDate="2025-11-26T10:02:16.164Z")
    path = package / "occupations_en.csv"
    first, second = physical_line(path, WEB_DEV), physical_line(path, WEB_DEV, 1)
    data = load_esco([package])
    assert occupation(data, WEB_DEV).label == "web developer (revised)"
    (note,) = [n for n in data.report.notes if WEB_DEV in n]
    assert f"{WEB_DEV} appears at lines {first} and {second} with different content" in note
    assert "preferredLabel 'web developer' / 'web developer (revised)'" in note
    assert note.endswith(f"kept line {second} (the newer modifiedDate)")


def test_an_older_repeat_later_in_the_file_does_not_replace_the_newer_row(package):
    repeat_row(package, WEB_DEV, preferredLabel="web developer (old)", modifiedDate="2016-07-05T10:00:00Z")
    path = package / "occupations_en.csv"
    first = physical_line(path, WEB_DEV)
    data = load_esco([package])
    assert occupation(data, WEB_DEV).label == "web developer"
    assert any(n.endswith(f"kept line {first} (the newer modifiedDate)") for n in data.report.notes)


def test_a_repeat_without_dates_keeps_the_later_line(package):
    path = package / "ISCOGroups_en.csv"  # published without modifiedDate
    rows = read_rows(path)
    copy = list(rows[1])
    copy[rows[0].index("preferredLabel")] = "Managers (renamed)"
    rows.append(copy)
    write_rows(path, rows)
    data = load_esco([package])
    labels = {n.id: n.label for n in data.nodes if type(n).__name__ == "IscoGroup"}
    assert labels[copy[1]] == "Managers (renamed)"
    later = physical_line(path, f",{copy[1]},", 1)
    assert any(n.endswith(f"kept line {later} (the later line)") for n in data.report.notes)


def test_many_repeats_are_a_malformed_file_not_notes(package):
    path = package / "skills_en.csv"
    rows = read_rows(path)
    write_rows(path, rows + rows[1:] * 1)  # every skill twice: 27 repeats of 54 rows
    with pytest.raises(DataFormatError) as info:
        load_esco([package])
    assert info.value.file == str(path)
    assert "27 of 54 rows repeat an id" in str(info.value)
    assert "expected each id once (a few repeats at most)" in str(info.value)


def test_unknown_columns_and_files_are_reported_known_ones_are_not(package):
    rows = read_rows(package / "skills_en.csv")
    rows[0].append("futureColumn")
    for row in rows[1:]:
        row.append("x")
    write_rows(package / "skills_en.csv", rows)
    (package / "greenShareOcc_en.csv").write_bytes(
        b"conceptType,conceptUri,code,preferredLabel,greenShare\r\nISCO level 3,http://data.europa.eu/esco/isco/C133,133,x,0.1\r\n"
    )
    (package / "brandNewFile_en.csv").write_bytes(b"a,b\r\n1,2\r\n")
    (package / "dictionary_en.csv").write_bytes(
        b"filename,data header,property,description\r\n"
        b"occupations,naceCode,http://data.europa.eu/esco/model#hasNACECode,NACE\r\n"
        b"occupations,brandNewColumn,,new\r\n"
        b"filename,data header,property,description\r\n"
        b"skillSkillRelations,relationType,,ignored file\r\n"
    )
    notes = load_esco([package]).report.notes
    assert f"{package / 'skills_en.csv'}: column(s) skillgraph does not know, not read: futureColumn" in notes
    assert "ESCO package: file(s) skillgraph does not know, not read: brandNewFile_en.csv" in notes
    assert "dictionary_en.csv documents column(s) skillgraph does not know, not read: occupations.brandNewColumn" in notes
    (ignored,) = [n for n in notes if "knowingly not used" in n]
    assert "greenShareOcc_en.csv: the share of green skills" in ignored


def test_every_published_file_name_is_known():
    published = {
        # v1.1.1 classification and relations zips, v1.2.1 package (as in shared/data)
        "broaderRelationsOccPillar.csv",
        "broaderRelationsSkillPillar.csv",
        "occupationSkillRelations.csv",
        "skillSkillRelations.csv",
        "broaderRelationsOccPillar_en.csv",
        "broaderRelationsSkillPillar_en.csv",
        "occupationSkillRelations_en.csv",
        "skillSkillRelations_en.csv",
        "conceptSchemes_en.csv",
        "dictionary_en.csv",
        "digCompSkillsCollection_en.csv",
        "digitalSkillsCollection_en.csv",
        "greenShareOcc_en.csv",
        "greenSkillsCollection_en.csv",
        "ISCOGroups_en.csv",
        "languageSkillsCollection_en.csv",
        "occupations_en.csv",
        "researchOccupationsCollection_en.csv",
        "researchSkillsCollection_en.csv",
        "skillGroups_en.csv",
        "skillsHierarchy_en.csv",
        "skills_en.csv",
        "transversalSkillsCollection_en.csv",
    }
    assert {n.lower() for n in published} == set(ESCO_FILES)
    assert all(name.lower() in ESCO_FILES for table in ESCO_TABLES for name in table.names)


def test_files_of_two_releases_combine_first_path_first(package, tmp_path):
    older = tmp_path / "esco-v1.1.1"
    older.mkdir()
    for name in ("skills_en.csv", "occupationSkillRelations.csv", "broaderRelationsSkillPillar.csv"):
        shutil.move(package / name, older / name)
    data = load_esco([package, older])
    assert data.version == "1.2.1 + 1.1.1"
    (note,) = [n for n in data.report.notes if n.startswith("ESCO files from different releases")]
    assert "1.2.1: ISCOGroups_en.csv, broaderRelationsOccPillar.csv, occupations_en.csv" in note
    assert "1.1.1: broaderRelationsSkillPillar.csv, occupationSkillRelations.csv, skills_en.csv" in note
    assert data.report.rows_read["ESCO occupation–skill relations"] == 80


def test_skill_skill_relations_become_related_edges_that_give_credit(package):
    skills = {
        row["preferredLabel"]: row["conceptUri"] for row in csv.DictReader(open(package / "skills_en.csv", encoding="utf-8"))
    }
    (package / "skillSkillRelations_en.csv").write_text(
        "originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri\r\n"
        f"{skills['manage budgets']},skill/competence,optional,knowledge,{skills['budgetary principles']}\r\n"
        f"{skills['manage budgets']},skill/competence,essential,skill/competence,http://data.europa.eu/esco/skill/nope\r\n",
        encoding="utf-8",
    )
    data = load_esco([package])
    related = [e for e in data.edges if e.kind == EdgeKind.RELATED]
    assert [(e.source, e.target, e.props["relation"]) for e in related] == [
        (skills["manage budgets"], skills["budgetary principles"], "optional")
    ]
    assert any("skill–skill relation names an unknown concept" in s.reason for s in data.report.skips.values())


def test_a_package_without_skill_skill_relations_says_so(package):
    notes = load_esco([package]).report.notes
    assert any("skill–skill relations not in the package" in n for n in notes)
