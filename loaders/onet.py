"""O*NET database text release (folder or ``db_XX_X_text.zip``) → occupations, technologies,
O*NET skill and knowledge elements.

Files are tab-separated with a header; values are read with the csv module (tab delimiter,
default quoting) because one Tools Used value is CSV-quoted. Required: Occupation Data.
Used when present: Alternate Titles, Technology Skills, Tools Used, Job Zones, Skills,
Knowledge, Task Statements, Interests, Education Training and Experience (+ its
categories), Content Model Reference (names of the skill and knowledge groups).

Decisions worth knowing:

* An O*NET Skills / Knowledge element becomes a ``Skill`` / ``Knowledge`` node with id
  ``onet:<element id>`` and a REQUIRES edge carrying ``importance`` (IM, 1–5) and
  ``level`` (LV, 0–7). ``relation`` is ``essential`` when importance ≥ 3.0 — the
  "important" cut-off O*NET OnLine uses (50 on its 0–100 scale) — else ``optional``.
* Technology and tool examples become ``Technology`` nodes with ids
  ``onet:software:<example>`` / ``onet:tool:<example>``; ``hot`` and ``in_demand`` sit on
  the USES edge (in demand is per occupation), ``hot`` also on the node.
* The typical education of an occupation is the Required Level of Education category
  that the largest share of respondents reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from skillgraph.graph.errors import DataFormatError
from skillgraph.graph.model import INTEREST_AREAS, Concept, EdgeKind, NodeKind, Occupation, SkillGroup, Source, Technology
from skillgraph.loaders.records import Edge, LoadReport, SourceData
from skillgraph.loaders.tables import SourceFiles, Table

__all__ = ["load_onet", "ONET_TABLES", "IMPORTANT_THRESHOLD", "SOC_CODE"]

#: O*NET OnLine lists an element as important from importance 3.0 (50 on 0–100).
IMPORTANT_THRESHOLD = 3.0

SOC_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_CODE = "O*NET-SOC Code"


def _t(title: str, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Table:
    return Table(title, (name,), required=(_CODE, *required), optional=optional, delimiter="\t")


OCCUPATION_DATA = _t("O*NET Occupation Data", "Occupation Data.txt", ("Title",), ("Description",))
ALTERNATE_TITLES = _t("O*NET Alternate Titles", "Alternate Titles.txt", ("Alternate Title",), ("Short Title",))
TECHNOLOGY_SKILLS = _t(
    "O*NET Technology Skills",
    "Technology Skills.txt",
    ("Example", "Commodity Code", "Commodity Title", "Hot Technology"),
    ("In Demand",),
)
TOOLS_USED = _t("O*NET Tools Used", "Tools Used.txt", ("Example", "Commodity Code", "Commodity Title"))
JOB_ZONES = _t("O*NET Job Zones", "Job Zones.txt", ("Job Zone",))
SKILLS = _t("O*NET Skills", "Skills.txt", ("Element ID", "Element Name", "Scale ID", "Data Value"))
KNOWLEDGE = _t("O*NET Knowledge", "Knowledge.txt", ("Element ID", "Element Name", "Scale ID", "Data Value"))
TASKS = _t("O*NET Task Statements", "Task Statements.txt", ("Task",), ("Task Type", "Task ID"))
INTERESTS = _t("O*NET Interests", "Interests.txt", ("Element Name", "Scale ID", "Data Value"))
EDUCATION = _t(
    "O*NET Education, Training, and Experience",
    "Education, Training, and Experience.txt",
    ("Element ID", "Scale ID", "Category", "Data Value"),
)
EDUCATION_CATEGORIES = Table(
    "O*NET Education, Training, and Experience Categories",
    ("Education, Training, and Experience Categories.txt",),
    required=("Element ID", "Scale ID", "Category", "Category Description"),
    delimiter="\t",
)
CONTENT_MODEL = Table(
    "O*NET Content Model Reference",
    ("Content Model Reference.txt",),
    required=("Element ID", "Element Name"),
    optional=("Description",),
    delimiter="\t",
)

ONET_TABLES = (
    OCCUPATION_DATA,
    ALTERNATE_TITLES,
    TECHNOLOGY_SKILLS,
    TOOLS_USED,
    JOB_ZONES,
    SKILLS,
    KNOWLEDGE,
    TASKS,
    INTERESTS,
    EDUCATION,
)

_YN = {"Y": True, "N": False, "": False}


def load_onet(paths: Sequence[Path]) -> SourceData:
    """Read an O*NET text release (folder or zip).

    Returns
    -------
    SourceData
        Occupation, Concept (O*NET skill/knowledge elements), SkillGroup and Technology
        records; REQUIRES and USES edges; a report of what was read and skipped.
    """
    files = SourceFiles(paths, what="O*NET release")
    with files.reading():
        data = _load(files, paths)
    data.report.notes.extend(files.notes())
    return data


def _load(files: SourceFiles, paths: Sequence[Path]) -> SourceData:
    data = SourceData("O*NET", _guess_version(paths, files))
    report = data.report
    occupations = _read_occupations(files, report)
    _read_alternate_titles(files, occupations, report)
    _read_job_zones(files, occupations, report)
    _read_tasks(files, occupations, report)
    _read_interests(files, occupations, report)
    _read_education(files, occupations, report)

    names = _read_content_model(files)
    concepts: dict[str, Concept] = {}
    groups: dict[str, SkillGroup] = {}
    essential: Counter[str] = Counter()
    for table, kind in ((SKILLS, NodeKind.SKILL), (KNOWLEDGE, NodeKind.KNOWLEDGE)):
        if files.has(table):
            data.edges.extend(_read_elements(files, table, kind, occupations, concepts, groups, names, essential, report))

    technologies: dict[str, Technology] = {}
    for table, category in ((TECHNOLOGY_SKILLS, "software"), (TOOLS_USED, "tool")):
        if files.has(table):
            data.edges.extend(_read_technologies(files, table, category, occupations, technologies, report))

    for code, occ in occupations.items():
        occ["essential_count"] = essential.get(code, 0)
        data.nodes.append(Occupation(**occ))
    data.nodes.extend(groups.values())
    data.nodes.extend(concepts.values())
    data.nodes.extend(technologies.values())
    return data


def _guess_version(paths: Sequence[Path], files: SourceFiles) -> str:
    for path in paths:
        match = re.search(r"db_(\d+)_(\d+)", str(path)) or re.search(r"onet-(\d+)\.(\d+)", str(path))
        if match:
            return f"{match.group(1)}.{match.group(2)}"
    return "unknown"


_VALID_CODES: set[str] = set()  # codes already checked (a release has ~1,000, read 300,000 times)


def _code(row, display: str) -> str:
    code = row[_CODE]
    if code in _VALID_CODES:
        return code
    if SOC_CODE.match(code):
        _VALID_CODES.add(code)
        return code
    raise DataFormatError(
        display,
        "not an O*NET-SOC code",
        line=row.line,
        column=_CODE,
        expected="a code like 15-1299.09",
        found=repr(code),
    )


def _number(row, column: str, display: str) -> float:
    value = row[column]
    try:
        return float(value)
    except ValueError:
        raise DataFormatError(
            display, "not a number", line=row.line, column=column, expected="a decimal number", found=repr(value)
        ) from None


def _read_occupations(files: SourceFiles, report: LoadReport) -> dict[str, dict]:
    member = files.find(OCCUPATION_DATA)
    out: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for row in files.read(OCCUPATION_DATA):
        code = _code(row, member.display)
        if code in seen:
            raise DataFormatError(
                member.display,
                f"duplicated O*NET-SOC code {code!r} (first at line {seen[code]})",
                line=row.line,
                column=_CODE,
                expected="each code once",
            )
        seen[code] = row.line
        title = row["Title"]
        if not title:
            raise DataFormatError(member.display, "empty value", line=row.line, column="Title", expected="a title")
        out[code] = {
            "id": code,
            "label": title,
            "source": Source.ONET,
            "description": row["Description"],
            "code": code,
            "alt_labels": (),
            "tasks": (),
            "interests": (),
        }
    report.rows_read[OCCUPATION_DATA.title] = len(out)
    return out


def _rows_for_known(files: SourceFiles, table: Table, occupations: dict[str, dict], report: LoadReport):
    """Rows of ``table`` whose occupation exists; others are skipped and counted."""
    member = files.find(table)
    count = 0
    for row in files.read(table):
        count += 1
        code = _code(row, member.display)
        if code not in occupations:
            report.skip(
                f"{table.title} row names an O*NET-SOC code not in Occupation Data", f"{member.display}, line {row.line}: {code}"
            )
            continue
        yield code, row, member.display
    report.rows_read[table.title] = count


def _read_alternate_titles(files: SourceFiles, occupations: dict[str, dict], report: LoadReport) -> None:
    if not files.has(ALTERNATE_TITLES):
        return
    titles: dict[str, dict[str, None]] = defaultdict(dict)
    for code, row, _ in _rows_for_known(files, ALTERNATE_TITLES, occupations, report):
        for title in (row["Alternate Title"], row["Short Title"]):
            if title and title != occupations[code]["label"]:
                titles[code].setdefault(title, None)
    for code, found in titles.items():
        occupations[code]["alt_labels"] = tuple(found)


def _read_job_zones(files: SourceFiles, occupations: dict[str, dict], report: LoadReport) -> None:
    if not files.has(JOB_ZONES):
        return
    for code, row, display in _rows_for_known(files, JOB_ZONES, occupations, report):
        value = row["Job Zone"]
        if value not in {"1", "2", "3", "4", "5"}:
            raise DataFormatError(
                display, "not a job zone", line=row.line, column="Job Zone", expected="1 to 5", found=repr(value)
            )
        occupations[code]["job_zone"] = int(value)
        occupations[code]["job_zone_source"] = code


def _read_tasks(files: SourceFiles, occupations: dict[str, dict], report: LoadReport) -> None:
    if not files.has(TASKS):
        return
    order = {"Core": 0, "Supplemental": 1}
    tasks: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for code, row, _ in _rows_for_known(files, TASKS, occupations, report):
        if row["Task"]:
            tasks[code].append((order.get(row["Task Type"], 2), row.line, row["Task"]))
    for code, found in tasks.items():
        occupations[code]["tasks"] = tuple(text for _, _, text in sorted(found))


def _read_interests(files: SourceFiles, occupations: dict[str, dict], report: LoadReport) -> None:
    if not files.has(INTERESTS):
        return
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for code, row, display in _rows_for_known(files, INTERESTS, occupations, report):
        if row["Scale ID"] == "OI" and row["Element Name"] in INTEREST_AREAS:
            scores[code][row["Element Name"]] = _number(row, "Data Value", display)
    for code, found in scores.items():
        if len(found) == len(INTEREST_AREAS):
            occupations[code]["interests"] = tuple(found[area] for area in INTEREST_AREAS)


def _read_education(files: SourceFiles, occupations: dict[str, dict], report: LoadReport) -> None:
    if not files.has(EDUCATION):
        return
    labels: dict[str, str] = {}
    if files.has(EDUCATION_CATEGORIES):
        for row in files.read(EDUCATION_CATEGORIES):
            if row["Element ID"] == "2.D.1" and row["Scale ID"] == "RL":
                # "Bachelor's Degree", not the long definition after " - ".
                labels[row["Category"]] = row["Category Description"].split(" - ")[0].strip()
    best: dict[str, tuple[float, int]] = {}
    for code, row, display in _rows_for_known(files, EDUCATION, occupations, report):
        if row["Element ID"] != "2.D.1" or row["Scale ID"] != "RL":
            continue
        share = _number(row, "Data Value", display)
        category = int(_number(row, "Category", display))
        current = best.get(code)
        # Ties go to the lower level: "typical" should not overstate what is asked.
        if current is None or share > current[0]:
            best[code] = (share, category)
    for code, (share, category) in best.items():
        occupations[code]["education"] = labels.get(str(category), f"education category {category}")
        occupations[code]["education_share"] = share


def _read_content_model(files: SourceFiles) -> dict[str, str]:
    if not files.has(CONTENT_MODEL):
        return {}
    return {row["Element ID"]: row["Element Name"] for row in files.read(CONTENT_MODEL)}


def _read_elements(
    files: SourceFiles,
    table: Table,
    kind: NodeKind,
    occupations: dict[str, dict],
    concepts: dict[str, Concept],
    groups: dict[str, SkillGroup],
    names: dict[str, str],
    essential: Counter[str],
    report: LoadReport,
) -> list[Edge]:
    values: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for code, row, display in _rows_for_known(files, table, occupations, report):
        scale = row["Scale ID"]
        if scale not in {"IM", "LV"}:
            continue
        element = row["Element ID"]
        concept_id = f"onet:{element}"
        if concept_id not in concepts:
            group = element.rsplit(".", 1)[0]
            group_id = f"onet:{group}"
            if group_id not in groups:
                groups[group_id] = SkillGroup(group_id, names.get(group, group), Source.ONET, group, level=group.count("."))
            concepts[concept_id] = Concept(
                id=concept_id,
                label=row["Element Name"],
                source=Source.ONET,
                node_kind=kind,
                skill_type="knowledge" if kind == NodeKind.KNOWLEDGE else "skill",
                group_id=group_id,
                group_path=(group_id,),
            )
        values[(code, concept_id)][scale] = _number(row, "Data Value", display)
    edges = []
    for (code, concept_id), found in values.items():
        importance = found.get("IM")
        if importance is None:
            report.skip(f"{table.title}: element without an importance (IM) value", f"{code} {concept_id}")
            continue
        relation = "essential" if importance >= IMPORTANT_THRESHOLD else "optional"
        if relation == "essential":
            essential[code] += 1
        edges.append(
            Edge(
                code,
                concept_id,
                EdgeKind.REQUIRES,
                {"relation": relation, "importance": importance, "level": found.get("LV")},
            )
        )
    return edges


def _read_technologies(
    files: SourceFiles,
    table: Table,
    category: str,
    occupations: dict[str, dict],
    technologies: dict[str, Technology],
    report: LoadReport,
) -> list[Edge]:
    edges: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    commodities: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    hot_any: dict[str, bool] = defaultdict(bool)
    for code, row, display in _rows_for_known(files, table, occupations, report):
        example = row["Example"]
        if not example:
            raise DataFormatError(display, "empty value", line=row.line, column="Example", expected="a technology name")
        tech_id = f"onet:{category}:{example}"
        if (code, tech_id) in seen:
            report.skip(f"{table.title}: the same example listed twice for an occupation", f"{display}, line {row.line}")
            continue
        seen.add((code, tech_id))
        hot_value = row.get("Hot Technology", "N")
        demand_value = row.get("In Demand", "N")
        for column, value in (("Hot Technology", hot_value), ("In Demand", demand_value)):
            if value not in _YN:
                raise DataFormatError(
                    display, "not a Y/N flag", line=row.line, column=column, expected="Y or N", found=repr(value)
                )
        hot = _YN[hot_value]
        commodities[tech_id][(row["Commodity Code"], row["Commodity Title"])] += 1
        hot_any[tech_id] |= hot
        edges.append(Edge(code, tech_id, EdgeKind.USES, {"hot": hot, "in_demand": _YN[demand_value]}))
    for tech_id, counts in commodities.items():
        (commodity_code, commodity_title), _ = counts.most_common(1)[0]
        technologies[tech_id] = Technology(
            id=tech_id,
            label=tech_id.split(":", 2)[2],
            source=Source.ONET,
            category=category,
            commodity_code=commodity_code,
            commodity_title=commodity_title,
            hot=hot_any[tech_id],
        )
    return edges
