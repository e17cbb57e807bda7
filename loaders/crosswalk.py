"""ESCO → O*NET crosswalks: the official one (ESCO Secretariat with the U.S. Department of
Labor, Sep 2022) and Nesta's (Nov 2020), used alone or together.

**Official** (``raw_crosswalk_esco_onet.csv``, as distributed: 16 lines of metadata, then
the header): O*NET-SOC **2019** codes ↔ ESCO v1.1.0 occupation URIs, or ISCO groups, each
row with its SKOS type of match. An O*NET occupation maps to several ESCO occupations
(4,253 rows, 2,609 ESCO URIs, 940 O*NET codes). The type of match becomes a confidence on
Nesta's scale (:data:`MATCH_CONFIDENCE`); the file speaks from the O*NET side, so
``broadMatch`` means the O*NET occupation is the broader one (the ESCO role is a
specialisation of it: O*NET's job zone, tasks and technologies describe it well, if
generally) and ``narrowMatch`` that it is narrower (it covers only part of the ESCO role).
A row naming an ISCO group (``exactISCO``) maps the ESCO occupations of that group that
have no other match.

**Nesta** (``esco_onet_crosswalk_Nov2020.csv``): 1,680 ESCO occupations (those directly
under ISCO unit groups) to one O*NET-SOC **2010** code each, with a confidence of 0.5, 1
or 2 (2 = highest), carried to 2019 codes through O*NET's 2010 → 2019 crosswalk (some
codes split; every resulting code becomes a mapping).

Which is used is the user's choice (:data:`CROSSWALK_SOURCES`; ``SKILLGRAPH_CROSSWALK``,
``skillgraph load --crosswalk-source``): ``official``, ``nesta`` or ``both`` (the
default: the official mappings of an ESCO occupation, Nesta's for those it does not map).
Narrower ESCO occupations without a mapping of their own inherit the mapping of their
nearest mapped broader occupation (:func:`inherit_mappings`), marked ``inherited=True``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillgraph.graph.errors import DataFormatError, DataNotFoundError
from skillgraph.graph.settings import CROSSWALK_SOURCES
from skillgraph.loaders.onet import SOC_CODE
from skillgraph.loaders.records import LoadReport
from skillgraph.loaders.tables import SourceFiles, Table

__all__ = [
    "OnetMapping",
    "IscoMapping",
    "CrosswalkData",
    "load_crosswalk",
    "inherit_mappings",
    "ESCO_ONET",
    "SOC_2010_2019",
    "OFFICIAL",
    "CROSSWALK_SOURCES",
    "DEFAULT_CROSSWALK_SOURCE",
    "MATCH_CONFIDENCE",
    "CROSSWALK_NAMES",
]

ESCO_ONET = Table(
    "ESCO–O*NET crosswalk",
    ("esco_onet_crosswalk_Nov2020.csv",),
    required=("concept_uri", "onet_code", "confidence"),
    optional=("esco_occupation", "onet_occupation", "isco_code"),
    ignored=("id", "matching_job_titles", "semantic_similarity"),
)
SOC_2010_2019 = Table(
    "O*NET-SOC 2010 to 2019 crosswalk",
    ("onet-soc-2010_to_2019_Crosswalk.csv", "2010_to_2019_Crosswalk.csv"),
    required=("O*NET-SOC 2010 Code", "O*NET-SOC 2019 Code"),
    optional=("O*NET-SOC 2010 Title", "O*NET-SOC 2019 Title"),
)
OFFICIAL = Table(
    "official ESCO–O*NET crosswalk",
    # As it came with the MELO benchmark, and as that repository names it.
    ("raw_crosswalk_esco_onet.csv", "crosswalk_esco_onet.csv"),
    required=("O*NET Id", "ESCO or ISCO URI", "Type of Match"),
    optional=("O*NET Title", "ESCO or ISCO Title"),
    ignored=("O*NET Description", "ESCO or ISCO Description"),
    preamble=16,
)

#: The official crosswalk maps more ESCO occupations directly (2,609 against 1,680) and was
#: validated by both publishers; Nesta's still maps some it leaves out.
DEFAULT_CROSSWALK_SOURCE = "both"
#: Names shown in versions and notes.
CROSSWALK_NAMES = {
    "official": "official EC/USDOL Sep 2022",
    "nesta": "Nesta Nov 2020 + O*NET-SOC 2010→2019",
}

#: The official type of match → a confidence on Nesta's scale (0.5, 1, 2; 2 = highest).
MATCH_CONFIDENCE = {
    "exactMatch": 2.0,
    "closeMatch": 1.0,
    "broadMatch": 1.0,  # O*NET's occupation is broader: the ESCO role is one of its specialisations
    "narrowMatch": 0.5,  # O*NET's occupation is narrower: it covers part of the ESCO role
    "exactISCO": 0.5,  # a whole ISCO group: applied to its ESCO occupations that have no other match
}
_NESTA_CONFIDENCES = {0.5, 1.0, 2.0}
_ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"
_ESCO_ISCO = "http://data.europa.eu/esco/isco/C"


@dataclass(frozen=True, slots=True)
class OnetMapping:
    """One ESCO occupation → O*NET-SOC 2019 occupation mapping.

    ``crosswalk`` is ``official`` or ``nesta``; ``match`` the official type of match
    (empty for Nesta's rows); ``soc2010`` Nesta's original code. An inherited mapping
    names where it comes from: a broader ESCO occupation, or the ISCO group of an
    ``exactISCO`` row.
    """

    esco_id: str
    onet_code: str
    confidence: float
    soc2010: str = ""
    inherited: bool = False
    inherited_from: str = ""
    crosswalk: str = "nesta"
    match: str = ""


@dataclass(frozen=True, slots=True)
class IscoMapping:
    """An official row that maps an O*NET occupation to a whole ISCO group."""

    isco_id: str
    isco_code: str
    onet_code: str
    confidence: float


@dataclass
class CrosswalkData:
    """Direct mappings from the crosswalk files, before inheritance."""

    mappings: list[OnetMapping]
    report: LoadReport
    isco: list[IscoMapping] = field(default_factory=list)
    read: tuple[str, ...] = ()  # the crosswalks read: "official", "nesta"
    source: str = DEFAULT_CROSSWALK_SOURCE


def load_crosswalk(paths: Sequence[Path], *, source: str = DEFAULT_CROSSWALK_SOURCE) -> CrosswalkData:
    """Read the crosswalk files in ``paths`` (files or folders) that ``source`` asks for.

    ``official`` needs the official file, ``nesta`` Nesta's file and the O*NET-SOC 2010 →
    2019 crosswalk; ``both`` reads whichever of the two is there (at least one). Codes
    are checked for shape; mapping to ids that exist in the loaded graph happens in the
    build step.

    Raises
    ------
    DataNotFoundError
        A crosswalk the choice needs is not among ``paths``.
    DataFormatError
        A file does not have the published shape.
    """
    if source not in CROSSWALK_SOURCES:
        raise ValueError(f"crosswalk source {source!r}; use one of {', '.join(CROSSWALK_SOURCES)}")
    files = SourceFiles(paths, what="crosswalk files")
    report = LoadReport()
    has_official, has_nesta = files.has(OFFICIAL), files.has(ESCO_ONET)
    if source == "official" and not has_official:
        files.find(OFFICIAL)  # raises, naming the file and listing what is there
    if source == "nesta" and not has_nesta:
        files.find(ESCO_ONET)
    if source == "both" and not (has_official or has_nesta):
        raise DataNotFoundError(
            f"crosswalk files: neither {OFFICIAL.names[0]} (official) nor {ESCO_ONET.names[0]} (Nesta) found in "
            f"{', '.join(map(str, paths))}; found: {', '.join(files.names()) or 'no files'}"
        )
    mappings: list[OnetMapping] = []
    isco: list[IscoMapping] = []
    read: list[str] = []
    with files.reading():
        if has_official and source in ("official", "both"):
            mappings.extend(_read_official(files, report, isco))
            read.append("official")
        if has_nesta and source in ("nesta", "both"):
            mappings.extend(_read_nesta(files, report))
            read.append("nesta")
    report.notes.extend(files.notes())
    return CrosswalkData(mappings, report, isco, tuple(read), source)


def _read_official(files: SourceFiles, report: LoadReport, isco: list[IscoMapping]) -> list[OnetMapping]:
    member = files.find(OFFICIAL)
    display = member.display
    out: list[OnetMapping] = []
    seen: set[tuple[str, str]] = set()
    rows = 0
    for row in files.read(OFFICIAL):
        rows += 1
        code, uri, match = row["O*NET Id"], row["ESCO or ISCO URI"], row["Type of Match"]
        if not SOC_CODE.match(code):
            raise DataFormatError(
                display,
                "not an O*NET-SOC code",
                line=row.line,
                column="O*NET Id",
                expected="a code like 15-1299.09",
                found=repr(code),
            )
        confidence = MATCH_CONFIDENCE.get(match)
        if confidence is None:
            raise DataFormatError(
                display,
                "not a type of match",
                line=row.line,
                column="Type of Match",
                expected=", ".join(MATCH_CONFIDENCE),
                found=repr(match),
            )
        is_isco = uri.startswith(_ESCO_ISCO) and uri[len(_ESCO_ISCO) :].isdigit()
        if not (uri.startswith(_ESCO_OCCUPATION) and len(uri) > len(_ESCO_OCCUPATION)) and not is_isco:
            raise DataFormatError(
                display,
                "not an ESCO occupation or ISCO group URI",
                line=row.line,
                column="ESCO or ISCO URI",
                expected=f"{_ESCO_OCCUPATION}… or {_ESCO_ISCO}<code>",
                found=repr(uri[:80]),
            )
        if (match == "exactISCO") != is_isco:
            raise DataFormatError(
                display,
                "the type of match does not fit the URI",
                line=row.line,
                column="Type of Match",
                expected="exactISCO for an ISCO group, another type for an ESCO occupation",
                found=f"{match} for {uri[:80]}",
            )
        if (code, uri) in seen:
            report.skip("official crosswalk row repeats an O*NET–ESCO pair", f"{display}, line {row.line}")
            continue
        seen.add((code, uri))
        if is_isco:
            isco.append(IscoMapping(uri, uri[len(_ESCO_ISCO) :], code, confidence))
        else:
            out.append(OnetMapping(uri, code, confidence, crosswalk="official", match=match))
    report.rows_read[OFFICIAL.title] = rows
    return out


def _read_nesta(files: SourceFiles, report: LoadReport) -> list[OnetMapping]:
    soc_member = files.find(SOC_2010_2019)
    to_2019: dict[str, list[str]] = defaultdict(list)
    rows = 0
    for row in files.read(SOC_2010_2019):
        rows += 1
        old, new = row["O*NET-SOC 2010 Code"], row["O*NET-SOC 2019 Code"]
        for column, code in (("O*NET-SOC 2010 Code", old), ("O*NET-SOC 2019 Code", new)):
            if not SOC_CODE.match(code):
                raise DataFormatError(
                    soc_member.display,
                    "not an O*NET-SOC code",
                    line=row.line,
                    column=column,
                    expected="a code like 15-1299.09",
                    found=repr(code),
                )
        if new not in to_2019[old]:
            to_2019[old].append(new)
    report.rows_read[SOC_2010_2019.title] = rows

    member = files.find(ESCO_ONET)
    mappings: list[OnetMapping] = []
    seen: dict[str, int] = {}
    rows = 0
    for row in files.read(ESCO_ONET):
        rows += 1
        uri, code = row["concept_uri"], row["onet_code"]
        if not uri.startswith("http"):
            raise DataFormatError(
                member.display,
                "not an ESCO concept URI",
                line=row.line,
                column="concept_uri",
                expected="http://data.europa.eu/esco/occupation/…",
                found=repr(uri),
            )
        if not SOC_CODE.match(code):
            raise DataFormatError(
                member.display,
                "not an O*NET-SOC code",
                line=row.line,
                column="onet_code",
                expected="a code like 15-1199.09",
                found=repr(code),
            )
        try:
            confidence = float(row["confidence"])
        except ValueError:
            confidence = -1.0
        if confidence not in _NESTA_CONFIDENCES:
            raise DataFormatError(
                member.display,
                "not a crosswalk confidence",
                line=row.line,
                column="confidence",
                expected="0.5, 1 or 2",
                found=repr(row["confidence"]),
            )
        if uri in seen:
            raise DataFormatError(
                member.display,
                f"ESCO occupation mapped twice (first at line {seen[uri]})",
                line=row.line,
                column="concept_uri",
                expected="one row per ESCO occupation",
            )
        seen[uri] = row.line
        new_codes = to_2019.get(code)
        if not new_codes:
            report.skip(
                "crosswalk O*NET-SOC 2010 code not in the 2010→2019 crosswalk", f"{member.display}, line {row.line}: {code}"
            )
            continue
        for new in new_codes:
            mappings.append(OnetMapping(uri, new, confidence, code))
    report.rows_read[ESCO_ONET.title] = rows
    return mappings


def inherit_mappings(
    direct: Iterable[OnetMapping],
    broader: Mapping[str, Sequence[str]],
    occupations: Iterable[str],
) -> list[OnetMapping]:
    """Direct mappings plus those inherited by narrower occupations.

    Parameters
    ----------
    direct : iterable of OnetMapping
        Mappings read from the crosswalk (already restricted to known ids).
    broader : mapping of str to sequence of str
        ESCO occupation id → its broader occupation ids (occupations only, not ISCO groups).
    occupations : iterable of str
        Every ESCO occupation id.

    Examples
    --------
    >>> m = [OnetMapping("a", "15-1299.09", 2.0, "15-1199.09")]
    >>> [(x.esco_id, x.inherited_from) for x in inherit_mappings(m, {"b": ["a"], "c": ["b"]}, ["a", "b", "c"])]
    [('a', ''), ('b', 'a'), ('c', 'a')]
    """
    by_id: dict[str, list[OnetMapping]] = defaultdict(list)
    for mapping in direct:
        by_id[mapping.esco_id].append(mapping)
    resolved: dict[str, tuple[str, list[OnetMapping]]] = {k: ("", v) for k, v in by_id.items()}

    def resolve(uri: str, visiting: set[str]) -> tuple[str, list[OnetMapping]]:
        if uri in resolved:
            return resolved[uri]
        found: tuple[str, list[OnetMapping]] = ("", [])
        visiting.add(uri)
        for parent in broader.get(uri, ()):
            if parent in visiting:
                continue
            origin, maps = resolve(parent, visiting)
            if maps:
                found = (origin or parent, maps)
                break
        visiting.discard(uri)
        resolved[uri] = found
        return found

    out: list[OnetMapping] = []
    for uri in occupations:
        origin, maps = resolve(uri, set())
        for mapping in maps:
            if origin:
                out.append(dataclasses.replace(mapping, esco_id=uri, inherited=True, inherited_from=origin))
            else:
                out.append(mapping)
    return out
