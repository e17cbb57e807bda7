"""ESCO CSV download package → occupations, skills, knowledge, skill groups, ISCO groups.

Reads the package as the ESCO portal publishes it: a folder, one zip (v1.2.x) or several
zips (v1.1.x ships "classification" and "relations" separately). v1.1.x names the
relations ``occupationSkillRelations.csv`` (4 columns); v1.2.x names every relations
file ``…_en.csv`` and adds label columns, which are ignored.

Decisions worth knowing:

* A skill whose ``skillType`` is ``knowledge`` becomes a ``Knowledge`` node; every other
  one (``skill/competence`` and the six v1.1.1 concepts with no type, which are DigComp
  competence areas such as "ICT safety") becomes a ``Skill`` node.
* Each skill gets one group, the one the seed profile shows it under: its first broader
  concept that is a skill group, else the group of its nearest broader skill. Its
  ``group_path`` runs from the top of the skills hierarchy down to that group.
* Relations naming ids that are not in the package are skipped and counted, never fatal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from skillgraph.graph.errors import DataFormatError
from skillgraph.graph.model import Concept, EdgeKind, IscoGroup, NodeKind, Occupation, SkillGroup, Source
from skillgraph.loaders.records import Edge, LoadReport, SourceData, split_labels
from skillgraph.loaders.tables import SourceFiles, Table

__all__ = ["load_esco", "ESCO_TABLES"]

OCCUPATIONS = Table(
    "ESCO occupations",
    ("occupations_en.csv",),
    required=("conceptUri", "preferredLabel", "iscoGroup"),
    optional=("altLabels", "description", "code", "conceptType"),
)
SKILLS = Table(
    "ESCO skills",
    ("skills_en.csv",),
    required=("conceptUri", "preferredLabel", "skillType", "reuseLevel"),
    optional=("altLabels", "description"),
)
SKILL_GROUPS = Table(
    "ESCO skill groups",
    ("skillGroups_en.csv",),
    required=("conceptUri", "preferredLabel"),
    optional=("code", "description"),
)
SKILLS_HIERARCHY = Table(
    "ESCO skills hierarchy",
    ("skillsHierarchy_en.csv",),
    required=("Level 0 URI", "Level 0 preferred term"),
    optional=(
        "Level 1 URI",
        "Level 1 preferred term",
        "Level 2 URI",
        "Level 2 preferred term",
        "Level 3 URI",
        "Level 3 preferred term",
        "Level 0 code",
        "Level 1 code",
        "Level 2 code",
        "Level 3 code",
    ),
)
ISCO_GROUPS = Table(
    "ESCO ISCO groups",
    ("ISCOGroups_en.csv",),
    required=("conceptUri", "code", "preferredLabel"),
    optional=("description",),
)
OCCUPATION_SKILLS = Table(
    "ESCO occupation–skill relations",
    ("occupationSkillRelations_en.csv", "occupationSkillRelations.csv"),
    required=("occupationUri", "relationType", "skillUri"),
    optional=("skillType",),
)
BROADER_OCCUPATIONS = Table(
    "ESCO occupation hierarchy",
    ("broaderRelationsOccPillar_en.csv", "broaderRelationsOccPillar.csv"),
    required=("conceptType", "conceptUri", "broaderType", "broaderUri"),
)
BROADER_SKILLS = Table(
    "ESCO skill hierarchy relations",
    ("broaderRelationsSkillPillar_en.csv", "broaderRelationsSkillPillar.csv"),
    required=("conceptType", "conceptUri", "broaderType", "broaderUri"),
)

ESCO_TABLES = (
    OCCUPATIONS,
    SKILLS,
    SKILL_GROUPS,
    SKILLS_HIERARCHY,
    ISCO_GROUPS,
    OCCUPATION_SKILLS,
    BROADER_OCCUPATIONS,
    BROADER_SKILLS,
)

_RELATIONS = {"essential", "optional"}
_SKILL_TYPES = {"skill/competence", "knowledge", ""}
_REUSE_LEVELS = {"transversal", "cross-sector", "sector-specific", "occupation-specific", ""}


def load_esco(paths: Sequence[Path]) -> SourceData:
    """Read an ESCO CSV package (folder, one zip or several zips).

    Parameters
    ----------
    paths : sequence of Path
        The folder(s) and/or zip(s) of one ESCO release.

    Returns
    -------
    SourceData
        Nodes (Occupation, Concept, SkillGroup, IscoGroup records), edges and a report.

    Raises
    ------
    DataNotFoundError
        A required table is not in the package.
    DataFormatError
        A table does not have the published shape (names file, line, column).
    """
    files = SourceFiles(paths, what="ESCO package")
    version = _guess_version(paths)
    data = SourceData("ESCO", version)
    report = data.report

    isco = _read_isco_groups(files, report)
    groups = _read_skill_groups(files, report)
    levels, hierarchy_paths = _read_hierarchy(files, groups, report)
    skills = _read_skills(files, report)
    occupations = _read_occupations(files, isco, report)

    edges: list[Edge] = []
    skill_parents = _read_skill_broader(files, skills, groups, edges, report)
    _read_occupation_broader(files, occupations, isco, edges, report)
    requires = _read_requirements(files, occupations, skills, report)
    edges.extend(requires)

    essential_counts: dict[str, int] = defaultdict(int)
    for edge in requires:
        if edge.props["relation"] == "essential":
            essential_counts[edge.source] += 1

    group_of = _assign_groups(skills, skill_parents, groups)
    for uri, group in groups.items():
        data.nodes.append(SkillGroup(uri, group["label"], Source.ESCO, group["code"], levels.get(uri), group["description"]))
    for uri, code_label in isco.items():
        code, label, description = code_label
        data.nodes.append(IscoGroup(uri, label, Source.ESCO, code, description, len(code)))
    for uri, skill in skills.items():
        group_id = group_of.get(uri, "")
        data.nodes.append(
            Concept(
                id=uri,
                label=skill["label"],
                source=Source.ESCO,
                node_kind=NodeKind.KNOWLEDGE if skill["type"] == "knowledge" else NodeKind.SKILL,
                skill_type=skill["type"],
                reuse_level=skill["reuse"],
                description=skill["description"],
                alt_labels=skill["alt"],
                group_id=group_id,
                group_path=hierarchy_paths.get(group_id, (group_id,) if group_id else ()),
            )
        )
    for uri, occ in occupations.items():
        data.nodes.append(
            Occupation(
                id=uri,
                label=occ["label"],
                source=Source.ESCO,
                description=occ["description"],
                alt_labels=occ["alt"],
                code=occ["code"],
                isco_code=occ["isco"],
                essential_count=essential_counts.get(uri, 0),
            )
        )
    data.edges = edges
    untyped = sum(1 for s in skills.values() if not s["type"])
    if untyped:
        report.notes.append(f"{untyped} ESCO skills have no skillType; they are loaded as Skill nodes (skill_type '')")
    no_group = sum(1 for uri in skills if not group_of.get(uri))
    if no_group:
        report.notes.append(f"{no_group} ESCO skills have no skill group in the hierarchy")
    return data


def _guess_version(paths: Sequence[Path]) -> str:
    import re

    for path in paths:
        match = re.search(r"v(\d+\.\d+(?:\.\d+)?)", str(path))
        if match:
            return match.group(1)
    return "unknown"


def _check_duplicate(seen: dict[str, int], uri: str, line: int, display: str, column: str) -> None:
    if uri in seen:
        raise DataFormatError(
            display,
            f"duplicated id {uri!r} (first at line {seen[uri]})",
            line=line,
            column=column,
            expected="each id once",
        )
    seen[uri] = line


def _require(value: str, display: str, line: int, column: str, expected: str) -> str:
    if not value:
        raise DataFormatError(display, "empty value", line=line, column=column, expected=expected)
    return value


def _read_isco_groups(files: SourceFiles, report: LoadReport) -> dict[str, tuple[str, str, str]]:
    member = files.find(ISCO_GROUPS)
    out: dict[str, tuple[str, str, str]] = {}
    seen: dict[str, int] = {}
    for row in files.read(ISCO_GROUPS):
        uri = _require(row["conceptUri"], member.display, row.line, "conceptUri", "an ISCO group URI")
        _check_duplicate(seen, uri, row.line, member.display, "conceptUri")
        code = row["code"]
        if not code.isdigit() or len(code) > 4:
            raise DataFormatError(
                member.display,
                "not an ISCO-08 code",
                line=row.line,
                column="code",
                expected="1 to 4 digits",
                found=repr(code),
            )
        out[uri] = (code, row["preferredLabel"], row["description"])
    report.rows_read[ISCO_GROUPS.title] = len(out)
    return out


def _read_skill_groups(files: SourceFiles, report: LoadReport) -> dict[str, dict[str, str]]:
    member = files.find(SKILL_GROUPS)
    out: dict[str, dict[str, str]] = {}
    seen: dict[str, int] = {}
    for row in files.read(SKILL_GROUPS):
        uri = _require(row["conceptUri"], member.display, row.line, "conceptUri", "a skill group URI")
        _check_duplicate(seen, uri, row.line, member.display, "conceptUri")
        out[uri] = {"label": row["preferredLabel"], "code": row["code"], "description": row["description"]}
    report.rows_read[SKILL_GROUPS.title] = len(out)
    return out


def _read_hierarchy(
    files: SourceFiles, groups: dict[str, dict[str, str]], report: LoadReport
) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    """Level of each group and its path from the top, from skillsHierarchy_en.csv."""
    levels: dict[str, int] = {}
    paths: dict[str, tuple[str, ...]] = {}
    rows = 0
    for row in files.read(SKILLS_HIERARCHY):
        rows += 1
        path: list[str] = []
        for level in range(4):
            uri = row[f"Level {level} URI"]
            if not uri:
                break
            path.append(uri)
            levels.setdefault(uri, level)
            paths.setdefault(uri, tuple(path))
            if uri not in groups:
                # The hierarchy names a few top concepts that skillGroups_en.csv omits.
                groups[uri] = {
                    "label": row[f"Level {level} preferred term"],
                    "code": row[f"Level {level} code"],
                    "description": "",
                }
    report.rows_read[SKILLS_HIERARCHY.title] = rows
    return levels, paths


def _read_skills(files: SourceFiles, report: LoadReport) -> dict[str, dict]:
    member = files.find(SKILLS)
    out: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for row in files.read(SKILLS):
        uri = _require(row["conceptUri"], member.display, row.line, "conceptUri", "a skill URI")
        _check_duplicate(seen, uri, row.line, member.display, "conceptUri")
        skill_type = row["skillType"]
        if skill_type not in _SKILL_TYPES:
            raise DataFormatError(
                member.display,
                "unknown skill type",
                line=row.line,
                column="skillType",
                expected="skill/competence, knowledge or empty",
                found=repr(skill_type),
            )
        reuse = row["reuseLevel"]
        if reuse not in _REUSE_LEVELS:
            raise DataFormatError(
                member.display,
                "unknown reuse level",
                line=row.line,
                column="reuseLevel",
                expected="transversal, cross-sector, sector-specific, occupation-specific or empty",
                found=repr(reuse),
            )
        out[uri] = {
            "label": _require(row["preferredLabel"], member.display, row.line, "preferredLabel", "a label"),
            "type": skill_type,
            "reuse": reuse,
            "description": row["description"],
            "alt": split_labels(row["altLabels"]),
        }
    report.rows_read[SKILLS.title] = len(out)
    return out


def _read_occupations(files: SourceFiles, isco: dict[str, tuple[str, str, str]], report: LoadReport) -> dict[str, dict]:
    member = files.find(OCCUPATIONS)
    out: dict[str, dict] = {}
    seen: dict[str, int] = {}
    isco_codes = {code for code, _, _ in isco.values()}
    unknown_isco: list[str] = []
    for row in files.read(OCCUPATIONS):
        uri = _require(row["conceptUri"], member.display, row.line, "conceptUri", "an occupation URI")
        _check_duplicate(seen, uri, row.line, member.display, "conceptUri")
        isco_code = row["iscoGroup"]
        if isco_code and (not isco_code.isdigit() or len(isco_code) != 4):
            raise DataFormatError(
                member.display,
                "not an ISCO-08 unit group code",
                line=row.line,
                column="iscoGroup",
                expected="4 digits",
                found=repr(isco_code),
            )
        if isco_code and isco_code not in isco_codes:
            unknown_isco.append(f"{uri} ({isco_code})")
        out[uri] = {
            "label": _require(row["preferredLabel"], member.display, row.line, "preferredLabel", "a label"),
            "alt": split_labels(row["altLabels"]),
            "description": row["description"],
            "code": row["code"],
            "isco": isco_code,
        }
    report.rows_read[OCCUPATIONS.title] = len(out)
    if unknown_isco:
        report.notes.append(
            f"{len(unknown_isco)} occupation(s) name an ISCO group missing from ISCOGroups_en "
            f"(kept, without the group link): {', '.join(unknown_isco[:3])}"
        )
    return out


class _Parents:
    __slots__ = ("groups", "skills")

    def __init__(self) -> None:
        self.groups: list[str] = []
        self.skills: list[str] = []


def _read_skill_broader(
    files: SourceFiles,
    skills: dict[str, dict],
    groups: dict[str, dict[str, str]],
    edges: list[Edge],
    report: LoadReport,
) -> dict[str, _Parents]:
    member = files.find(BROADER_SKILLS)
    parents: dict[str, _Parents] = defaultdict(_Parents)
    seen: set[tuple[str, str]] = set()
    rows = 0
    for row in files.read(BROADER_SKILLS):
        rows += 1
        child, parent = row["conceptUri"], row["broaderUri"]
        if (child, parent) in seen:
            report.skip("duplicated skill hierarchy relation", f"{member.display}, line {row.line}")
            continue
        seen.add((child, parent))
        child_is_group = child in groups
        if child not in skills and not child_is_group:
            report.skip("skill hierarchy relation names an unknown concept", f"{member.display}, line {row.line}: {child}")
            continue
        if parent in groups:
            if child_is_group:
                edges.append(Edge(child, parent, EdgeKind.BROADER))
            else:
                edges.append(Edge(child, parent, EdgeKind.IN_GROUP))
                parents[child].groups.append(parent)
        elif parent in skills and not child_is_group:
            edges.append(Edge(child, parent, EdgeKind.BROADER))
            parents[child].skills.append(parent)
        else:
            report.skip("skill hierarchy relation names an unknown concept", f"{member.display}, line {row.line}: {parent}")
    report.rows_read[BROADER_SKILLS.title] = rows
    return parents


def _assign_groups(skills: dict[str, dict], parents: dict[str, _Parents], groups: dict[str, dict[str, str]]) -> dict[str, str]:
    """Each skill's display group: first direct group, else nearest broader skill's group."""
    group_of: dict[str, str] = {}

    def resolve(uri: str, visiting: set[str]) -> str:
        if uri in group_of:
            return group_of[uri]
        entry = parents.get(uri)
        found = ""
        if entry is not None:
            if entry.groups:
                found = entry.groups[0]
            else:
                visiting.add(uri)
                for parent in entry.skills:
                    if parent not in visiting:
                        found = resolve(parent, visiting)
                        if found:
                            break
                visiting.discard(uri)
        group_of[uri] = found
        return found

    for uri in skills:
        resolve(uri, set())
    return group_of


def _read_occupation_broader(
    files: SourceFiles,
    occupations: dict[str, dict],
    isco: dict[str, tuple[str, str, str]],
    edges: list[Edge],
    report: LoadReport,
) -> None:
    member = files.find(BROADER_OCCUPATIONS)
    rows = 0
    for row in files.read(BROADER_OCCUPATIONS):
        rows += 1
        child, parent = row["conceptUri"], row["broaderUri"]
        known_child = child in occupations or child in isco
        known_parent = parent in occupations or parent in isco
        if not known_child or not known_parent:
            missing = child if not known_child else parent
            report.skip(
                "occupation hierarchy relation names an occupation not in occupations_en",
                f"{member.display}, line {row.line}: {missing}",
            )
            continue
        if child in occupations and parent in isco:
            edges.append(Edge(child, parent, EdgeKind.IN_GROUP))
        else:
            edges.append(Edge(child, parent, EdgeKind.BROADER))
    report.rows_read[BROADER_OCCUPATIONS.title] = rows


def _read_requirements(
    files: SourceFiles, occupations: dict[str, dict], skills: dict[str, dict], report: LoadReport
) -> list[Edge]:
    member = files.find(OCCUPATION_SKILLS)
    edges: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    unknown_occupations: set[str] = set()
    rows = 0
    for row in files.read(OCCUPATION_SKILLS):
        rows += 1
        occupation, skill, relation = row["occupationUri"], row["skillUri"], row["relationType"]
        if relation not in _RELATIONS:
            raise DataFormatError(
                member.display,
                "unknown relation type",
                line=row.line,
                column="relationType",
                expected="essential or optional",
                found=repr(relation),
            )
        if occupation not in occupations:
            unknown_occupations.add(occupation)
            report.skip(
                "occupation–skill relation names an occupation not in occupations_en",
                f"{member.display}, line {row.line}: {occupation}",
            )
            continue
        if skill not in skills:
            report.skip(
                "occupation–skill relation names a skill not in skills_en",
                f"{member.display}, line {row.line}: {skill}",
            )
            continue
        if (occupation, skill) in seen:
            report.skip("duplicated occupation–skill relation", f"{member.display}, line {row.line}")
            continue
        seen.add((occupation, skill))
        edges.append(Edge(occupation, skill, EdgeKind.REQUIRES, {"relation": relation}))
    report.rows_read[OCCUPATION_SKILLS.title] = rows
    if unknown_occupations:
        listed = ", ".join(sorted(unknown_occupations)[:3])
        report.notes.append(
            f"{len(unknown_occupations)} occupation URI(s) named by occupation–skill relations "
            f"are not in occupations_en: {listed}"
        )
    return edges
