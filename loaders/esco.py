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
* An id that appears twice (ESCO v1.2.1's ``occupations_en.csv`` has 4 URIs twice, the
  rows differing only in ``modifiedDate``) keeps its newest row and is reported as a
  note; rows that differ in content are reported with both lines, the newest kept. An
  id column that does not hold URIs, or a table in which many ids repeat, is an error:
  that is not the file as published.
* Every file and column of the v1.1.x and v1.2.x packages is either read or knowingly
  left out (:data:`ESCO_FILES`, each table's ``ignored`` columns); anything else in the
  package is reported as a note, and so are columns that ``dictionary_en.csv`` (v1.2)
  documents but skillgraph does not know.
* Files of different releases can be combined (the v1.2.1 files with the v1.1.1 skill
  files when a v1.2 package is incomplete): the first path given wins for each file, the
  version reads e.g. ``1.2.1 + 1.1.1`` and a note lists which file came from which.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from skillgraph.graph.errors import DataFormatError
from skillgraph.graph.model import Concept, EdgeKind, IscoGroup, NodeKind, Occupation, SkillGroup, Source
from skillgraph.loaders.records import Edge, LoadReport, SourceData, split_labels
from skillgraph.loaders.tables import Row, SourceFiles, Table

__all__ = ["load_esco", "ESCO_TABLES", "ESCO_FILES"]

# For the tables keyed by a concept URI, every published column is read: a repeated id is
# compared over all of them ("the same except modifiedDate" or a real conflict).
_CONCEPT_TEXT = ("hiddenLabels", "status", "scopeNote", "definition", "inScheme")
OCCUPATIONS = Table(
    "ESCO occupations",
    ("occupations_en.csv",),
    required=("conceptUri", "preferredLabel", "iscoGroup"),
    optional=("altLabels", "description", "code", "conceptType", "modifiedDate", "regulatedProfessionNote", "naceCode")
    + _CONCEPT_TEXT,
    ignored=(
        "conceptType",
        "hiddenLabels",
        "status",
        "regulatedProfessionNote",
        "scopeNote",
        "definition",
        "inScheme",
        "naceCode",
    ),
)
SKILLS = Table(
    "ESCO skills",
    ("skills_en.csv",),
    required=("conceptUri", "preferredLabel", "skillType", "reuseLevel"),
    optional=("altLabels", "description", "conceptType", "modifiedDate") + _CONCEPT_TEXT,
    ignored=("conceptType", "hiddenLabels", "status", "scopeNote", "definition", "inScheme"),
)
SKILL_GROUPS = Table(
    "ESCO skill groups",
    ("skillGroups_en.csv",),
    required=("conceptUri", "preferredLabel"),
    optional=("code", "description", "conceptType", "altLabels", "modifiedDate") + _CONCEPT_TEXT,
    ignored=("conceptType", "altLabels", "hiddenLabels", "status", "scopeNote", "definition", "inScheme"),
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
    ignored=("Description", "Scope note"),
)
ISCO_GROUPS = Table(
    "ESCO ISCO groups",
    ("ISCOGroups_en.csv",),
    required=("conceptUri", "code", "preferredLabel"),
    optional=("description", "conceptType", "status", "altLabels", "inScheme"),
    ignored=("conceptType", "status", "altLabels", "inScheme"),
)
OCCUPATION_SKILLS = Table(
    "ESCO occupation–skill relations",
    ("occupationSkillRelations_en.csv", "occupationSkillRelations.csv"),
    required=("occupationUri", "relationType", "skillUri"),
    optional=("skillType",),
    ignored=("occupationLabel", "skillLabel"),
)
BROADER_OCCUPATIONS = Table(
    "ESCO occupation hierarchy",
    ("broaderRelationsOccPillar_en.csv", "broaderRelationsOccPillar.csv"),
    required=("conceptType", "conceptUri", "broaderType", "broaderUri"),
    ignored=("conceptLabel", "broaderLabel"),
)
BROADER_SKILLS = Table(
    "ESCO skill hierarchy relations",
    ("broaderRelationsSkillPillar_en.csv", "broaderRelationsSkillPillar.csv"),
    required=("conceptType", "conceptUri", "broaderType", "broaderUri"),
    ignored=("conceptLabel", "broaderLabel"),
)
SKILL_RELATIONS = Table(
    "ESCO skill–skill relations",
    ("skillSkillRelations_en.csv", "skillSkillRelations.csv"),
    required=("originalSkillUri", "relationType", "relatedSkillUri"),
    optional=("originalSkillType", "relatedSkillType"),
    ignored=("originalSkillType", "relatedSkillType", "originalSkillLabel", "relatedSkillLabel"),
)
DICTIONARY = Table(
    "ESCO column dictionary",
    ("dictionary_en.csv",),
    required=("filename", "data header"),
    optional=("property", "description"),
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
    SKILL_RELATIONS,
)

#: Every file of the ESCO CSV package (v1.1.x and v1.2.x names, lower case) and why it is
#: read or left out. Files not listed here are reported as unknown.
ESCO_FILES: dict[str, str] = {
    **{name.lower(): "read" for table in ESCO_TABLES for name in table.names},
    "dictionary_en.csv": "read: the columns it documents are checked against those skillgraph knows",
    "greenshareocc_en.csv": "not used: the share of green skills of each occupation and ISCO group",
    "conceptschemes_en.csv": "not used: the concept schemes, ESCO's lists of top concepts",
    **{
        f"{name}collection_en.csv": "not used: collections, subsets of skills_en or occupations_en"
        for name in ("digcompskills", "digitalskills", "greenskills", "languageskills", "researchoccupations", "researchskills")
    },
    "transversalskillscollection_en.csv": "not used: collections, subsets of skills_en or occupations_en",
}
# dictionary_en.csv names files without the extension and language ("occupations").
_DICTIONARY_NAMES = {table.names[-1].rsplit(".", 1)[0].removesuffix("_en").lower(): table for table in ESCO_TABLES}
# How many repeated ids a table may have before it is taken for a malformed file.
_MAX_REPEATS = (10, 0.01)  # at most max(10, 1 % of the rows)
_URI = re.compile(r"^https?://\S+$")

_RELATIONS = {"essential", "optional"}
_SKILL_TYPES = {"skill/competence", "knowledge", ""}
_REUSE_LEVELS = {"transversal", "cross-sector", "sector-specific", "occupation-specific", ""}


def load_esco(paths: Sequence[Path]) -> SourceData:
    """Read an ESCO CSV package (folder, one zip or several zips).

    Parameters
    ----------
    paths : sequence of Path
        The folder(s) and/or zip(s) of one ESCO release; for a file present in several,
        the first path wins (so an incomplete v1.2 package can be completed with v1.1
        files given after it).

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
    with files.reading():
        return _load(files, paths)


def _load(files: SourceFiles, paths: Sequence[Path]) -> SourceData:
    data = SourceData("ESCO", "unknown")
    report = data.report

    isco = _read_isco_groups(files, report)
    groups = _read_skill_groups(files, report)
    levels, hierarchy_paths = _read_hierarchy(files, groups, report)
    skills = _read_skills(files, report)
    occupations = _read_occupations(files, isco, report)

    edges: list[Edge] = []
    skill_parents = _read_skill_broader(files, skills, groups, edges, report)
    _read_occupation_broader(files, occupations, isco, edges, report)
    _read_skill_relations(files, skills, edges, report)
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
    data.version = _version(files, paths, report)
    _check_files_and_columns(files, report)
    report.notes.extend(files.notes())
    return data


_VERSION = re.compile(r"v(\d+\.\d+(?:\.\d+)?)")


def _guess_version(paths: Iterable[Path]) -> str:
    for path in paths:
        match = _VERSION.search(str(path))
        if match:
            return match.group(1)
    return "unknown"


def _version(files: SourceFiles, paths: Sequence[Path], report: LoadReport) -> str:
    """The release the files read came from, e.g. ``1.2.1``; ``1.2.1 + 1.1.1`` (with a
    note naming the files of each) when they come from different releases."""
    by_version: dict[str, list[str]] = defaultdict(list)
    for table in ESCO_TABLES:
        member = next((files.member_named(n) for n in table.names if files.member_named(n) is not None), None)
        if member is not None:
            by_version[_guess_version([member.origin])].append(member.name)
    if len(by_version) <= 1:
        return next(iter(by_version), _guess_version(paths))
    versions = sorted(by_version, key=lambda v: -len(by_version[v]))
    report.notes.append(
        "ESCO files from different releases: "
        + "; ".join(f"{v}: {', '.join(sorted(by_version[v]))}" for v in versions)
        + " (for a file present in several, the first path given is used)"
    )
    return " + ".join(versions)


def _check_files_and_columns(files: SourceFiles, report: LoadReport) -> None:
    """Notes for files and columns that skillgraph neither reads nor knowingly leaves out."""
    unknown_files = sorted(n for n in files.names() if n.lower() not in ESCO_FILES and n.lower().endswith(".csv"))
    if unknown_files:
        report.notes.append(f"ESCO package: file(s) skillgraph does not know, not read: {', '.join(unknown_files)}")
    by_reason: dict[str, list[str]] = defaultdict(list)
    for name in files.names():
        reason = ESCO_FILES.get(name.lower(), "read")
        if reason.startswith("not used: "):
            by_reason[reason.removeprefix("not used: ")].append(name)
    if by_reason:
        report.notes.append(
            f"ESCO package: {sum(map(len, by_reason.values()))} file(s) knowingly not used — "
            + "; ".join(f"{', '.join(names)}: {reason}" for reason, names in by_reason.items())
        )
    for table in ESCO_TABLES:
        member = next((files.member_named(n) for n in table.names if files.member_named(n) is not None), None)
        if member is None or not member.header:
            continue
        known = {*table.required, *table.optional, *table.ignored}
        new = [c for c in member.header if c and c not in known]
        if new:
            report.notes.append(f"{member.display}: column(s) skillgraph does not know, not read: {', '.join(new)}")
    if files.has(DICTIONARY):
        undocumented: list[str] = []
        for row in files.read(DICTIONARY):
            name, column = row["filename"], row["data header"]
            if name == "filename" and column == "data header":
                continue  # the dictionary repeats its header before the relations files
            table = _DICTIONARY_NAMES.get(name.lower())
            if table is not None and column not in {*table.required, *table.optional, *table.ignored}:
                undocumented.append(f"{name}.{column}")
        if undocumented:
            report.notes.append(
                "dictionary_en.csv documents column(s) skillgraph does not know, not read: " + ", ".join(undocumented)
            )


def _newest_first(date: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        return None


class _Ids:
    """The rows of a table keyed by a concept URI: each id once, a repeat resolved.

    A repeated id keeps its newest row (by ``modifiedDate``; without one, or on a tie,
    the later line). Repeats that differ only in ``modifiedDate`` are summed up in one
    note; the others get a note each, naming both lines and the columns that differ.
    More than max(10, 1 %) repeated rows, or an id that is not a URI, is an error.
    """

    def __init__(self, files: SourceFiles, table: Table, what: str) -> None:
        self.files = files
        self.table = table
        self.what = what
        self.member = files.find(table)
        self.display = self.member.display
        self.lines: dict[str, int] = {}
        self.values: dict[str, dict[str, str]] = {}
        self.same: list[tuple[str, int, int]] = []  # (uri, first line, later line)
        self.conflicts: list[str] = []

    def rows(self) -> Iterable[tuple[str, Row, bool]]:
        """(uri, row, replaces) of the rows to keep: the first row of each id, and a repeat
        when it is newer (``replaces`` True: it overwrites the one kept so far)."""
        count = 0
        for row in self.files.read(self.table):
            count += 1
            uri = _require(row["conceptUri"], self.display, row.line, "conceptUri", self.what)
            if not _URI.match(uri):
                raise DataFormatError(
                    self.display,
                    "not a concept URI",
                    line=row.line,
                    column="conceptUri",
                    expected=f"{self.what} (http://data.europa.eu/esco/…)",
                    found=repr(uri[:80]),
                )
            if uri not in self.lines:
                self.lines[uri] = row.line
                self.values[uri] = row.values
                yield uri, row, False
                continue
            if self._repeat(uri, row):
                yield uri, row, True
        repeats = len(self.same) + len(self.conflicts)
        if repeats > max(_MAX_REPEATS[0], _MAX_REPEATS[1] * count):
            first = (self.same or [("", 0, 0)])[0]
            raise DataFormatError(
                self.display,
                f"{repeats:,} of {count:,} rows repeat an id"
                + (f" (first: {first[0]} at lines {first[1]} and {first[2]})" if first[0] else ""),
                column="conceptUri",
                expected="each id once (a few repeats at most): is this the file as published?",
            )

    def _repeat(self, uri: str, row: Row) -> bool:
        first_line, first = self.lines[uri], self.values[uri]
        differ = [c for c in (*self.table.required, *self.table.optional) if c != "modifiedDate" and first.get(c, "") != row[c]]
        old, new = _newest_first(first.get("modifiedDate", "")), _newest_first(row["modifiedDate"])
        newer = old is None or new is None or new >= old
        kept = row.line if newer else first_line
        if differ:
            shown = ", ".join(f"{c} {first.get(c, '')[:40]!r} / {row[c][:40]!r}" for c in differ[:2])
            self.conflicts.append(
                f"{self.display}: {uri} appears at lines {first_line} and {row.line} with different content "
                f"({shown}{' …' if len(differ) > 2 else ''}); kept line {kept}"
                f"{' (the newer modifiedDate)' if old and new and old != new else ' (the later line)'}"
            )
        else:
            self.same.append((uri, first_line, row.line))
        if newer:
            self.lines[uri], self.values[uri] = row.line, row.values
        return newer

    def notes(self) -> list[str]:
        """The repeats found by :meth:`rows`, as load notes."""
        out = []
        if self.same:
            shown = "; ".join(f"{u} (lines {a} and {b})" for u, a, b in self.same[:5])
            out.append(
                f"{self.display}: {len(self.same)} id(s) appear twice, the rows the same except modifiedDate; "
                f"the newest row of each is kept: {shown}{' …' if len(self.same) > 5 else ''}"
            )
        out.extend(self.conflicts[:10])
        if len(self.conflicts) > 10:
            out.append(f"{self.display}: {len(self.conflicts) - 10} more ids appear twice with different content")
        return out


def _require(value: str, display: str, line: int, column: str, expected: str) -> str:
    if not value:
        raise DataFormatError(display, "empty value", line=line, column=column, expected=expected)
    return value


def _read_isco_groups(files: SourceFiles, report: LoadReport) -> dict[str, tuple[str, str, str]]:
    ids = _Ids(files, ISCO_GROUPS, "an ISCO group URI")
    out: dict[str, tuple[str, str, str]] = {}
    for uri, row, _ in ids.rows():
        code = row["code"]
        if not code.isdigit() or len(code) > 4:
            raise DataFormatError(
                ids.display,
                "not an ISCO-08 code",
                line=row.line,
                column="code",
                expected="1 to 4 digits",
                found=repr(code),
            )
        out[uri] = (code, row["preferredLabel"], row["description"])
    report.rows_read[ISCO_GROUPS.title] = len(out)
    report.notes.extend(ids.notes())
    return out


def _read_skill_groups(files: SourceFiles, report: LoadReport) -> dict[str, dict[str, str]]:
    ids = _Ids(files, SKILL_GROUPS, "a skill group URI")
    out: dict[str, dict[str, str]] = {}
    for uri, row, _ in ids.rows():
        out[uri] = {"label": row["preferredLabel"], "code": row["code"], "description": row["description"]}
    report.rows_read[SKILL_GROUPS.title] = len(out)
    report.notes.extend(ids.notes())
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
    ids = _Ids(files, SKILLS, "a skill URI")
    display = ids.display
    out: dict[str, dict] = {}
    for uri, row, _ in ids.rows():
        skill_type = row["skillType"]
        if skill_type not in _SKILL_TYPES:
            raise DataFormatError(
                display,
                "unknown skill type",
                line=row.line,
                column="skillType",
                expected="skill/competence, knowledge or empty",
                found=repr(skill_type),
            )
        reuse = row["reuseLevel"]
        if reuse not in _REUSE_LEVELS:
            raise DataFormatError(
                display,
                "unknown reuse level",
                line=row.line,
                column="reuseLevel",
                expected="transversal, cross-sector, sector-specific, occupation-specific or empty",
                found=repr(reuse),
            )
        out[uri] = {
            "label": _require(row["preferredLabel"], display, row.line, "preferredLabel", "a label"),
            "type": skill_type,
            "reuse": reuse,
            "description": row["description"],
            "alt": split_labels(row["altLabels"]),
        }
    report.rows_read[SKILLS.title] = len(out)
    report.notes.extend(ids.notes())
    return out


def _read_occupations(files: SourceFiles, isco: dict[str, tuple[str, str, str]], report: LoadReport) -> dict[str, dict]:
    ids = _Ids(files, OCCUPATIONS, "an occupation URI")
    display = ids.display
    out: dict[str, dict] = {}
    isco_codes = {code for code, _, _ in isco.values()}
    unknown_isco: dict[str, str] = {}
    rows = 0
    for uri, row, _ in ids.rows():
        rows += 1
        isco_code = row["iscoGroup"]
        if isco_code and (not isco_code.isdigit() or len(isco_code) != 4):
            raise DataFormatError(
                display,
                "not an ISCO-08 unit group code",
                line=row.line,
                column="iscoGroup",
                expected="4 digits",
                found=repr(isco_code),
            )
        if isco_code and isco_code not in isco_codes:
            unknown_isco[uri] = f"{uri} ({isco_code})"
        else:
            unknown_isco.pop(uri, None)
        out[uri] = {
            "label": _require(row["preferredLabel"], display, row.line, "preferredLabel", "a label"),
            "alt": split_labels(row["altLabels"]),
            "description": row["description"],
            "code": row["code"],
            "isco": isco_code,
        }
    report.rows_read[OCCUPATIONS.title] = len(out)
    report.notes.extend(ids.notes())
    if unknown_isco:
        shown = list(unknown_isco.values())
        report.notes.append(
            f"{len(shown)} occupation(s) name an ISCO group missing from ISCOGroups_en "
            f"(kept, without the group link): {', '.join(shown[:3])}"
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


def _read_skill_relations(files: SourceFiles, skills: dict[str, dict], edges: list[Edge], report: LoadReport) -> None:
    """RELATED edges from skillSkillRelations (a skill and the knowledge or skills it goes
    with, essential or optional): coverage counts them as related skills. The file is
    optional — a package without it gives a graph without these edges and a note."""
    if not files.has(SKILL_RELATIONS):
        report.notes.append("ESCO skill–skill relations not in the package: related skills come from the hierarchy alone")
        return
    member = files.find(SKILL_RELATIONS)
    seen: set[tuple[str, str]] = set()
    rows = 0
    for row in files.read(SKILL_RELATIONS):
        rows += 1
        origin, related = row["originalSkillUri"], row["relatedSkillUri"]
        relation = row["relationType"]
        if relation not in ("essential", "optional"):
            raise DataFormatError(
                f"{member.display}, line {row.line}, column relationType: expected essential or optional, found {relation!r}"
            )
        if origin not in skills or related not in skills:
            report.skip("skill–skill relation names an unknown concept", f"{member.display}, line {row.line}")
            continue
        if origin == related or (origin, related) in seen:
            report.skip("repeated or self skill–skill relation", f"{member.display}, line {row.line}")
            continue
        seen.add((origin, related))
        edges.append(Edge(origin, related, EdgeKind.RELATED, {"relation": relation}))
    report.rows_read[SKILL_RELATIONS.title] = rows


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
